// Route groups whose source file is not in the tree yet register nothing (core/src/serve/CMakeLists.txt
// compiles this file with one definition per missing group).
#include "serve/routes.hpp"

namespace unstuck::core {

#if UNSTUCK_SERVE_PENDING_ORDER_ROUTES
void add_order_routes(ApiRouter&, ServeContext&) {}
#endif
#if UNSTUCK_SERVE_PENDING_DISPUTE_ROUTES
void add_dispute_routes(ApiRouter&, ServeContext&) {}
#endif
#if UNSTUCK_SERVE_PENDING_SWEEP_ROUTES
void add_sweep_routes(ApiRouter&, ServeContext&) {}
#endif
#if UNSTUCK_SERVE_PENDING_WEBHOOK_ROUTES
void add_webhook_routes(ApiRouter&, ServeContext&) {}
#endif

}  // namespace unstuck::core
