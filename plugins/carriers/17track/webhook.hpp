#pragma once
//! 17TRACK's pushes: the `sign` header is the SHA-256 (hex) of the raw body, "/" and the security key.

#include <string>

#include "carrier_keys.hpp"
#include "unstuck/sdk/webhook.hpp"

namespace unstuck::carriers::track17 {

//! Verifies and reads 17TRACK webhook pushes (`TRACKING_UPDATED`, `TRACKING_STOPPED`).
class WebhookReceiver : public sdk::WebhookReceiver {
  public:
    //! `key` is the account's security key (the API key); `carriers` names the carrier of each push.
    WebhookReceiver(std::string key, const CarrierKeys& carriers)
        : key_(std::move(key)), carriers_(carriers) {}

    //! Checks `sign` in constant time, then reads the body: TRACKING_UPDATED gives its number's shipment,
    //! TRACKING_STOPPED and a push without events give no update.
    sdk::WebhookResult receive(const sdk::WebhookRequest& request) override;

  private:
    std::string key_;
    const CarrierKeys& carriers_;
};

//! The `sign` 17TRACK computes for a body with a key (lowercase hex).
std::string push_signature(std::string_view body, std::string_view key);

}  // namespace unstuck::carriers::track17
