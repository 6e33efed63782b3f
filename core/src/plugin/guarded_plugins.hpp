#pragma once
// Private: wrappers that keep a plugin object (and its library) alive and contain any exception it throws.

#include <memory>
#include <string>

#include "unstuck/core/plugin/plugin_call_observer.hpp"

#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/marketplace.hpp"
#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::core {

//! Every call through the wrappers below is timed and reported to `observer` when it is not null.
using CallObserverPtr = std::shared_ptr<const PluginCallObserver>;

//! Forwards to a carrier plugin; an exception becomes a permanent error naming the plugin and the call, and
//! so does a fetched or normalized shipment with a substatus its status does not allow (naming the event).
//! Its webhook_receiver() asks the plugin only when `webhooks` (the plugin was built for ABI 2.1 or newer:
//! an older one has no such method), and guards the receiver (an exception becomes a malformed push).
std::shared_ptr<sdk::CarrierPlugin> guard_carrier(std::shared_ptr<void> owner, sdk::CarrierPlugin* plugin,
                                                  std::string name, bool webhooks,
                                                  CallObserverPtr observer = nullptr);

//! Forwards to a ticketing plugin; an exception becomes a rejection naming the plugin and the call.
std::shared_ptr<sdk::TicketingPlugin> guard_ticketing(std::shared_ptr<void> owner,
                                                      sdk::TicketingPlugin* plugin, std::string name,
                                                      CallObserverPtr observer = nullptr);

//! Forwards to a marketplace plugin; an exception becomes a rejection naming the plugin and the call (a
//! malformed push in receive(), no shops in shops()).
std::shared_ptr<sdk::MarketplacePlugin> guard_marketplace(std::shared_ptr<void> owner,
                                                          sdk::MarketplacePlugin* plugin, std::string name,
                                                          CallObserverPtr observer = nullptr);

}  // namespace unstuck::core
