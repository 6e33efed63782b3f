// The zendesk ticketing plugin: disputes become Zendesk Support tickets.

#include "ticketing/zendesk/client.hpp"
#include "unstuck/sdk/contained_ticketing_plugin.hpp"
#include "unstuck/sdk/export.hpp"

namespace unstuck::ticketing::zendesk {

//! The zendesk backend as a ticketing plugin; the SDK contains every call so no exception leaves the module.
class ZendeskPlugin : public sdk::ContainedTicketingPlugin<Client> {
  public:
    explicit ZendeskPlugin(const sdk::HostServices& host)
        : ContainedTicketingPlugin("zendesk", Config::from(host), *host.http, host.log) {}
};

}  // namespace unstuck::ticketing::zendesk

UNSTUCK_TICKETING_PLUGIN(unstuck::ticketing::zendesk::ZendeskPlugin, "zendesk", "0.1.0", "unstuck")
