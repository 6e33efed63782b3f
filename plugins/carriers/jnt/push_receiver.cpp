#include "push_receiver.hpp"

#include <exception>
#include <utility>

#include "normalizer.hpp"
#include "signing.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::carriers::jnt {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

PushReceiver::PushReceiver(std::string private_key, std::string api_account, std::string country)
    : private_key_(std::move(private_key)),
      api_account_(std::move(api_account)),
      country_(std::move(country)) {}

sdk::WebhookResult PushReceiver::receive(const sdk::WebhookRequest& request) {
    try {
        if (private_key_.empty())
            return sdk::WebhookResult::bad_signature(
                "jnt push: secret private_key is not configured, so no push can be verified");
        auto sent_digest = request.header("digest");
        if (!sent_digest || trim(*sent_digest).empty())
            return sdk::WebhookResult::unsigned_push("jnt push: no digest header");
        if (!api_account_.empty()) {
            auto account = request.header("apiAccount");
            if (!account || trim(*account) != api_account_)
                return sdk::WebhookResult::bad_signature("jnt push: apiAccount is not the configured one");
        }
        auto biz_content = form_field(request.body, "bizContent");
        // Without the field there is nothing the digest can cover: refused as a signature that does not hold.
        const std::string expected = digest(biz_content.value_or(std::string(request.body)), private_key_);
        if (!kit::constant_time_equals(expected, trim(*sent_digest)))
            return sdk::WebhookResult::bad_signature("jnt push: the digest does not match bizContent");
        if (!biz_content) return sdk::WebhookResult::malformed("jnt push: the body has no bizContent field");

        auto updates = read_push(*biz_content, country_);
        if (!updates) return sdk::WebhookResult::malformed(updates.error().message);
        sdk::WebhookPush push;
        push.updates = std::move(updates).value();
        push.reply_body = std::string(kPushReply);
        return sdk::WebhookResult::accepted(std::move(push));
    } catch (const std::exception& e) {
        return sdk::WebhookResult::malformed(std::string("jnt push: cannot read it: ") + e.what());
    } catch (...) {
        return sdk::WebhookResult::malformed("jnt push: cannot read it");
    }
}

}  // namespace unstuck::carriers::jnt
