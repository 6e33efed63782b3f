#pragma once
//! Reading the settings every carrier plugin shares from its config: base URL, timeout.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "unstuck/sdk/host_services.hpp"
#include "unstuck/sdk/plugin_config.hpp"

namespace unstuck::kit {

//! The plugin's config, or an empty one when the host lends none.
const sdk::PluginConfig& config_or_empty(const sdk::HostServices& host);

//! `base_url` (or `fallback`) without trailing slashes.
std::string base_url_setting(const sdk::PluginConfig& config, std::string_view fallback);

//! Throws `<carrier>: base_url must start with http:// or https://, not "<url>"` unless it does.
void require_http_url(const std::string& url, std::string_view carrier);

//! `timeout_ms` as a duration, or nothing when it is absent or not positive (the host's default applies).
std::optional<std::chrono::milliseconds> timeout_setting(const sdk::PluginConfig& config);

}  // namespace unstuck::kit
