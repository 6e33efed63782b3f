#pragma once
//! J&T's tracking pushes: the `digest` over `bizContent` verified with the private key, the batch read into
//! tracking updates.

#include <string>

#include "unstuck/sdk/webhook.hpp"

namespace unstuck::carriers::jnt {

//! The reply J&T expects to a push it may consider delivered.
inline constexpr std::string_view kPushReply = R"({"code":"1","msg":"success","data":"SUCCESS"})";

//! Receives J&T's form-encoded pushes (`bizContent` and the `apiAccount`, `digest`, `timestamp` headers).
class PushReceiver : public sdk::WebhookReceiver {
  public:
    //! `private_key` verifies the digest (empty: every push is refused); a non-empty `api_account` must
    //! equal the push's `apiAccount`; `country` is the tenant's, for scan times without a zone.
    PushReceiver(std::string private_key, std::string api_account, std::string country);

    sdk::WebhookResult receive(const sdk::WebhookRequest& request) override;

  private:
    std::string private_key_;
    std::string api_account_;
    std::string country_;
};

}  // namespace unstuck::carriers::jnt
