// The jira-sm ticketing plugin: disputes become Jira Service Management requests.

#include <exception>

#include "ticketing/jira-sm/client.hpp"
#include "unstuck/sdk/export.hpp"

namespace unstuck::ticketing::jira_sm {

//! Jira Service Management as a ticketing backend; every call is contained so no exception leaves the module.
class JiraSmPlugin : public sdk::TicketingPlugin {
  public:
    explicit JiraSmPlugin(const sdk::HostServices& host)
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
            return sdk::TicketingResult<T>::rejected(std::string("jira-sm: ") + e.what());
        } catch (...) {
            return sdk::TicketingResult<T>::rejected("jira-sm: unknown error");
        }
    }

    Client client_;
};

}  // namespace unstuck::ticketing::jira_sm

UNSTUCK_TICKETING_PLUGIN(unstuck::ticketing::jira_sm::JiraSmPlugin, "jira-sm", "0.1.0", "unstuck")
