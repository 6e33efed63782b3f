// The outbox ticketing plugin: disputes become folders a person files by hand in Seller Center.

#include <exception>

#include "ticketing/outbox/writer.hpp"
#include "unstuck/sdk/export.hpp"

namespace unstuck::ticketing::outbox {

//! A folder on disk as a ticketing backend; every call is contained so no exception leaves the module.
class OutboxPlugin : public sdk::TicketingPlugin {
  public:
    explicit OutboxPlugin(const sdk::HostServices& host)
        : writer_(Config::from(host), host.clock, host.log) {}

    sdk::FileResult file(const sdk::DisputeRequest& request) noexcept override {
        return contain<sdk::RemoteTicket>([&] { return writer_.file(request); });
    }
    sdk::FindResult find(std::string_view key) noexcept override {
        return contain<sdk::RemoteTicket>([&] { return writer_.find(key); });
    }
    sdk::StateResult state(const sdk::RemoteTicket& ticket) noexcept override {
        return contain<sdk::TicketState>([&] { return writer_.state(ticket); });
    }
    sdk::AttachResult attach(const sdk::RemoteTicket& ticket,
                             const sdk::EvidenceFile& file) noexcept override {
        return contain<std::string>([&] { return writer_.attach(ticket, file); });
    }

  private:
    template <typename T, typename F>
    static sdk::TicketingResult<T> contain(F&& call) noexcept {
        try {
            return call();
        } catch (const std::exception& e) {
            return sdk::TicketingResult<T>::rejected(std::string("outbox: ") + e.what());
        } catch (...) {
            return sdk::TicketingResult<T>::rejected("outbox: unknown error");
        }
    }

    Writer writer_;
};

}  // namespace unstuck::ticketing::outbox

UNSTUCK_TICKETING_PLUGIN(unstuck::ticketing::outbox::OutboxPlugin, "outbox", "0.1.0", "unstuck")
