#pragma once
//! The carrier plugin interface: claim tracking numbers, fetch tracking, normalize a carrier's document.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/sdk/model.hpp"
#include "unstuck/sdk/plugin.hpp"
#include "unstuck/sdk/webhook.hpp"

namespace unstuck::sdk {

//! What a number's check digit says about a claim.
enum class CheckDigit : std::uint8_t {
    kAbsent,   //!< the format has no check digit (or the claim is not made by format)
    kValid,    //!< the format has a check digit and it holds
    kInvalid,  //!< the format has a check digit and it does not hold (a typo, or another carrier's number)
};

//! The verdict's JSON name: `absent`, `valid` or `invalid`.
std::string_view to_string(CheckDigit verdict) noexcept;

//! The verdict for a JSON name, or nothing when the name is not one of the three.
std::optional<CheckDigit> parse_check_digit(std::string_view name) noexcept;

//! `kValid` when `holds`, else `kInvalid`: the verdict of a format that has a check digit.
constexpr CheckDigit check_digit_from(bool holds) noexcept {
    return holds ? CheckDigit::kValid : CheckDigit::kInvalid;
}

//! A carrier's claim on a tracking number.
struct CarrierClaim {
    std::string carrier;                           //!< plugin name, e.g. `ups`
    std::string service;                           //!< format or service, e.g. `1Z`, `IMpb`, `Express`
    CheckDigit check_digit = CheckDigit::kAbsent;  //!< the check digit's verdict
};

//! What a fetch or normalization is about.
struct TrackContext {
    std::string tracking_number;
    //! When known, used to pick among several results for a recycled number.
    std::optional<Timestamp> order_created_at;
    //! The carrier plugin the order names for the package, when it names one (ABI 2.1): an aggregator
    //! tells it to the service it asks. Empty when the plugin was picked by detection.
    std::string carrier{};
};

//! The typed outcome of a fetch or a normalization.
struct TrackResult {
    enum class Kind : std::uint8_t {
        kOk,         //!< `shipment` holds the normalized tracking
        kNotFound,   //!< the carrier does not know the number
        kTransient,  //!< try again later (`retry_after` when the carrier said when)
        kPermanent,  //!< will not work without a change (bad credentials, malformed document)
    };
    Kind kind = Kind::kPermanent;
    Shipment shipment;
    std::string message;
    std::optional<std::chrono::seconds> retry_after;

    static TrackResult ok(Shipment s) { return {Kind::kOk, std::move(s), {}, {}}; }
    static TrackResult not_found(std::string m) { return {Kind::kNotFound, {}, std::move(m), {}}; }
    static TrackResult transient(std::string m, std::optional<std::chrono::seconds> after = {}) {
        return {Kind::kTransient, {}, std::move(m), after};
    }
    static TrackResult permanent(std::string m) { return {Kind::kPermanent, {}, std::move(m), {}}; }
};

//! A carrier plugin. Methods must not throw: the host contains a stray exception as a permanent error.
class CarrierPlugin : public Plugin {
  public:
    ~CarrierPlugin() override;
    //! Every service of this carrier that claims the number by format, with its check-digit verdict.
    virtual std::vector<CarrierClaim> detect(std::string_view tracking_number) const = 0;
    //! Fetches the number's tracking live through the host's HTTP service and normalizes it.
    virtual TrackResult fetch(const TrackContext& context) = 0;
    //! Normalizes a document in the carrier's own response format, as saved from its API.
    virtual TrackResult normalize(std::string_view payload, const TrackContext& context) const = 0;
    //! The push capability (ABI 2.1), or null when the carrier pushes nothing. The host calls it only on
    //! plugins built for ABI 2.1 or newer; the object must live as long as the plugin.
    virtual WebhookReceiver* webhook_receiver() { return nullptr; }
};

}  // namespace unstuck::sdk
