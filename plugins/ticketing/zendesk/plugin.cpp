// The zendesk ticketing plugin: disputes become Zendesk Support tickets.

#include <exception>

#include "unstuck/sdk/export.hpp"
#include "ticketing/zendesk/client.hpp"

namespace unstuck::ticketing::zendesk {

//! Zendesk Support as a ticketing backend; every call is contained so no exception leaves the module.
class ZendeskPlugin : public sdk::TicketingPlugin {
  public:
    explicit ZendeskPlugin(const sdk::HostServices& host)
        : client_(Config::from(host), *host.http, host.log) {}

    sdk::FileResult file(const sdk::DisputeRequest& request) noexcept override {
        return contain<sdk::RemoteTicket>([&] { return client_.file(request); });
    }
    sdk::FindResult find(std::string_view key) noexcept override {
        return contain<sdk::RemoteTicket>([&] { return client_.find(key); });
    }
    sdk::StateResult state(const sdk::RemoteTicket& ticket) noexcept override {
        return contain<sdk::TicketState>([&] { return client_.state(ticket); });
    }
    sdk::AttachResult attach(const sdk::RemoteTicket& ticket,
                             const sdk::EvidenceFile& file) noexcept override {
        return contain<std::string>([&] { return client_.attach(ticket, file); });
    }

  private:
    template <typename T, typename F>
    static sdk::TicketingResult<T> contain(F&& call) noexcept {
        try {
            return call();
        } catch (const std::exception& e) {
            return sdk::TicketingResult<T>::rejected(std::string("zendesk: ") + e.what());
        } catch (...) {
            return sdk::TicketingResult<T>::rejected("zendesk: unknown error");
        }
    }

    Client client_;
};

}  // namespace unstuck::ticketing::zendesk

UNSTUCK_TICKETING_PLUGIN(unstuck::ticketing::zendesk::ZendeskPlugin, "zendesk", "0.1.0", "unstuck")
