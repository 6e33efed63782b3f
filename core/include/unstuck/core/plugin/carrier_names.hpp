#pragma once
//! The names people read for carriers: the policy document's `carrier_names`, completed with the display
//! names of the loaded carrier plugins.

#include <memory>

#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/core/policy/policy.hpp"

namespace unstuck::core {

//! The policy with the display name (from its manifest) of every loaded carrier plugin that the document's
//! `carrier_names` does not name: the document's own names win, a plugin without a `display_name` is named
//! as itself. Returns `policy` unchanged when there is nothing to add.
std::shared_ptr<const Policy> with_carrier_display_names(std::shared_ptr<const Policy> policy,
                                                         const PluginHost& plugins);

}  // namespace unstuck::core
