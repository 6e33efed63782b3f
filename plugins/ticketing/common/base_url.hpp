#pragma once
// The backend URL every HTTP ticketing plugin reads from its config.

#include <string>

#include "unstuck/sdk/plugin_config.hpp"

namespace unstuck::ticketing {

//! `config.base_url` without trailing slashes; throws std::invalid_argument
//! (`config.base_url: expected an http:// or https:// URL, got '...'`) unless it is one.
std::string base_url_setting(const sdk::PluginConfig& config);

}  // namespace unstuck::ticketing
