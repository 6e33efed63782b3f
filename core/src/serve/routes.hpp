#pragma once
// Private: the route groups the server registers, one source file each.

#include "serve/api_router.hpp"
#include "serve/serve_context.hpp"

namespace unstuck::core {

//! `/v1/orders`: submit, read, list (order_routes.cpp).
void add_order_routes(ApiRouter& router, ServeContext& context);
//! `/v1/disputes` (dispute_api_routes.cpp).
void add_dispute_routes(ApiRouter& router, ServeContext& context);
//! `/v1/sweeps` (sweep_routes.cpp).
void add_sweep_routes(ApiRouter& router, ServeContext& context);
//! `/v1/webhooks/{plugin}` (webhook_routes.cpp).
void add_webhook_routes(ApiRouter& router, ServeContext& context);
//! `/healthz`, `/readyz`, `/metrics` (health_routes.cpp).
void add_health_routes(ApiRouter& router, ServeContext& context);

}  // namespace unstuck::core
