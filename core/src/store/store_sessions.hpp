#pragma once
// Private: a blocking pool of Poco Data sessions to one database, each set up once when opened.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

namespace unstuck::core {

class StoreSessions {
  public:
    //! Runs on every new session before its first use (pragmas, session settings).
    using Setup = std::function<void(Poco::Data::Session&)>;

    //! Sessions of `connector` ("SQLite", "PostgreSQL") to `connection`, at most `max_sessions` at once.
    StoreSessions(std::string connector, std::string connection, std::size_t max_sessions, Setup setup);
    StoreSessions(const StoreSessions&) = delete;
    StoreSessions& operator=(const StoreSessions&) = delete;

    //! A session borrowed from the pool; goes back when destroyed.
    class Lease {
      public:
        Lease(StoreSessions& pool, Poco::Data::Session session)
            : pool_(&pool), session_(std::move(session)) {}
        Lease(Lease&& other) noexcept;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease& operator=(Lease&&) = delete;
        ~Lease();

        Poco::Data::Session& operator*() { return session_; }
        Poco::Data::Session* operator->() { return &session_; }
        //! The session is in an unknown state: close it rather than reuse it.
        void discard() noexcept { broken_ = true; }

      private:
        StoreSessions* pool_;
        Poco::Data::Session session_;
        bool broken_ = false;
    };

    //! An idle session, a new one while fewer than the maximum are open, else waits for one. Throws the
    //! connector's exception when a new session cannot be opened.
    Lease acquire();

  private:
    void give_back(Poco::Data::Session session, bool broken) noexcept;

    const std::string connector_;
    const std::string connection_;
    const std::size_t max_sessions_;
    const Setup setup_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<Poco::Data::Session> idle_;
    std::size_t open_ = 0;
};

}  // namespace unstuck::core
