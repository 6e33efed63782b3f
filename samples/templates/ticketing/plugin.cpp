// @DISPLAY_NAME@: the ticketing plugin `@NAME@`.
#include <unstuck/sdk/contained_ticketing_plugin.hpp>
#include <unstuck/sdk/export.hpp>

#include "desk.hpp"

namespace @IDENT@ {

//! The desk as a ticketing plugin: the SDK contains every call, so no exception leaves the module.
class Ticketing : public unstuck::sdk::ContainedTicketingPlugin<Desk> {
  public:
    // The host has validated the config against manifest.json before this runs; throwing refuses the plugin.
    explicit Ticketing(const unstuck::sdk::HostServices& host)
        : ContainedTicketingPlugin("@NAME@", host.config->get_string("dir")) {}
};

}  // namespace @IDENT@

UNSTUCK_TICKETING_PLUGIN(@IDENT@::Ticketing, "@NAME@", "0.1.0", "@DISPLAY_NAME@")
