#include "unstuck/sdk/plugin.hpp"
#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/marketplace.hpp"
#include "unstuck/sdk/ticketing.hpp"
#include "unstuck/sdk/webhook.hpp"

namespace unstuck::sdk {

// Out-of-line destructors give each interface one home for its vtable.
Plugin::~Plugin() = default;
CarrierPlugin::~CarrierPlugin() = default;
TicketingPlugin::~TicketingPlugin() = default;
MarketplacePlugin::~MarketplacePlugin() = default;
WebhookReceiver::~WebhookReceiver() = default;

}  // namespace unstuck::sdk
