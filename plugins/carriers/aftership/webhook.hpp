#pragma once
//! AfterShip's pushes: the `aftership-hmac-sha256` header is the base64 HMAC-SHA256 of the raw body keyed
//! with the account's webhook secret.

#include <string>

#include "slugs.hpp"
#include "unstuck/sdk/webhook.hpp"

namespace unstuck::carriers::aftership {

//! Verifies and reads AfterShip webhook pushes (`tracking_update` and the other tracking events).
class WebhookReceiver : public sdk::WebhookReceiver {
  public:
    //! `secret` is the webhook secret; `slugs` names the carrier of each push.
    WebhookReceiver(std::string secret, const Slugs& slugs) : secret_(std::move(secret)), slugs_(slugs) {}

    //! Checks the signature in constant time, then reads `msg` (the tracking): its `event_id` is the
    //! delivery id, its `ts` the time it was signed. A tracking without checkpoints gives no update.
    sdk::WebhookResult receive(const sdk::WebhookRequest& request) override;

  private:
    std::string secret_;
    const Slugs& slugs_;
};

//! The `aftership-hmac-sha256` value AfterShip computes for a body with a secret.
std::string push_signature(std::string_view body, std::string_view secret);

}  // namespace unstuck::carriers::aftership
