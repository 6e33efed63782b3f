#pragma once
//! Optional plugin capability (ABI 2.1): receive pushes from a carrier or an aggregator on the host's
//! `/v1/webhooks/{plugin}` endpoint, verify their signature and read them into tracking updates.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/sdk/host_services.hpp"
#include "unstuck/sdk/model.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::sdk {

//! A push as the host received it. The views live as long as the call.
struct WebhookRequest {
    std::string_view method;          //!< `POST` as a rule
    std::string_view target;          //!< the path and query as received
    std::vector<HttpHeader> headers;  //!< as received
    std::string_view body;            //!< the raw body, byte for byte: signatures cover it
    Timestamp received_at{};          //!< the host's clock when the push arrived

    //! The first header of that name (case-insensitive), if any.
    std::optional<std::string_view> header(std::string_view name) const;
};

//! New tracking for one number, normalized to the model.
struct TrackingUpdate {
    std::string tracking_number;
    //! The carrier plugin the number belongs to (an aggregator names the carrier it tracked; a carrier
    //! names itself).
    std::string carrier;
    //! What the push says: all the number's events, or only the new ones (the host merges them with the
    //! events it already holds for the number and removes repeats).
    Shipment shipment;
};

//! A verified push and what it tells.
struct WebhookPush {
    //! When the sender signed it, if its scheme signs a time: the host refuses a push signed outside its
    //! replay window.
    std::optional<Timestamp> signed_at;
    //! The sender's id of this delivery, if it has one: the host refuses a second delivery with the same id
    //! within the replay window. Empty: the host uses a digest of the body.
    std::string delivery_id;
    std::vector<TrackingUpdate> updates;  //!< the numbers the push is about
    //! The body to answer the sender with (some expect one, e.g. `{"code":"1","data":"SUCCESS"}`); empty:
    //! the host answers `{"accepted":N}`.
    std::string reply_body;
};

//! The outcome of receive(): a push, or why it is refused.
struct WebhookResult {
    //! What the plugin made of the request.
    enum class Kind : std::uint8_t {
        kAccepted,      //!< signature valid; `push` holds what it tells
        kUnsigned,      //!< no signature where the scheme requires one (the host answers 401)
        kBadSignature,  //!< a signature that does not verify (401)
        kMalformed,     //!< signed, but not a document the plugin understands (400)
    };
    Kind kind = Kind::kMalformed;
    WebhookPush push;
    std::string message;  //!< why it was refused: one line, never a secret or a signature

    static WebhookResult accepted(WebhookPush p) { return {Kind::kAccepted, std::move(p), {}}; }
    static WebhookResult unsigned_push(std::string m) { return {Kind::kUnsigned, {}, std::move(m)}; }
    static WebhookResult bad_signature(std::string m) { return {Kind::kBadSignature, {}, std::move(m)}; }
    static WebhookResult malformed(std::string m) { return {Kind::kMalformed, {}, std::move(m)}; }
};

//! Receives pushes. Must not throw: the host contains a stray exception as a malformed push.
class WebhookReceiver {
  public:
    virtual ~WebhookReceiver();
    //! Verifies the request's signature with the plugin's configured secret (in constant time) and reads
    //! its body. Called from several threads at once.
    virtual WebhookResult receive(const WebhookRequest& request) = 0;
};

}  // namespace unstuck::sdk
