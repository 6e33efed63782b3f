#include "store/store_sessions.hpp"

#include <Poco/Exception.h>

namespace unstuck::core {

StoreSessions::StoreSessions(std::string connector, std::string connection, std::size_t max_sessions,
                             Setup setup)
    : connector_(std::move(connector)),
      connection_(std::move(connection)),
      max_sessions_(max_sessions == 0 ? 1 : max_sessions),
      setup_(std::move(setup)) {}

StoreSessions::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), session_(other.session_), broken_(other.broken_) {}

StoreSessions::Lease::~Lease() {
    if (pool_) pool_->give_back(session_, broken_);
}

StoreSessions::Lease StoreSessions::acquire() {
    {
        std::unique_lock lock(mutex_);
        returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_sessions_; });
        if (!idle_.empty()) {
            Poco::Data::Session session = idle_.back();
            idle_.pop_back();
            return Lease(*this, std::move(session));
        }
        ++open_;  // reserve the place while opening outside the lock
    }
    try {
        Poco::Data::Session session(connector_, connection_);
        if (setup_) setup_(session);
        return Lease(*this, std::move(session));
    } catch (...) {
        std::lock_guard lock(mutex_);
        --open_;
        returned_.notify_one();
        throw;
    }
}

void StoreSessions::give_back(Poco::Data::Session session, bool broken) noexcept {
    bool keep = !broken;
    if (keep) {
        try {
            keep = session.isConnected();
        } catch (...) {
            keep = false;
        }
    }
    if (!keep) {
        try {
            session.close();
        } catch (...) {
        }
    }
    std::lock_guard lock(mutex_);
    if (keep)
        idle_.push_back(std::move(session));
    else
        --open_;
    returned_.notify_one();
}

}  // namespace unstuck::core
