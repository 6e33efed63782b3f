#pragma once
//! What the plugins are and say, as JSON: the records `unstuck plugins --json` and `unstuck_plugins` list,
//! and the claims `unstuck detect --json` and `unstuck_detect` give.

#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::core {

//! An array with one object per module found: name, kind, version, vendor, file, state (`loaded` or
//! `refused`), reason; a loaded one adds display_name, status and its secrets' names.
void write_plugin_records(sdk::JsonWriter& w, const PluginHost& host);

//! `{"carrier":"ups","service":"1Z","check_digit":"valid"}`.
void write_claim(sdk::JsonWriter& w, const sdk::CarrierClaim& claim);

}  // namespace unstuck::core
