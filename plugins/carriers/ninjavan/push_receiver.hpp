#pragma once
//! Ninja Van's webhooks: `X-Ninjavan-Hmac-Sha256` verified with the client secret, the body read into
//! tracking updates.

#include <string>

#include "unstuck/sdk/webhook.hpp"

namespace unstuck::carriers::ninjavan {

//! Receives Ninja Van's webhook pushes (JSON bodies signed with base64 HMAC-SHA256 of the raw body).
class PushReceiver : public sdk::WebhookReceiver {
  public:
    //! `client_secret` keys the HMAC (empty: every push is refused); `country` is assumed for timestamps
    //! without an offset and hubs without a country.
    PushReceiver(std::string client_secret, std::string country);

    sdk::WebhookResult receive(const sdk::WebhookRequest& request) override;

  private:
    std::string client_secret_;
    std::string country_;
};

}  // namespace unstuck::carriers::ninjavan
