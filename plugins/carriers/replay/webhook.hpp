#pragma once
//! The replay carrier's pushes (docs/carriers.md, "Replay"): signed with `X-Unstuck-Signature:
//! t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under the `webhook_secret`, the body one number's
//! canonical events or a saved response.

#include <string>

#include "unstuck/sdk/webhook.hpp"

namespace unstuck::carriers::replay {

//! The header that carries the signature.
inline constexpr const char* kSignatureHeader = "X-Unstuck-Signature";

//! Verifies and reads pushes; `default_carrier` reads a bare saved response, as the plugin's `carrier`.
class ReplayWebhook : public sdk::WebhookReceiver {
  public:
    ReplayWebhook(std::string secret, std::string default_carrier)
        : secret_(std::move(secret)), default_carrier_(std::move(default_carrier)) {}

    //! Unsigned without the header; a bad signature when it is not `t=..,v1=..` or no `v1` verifies;
    //! malformed when the body is not `{"tracking_number", "events"}` nor `{"tracking_number", "carrier",
    //! "response"}`.
    sdk::WebhookResult receive(const sdk::WebhookRequest& request) override;

  private:
    std::string secret_;
    std::string default_carrier_;
};

}  // namespace unstuck::carriers::replay
