#pragma once
// Private: the dashboard's routes: its static files (dashboard_routes.cpp) and the read-only figures it shows
// (stats_routes.cpp, dispute_packet_routes.cpp).

#include <filesystem>

#include "serve/api_router.hpp"
#include "serve/serve_context.hpp"

namespace unstuck::core {

//! `/` and `/ui/{file}`: the dashboard's files from `serve.dashboard_dir` (default: dashboard_dir()).
void add_dashboard_routes(ApiRouter& router, ServeContext& context);
//! `/v1/stats`, `/v1/events`, `/v1/search`, `/v1/orders/{order_key}/timeline` (stats_routes.cpp).
void add_stats_routes(ApiRouter& router, ServeContext& context);
//! `/v1/disputes/{key}/packet` and `/v1/disputes/{key}/files/{index}` (dispute_packet_routes.cpp).
void add_dispute_packet_routes(ApiRouter& router, ServeContext& context);

//! The dashboard's folder: `share/unstuck/dashboard` beside the program's `bin/`, or where the build installs
//! it, when it holds `index.html`; else the source tree's `samples/host/dashboard`.
std::filesystem::path default_dashboard_dir();

}  // namespace unstuck::core
