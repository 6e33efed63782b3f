// The outbox ticketing plugin: disputes become folders a person files by hand in Seller Center.

#include "ticketing/outbox/writer.hpp"
#include "unstuck/sdk/contained_ticketing_plugin.hpp"
#include "unstuck/sdk/export.hpp"

namespace unstuck::ticketing::outbox {

//! The outbox backend as a ticketing plugin; the SDK contains every call so no exception leaves the module.
class OutboxPlugin : public sdk::ContainedTicketingPlugin<Writer> {
  public:
    explicit OutboxPlugin(const sdk::HostServices& host)
        : ContainedTicketingPlugin("outbox", Config::from(host), host.clock, host.log) {}
};

}  // namespace unstuck::ticketing::outbox

UNSTUCK_TICKETING_PLUGIN(unstuck::ticketing::outbox::OutboxPlugin, "outbox", "0.1.0", "unstuck")
