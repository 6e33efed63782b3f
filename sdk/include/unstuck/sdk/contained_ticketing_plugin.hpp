#pragma once
//! A ticketing plugin made from a backend whose calls may throw: each call is contained as a rejection.
//!
//! ```
//! class MyTicketing : public unstuck::sdk::ContainedTicketingPlugin<MyClient> {
//!   public:
//!     explicit MyTicketing(const unstuck::sdk::HostServices& host)
//!         : ContainedTicketingPlugin("mybackend", MyConfig::from(host), *host.http) {}
//! };
//! UNSTUCK_TICKETING_PLUGIN(MyTicketing, "mybackend", "1.0.0", "Example Ltd")
//! ```

#include <string>
#include <string_view>
#include <utility>

#include "unstuck/sdk/contain.hpp"
#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::sdk {

//! Implements TicketingPlugin over a `Backend` with `file`, `find`, `state` and `attach` of the same
//! signatures that may throw; an exception becomes `rejected("<name>: <what>")`.
template <typename Backend>
class ContainedTicketingPlugin : public TicketingPlugin {
  public:
    //! Builds the backend from `args`; `name` prefixes every contained error (e.g. `zendesk`).
    template <typename... Args>
    explicit ContainedTicketingPlugin(std::string name, Args&&... args)
        : name_(std::move(name)), backend_(std::forward<Args>(args)...) {}

    //! Files through the backend.
    FileResult file(const DisputeRequest& request) noexcept override {
        return guarded<RemoteTicket>([&] { return backend_.file(request); });
    }
    //! Finds through the backend.
    FindResult find(std::string_view key) noexcept override {
        return guarded<RemoteTicket>([&] { return backend_.find(key); });
    }
    //! Reads the state through the backend.
    StateResult state(const RemoteTicket& ticket) noexcept override {
        return guarded<TicketState>([&] { return backend_.state(ticket); });
    }
    //! Attaches through the backend.
    AttachResult attach(const RemoteTicket& ticket, const EvidenceFile& file) noexcept override {
        return guarded<std::string>([&] { return backend_.attach(ticket, file); });
    }

  protected:
    //! The backend, for a plugin that adds capabilities of its own.
    Backend& backend() noexcept { return backend_; }

  private:
    template <typename T, typename Call>
    TicketingResult<T> guarded(Call&& call) noexcept {
        return contain(std::forward<Call>(call), [this](std::string_view what) {
            return TicketingResult<T>::rejected(name_ + ": " + std::string(what));
        });
    }

    std::string name_;
    Backend backend_;
};

}  // namespace unstuck::sdk
