// The jira-sm ticketing plugin: disputes become Jira Service Management requests.

#include "ticketing/jira-sm/client.hpp"
#include "unstuck/sdk/contained_ticketing_plugin.hpp"
#include "unstuck/sdk/export.hpp"

namespace unstuck::ticketing::jira_sm {

//! The jira-sm backend as a ticketing plugin; the SDK contains every call so no exception leaves the module.
class JiraSmPlugin : public sdk::ContainedTicketingPlugin<Client> {
  public:
    explicit JiraSmPlugin(const sdk::HostServices& host)
        : ContainedTicketingPlugin("jira-sm", Config::from(host), *host.http, host.log) {}
};

}  // namespace unstuck::ticketing::jira_sm

UNSTUCK_TICKETING_PLUGIN(unstuck::ticketing::jira_sm::JiraSmPlugin, "jira-sm", "0.1.0", "unstuck")
