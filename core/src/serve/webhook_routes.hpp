#pragma once
// Private: what the server tells the webhook routes about a push it refused before them.

#include <string>

#include "serve/serve_context.hpp"

namespace unstuck::core {

//! Counts a push refused for its size (`unstuck_webhooks_total{outcome="too_large"}`) when `plugin` names a
//! loaded carrier or marketplace plugin (other names are not counted: they would grow the metric without
//! bound).
void count_oversized_webhook(ServeContext& context, const std::string& plugin);

}  // namespace unstuck::core
