#include "normalizer.hpp"

#include <atomic>
#include <string>
#include <vector>

#include "codes.hpp"
#include "countries.hpp"
#include "unstuck/kit/iso_time.hpp"
#include "unstuck/kit/local_time.hpp"
#include "unstuck/kit/result_picker.hpp"
#include "unstuck/sdk/contain.hpp"
#include "unstuck/sdk/model.hpp"

namespace unstuck::carriers::aftership {
namespace {

using simdjson::dom::element;

std::atomic<std::uint64_t> g_unknown_codes{0};

std::optional<element> child(element parent, std::string_view key) noexcept {
    element out;
    if (parent[key].get(out) || !out.is_object()) return std::nullopt;
    return out;
}

// A country field of either API generation: `<prefix>_region` (2024 and later) or `<prefix>_iso3`.
std::string_view country_of(element object, std::string_view region_key, std::string_view iso3_key) {
    std::string_view code = kit::json_string(object, region_key);
    if (code.empty()) code = kit::json_string(object, iso3_key);
    return alpha2_of(code);
}

// `2024-07-19`, `2024-07-19T18:00:00` or with an offset; a date alone is the start of that day.
std::optional<sdk::Timestamp> read_estimate(std::string_view text, std::string_view country) {
    std::string full(text);
    if (full.size() == 10) full += "T00:00:00";
    kit::CarrierTime t = kit::read_iso_time(full);
    if (!t.wall) return std::nullopt;
    if (t.own_offset) return sdk::Timestamp{t.wall->time_since_epoch() - std::chrono::minutes{*t.own_offset}};
    return kit::resolve_wall_time(*t.wall, country, {}, country, country).at;
}

std::optional<sdk::Timestamp> estimated_delivery(element tracking, std::string_view country) {
    for (std::string_view key : {"courier_estimated_delivery_date", "aftership_estimated_delivery_date"})
        if (auto estimate = child(tracking, key))
            if (auto at = read_estimate(kit::json_string(*estimate, "estimated_delivery_date"), country))
                return at;
    return read_estimate(kit::json_string(tracking, "expected_delivery"), country);
}

sdk::Location read_location(element checkpoint) {
    auto [city, state, zip, postal, location] =
        kit::json_strings<5>(checkpoint, {"city", "state", "zip", "postal_code", "location"});
    sdk::Location loc;
    loc.city = city;
    loc.region = state;
    loc.postal_code = zip.empty() ? postal : zip;
    loc.country = country_of(checkpoint, "country_region", "country_iso3");
    if (loc.city.empty() && loc.region.empty() && loc.postal_code.empty())
        loc.city = location;  // the place as AfterShip wrote it, when it gives no parts
    return loc;
}

void read_checkpoints(element tracking, std::string_view origin, sdk::Shipment& s) {
    auto checkpoints = kit::json_array(tracking, "checkpoints");
    if (!checkpoints) return;
    std::size_t index = 0;
    for (element checkpoint : *checkpoints) {
        const std::string where = "checkpoints[" + std::to_string(index++) + "]";
        auto [time, tag, subtag, subtag_message, message, raw_tag] = kit::json_strings<6>(
            checkpoint, {"checkpoint_time", "tag", "subtag", "subtag_message", "message", "raw_tag"});
        sdk::Event e;
        e.location = read_location(checkpoint);
        if (!kit::set_event_time(e, kit::read_iso_time(time), origin, origin)) {
            s.warnings.push_back(where + ": no readable checkpoint_time (\"" +
                                 std::string(time.substr(0, 40)) + "\"), dropped");
            continue;
        }
        const bool located = !e.location.city.empty() || !e.location.postal_code.empty();
        CodeMapping m = map_checkpoint(tag, subtag, located);
        e.code = subtag.empty() ? tag : subtag;
        e.description = message.empty() ? subtag_message : message;
        e.status = m.status;
        e.substatus = m.substatus;
        e.physical_scan = m.physical_scan;
        e.return_leg = m.return_leg;
        if (!m.known) {
            g_unknown_codes.fetch_add(1, std::memory_order_relaxed);
            std::string warning = where + ": unknown subtag \"" + e.code + "\"";
            if (!raw_tag.empty()) warning += " (courier code \"" + std::string(raw_tag) + "\")";
            s.warnings.push_back(std::move(warning));
        }
        s.events.push_back(std::move(e));
    }
}

sdk::TrackResult meta_error(element meta, std::string_view number) {
    std::optional<std::int64_t> code = kit::json_integer(meta, "code");
    std::string text = "aftership: " + std::to_string(code.value_or(0));
    if (std::string_view type = kit::json_string(meta, "type"); !type.empty())
        text += " " + std::string(type);
    if (std::string_view message = kit::json_string(meta, "message"); !message.empty())
        text += ": " + std::string(message);
    if (!number.empty()) text += " (" + std::string(number) + ")";
    if (code == meta_codes::kDoesNotExist) return sdk::TrackResult::not_found(std::move(text));
    if (code == meta_codes::kTooManyRequests || (code && *code >= 500 && *code < 600))
        return sdk::TrackResult::transient(std::move(text));
    return sdk::TrackResult::permanent(std::move(text));
}

sdk::TrackResult normalize_document(std::string_view payload, const sdk::TrackContext& context) {
    element root;
    if (auto err = kit::parse_json(payload).get(root))
        return sdk::TrackResult::permanent(std::string("aftership: malformed JSON: ") +
                                           simdjson::error_message(err));
    if (!root.is_object()) return sdk::TrackResult::permanent("aftership: the document is not a JSON object");

    if (auto msg = child(root, "msg")) return read_tracking(*msg, context);  // a webhook push

    if (auto meta = child(root, "meta")) {
        std::optional<std::int64_t> code = kit::json_integer(*meta, "code");
        if (code && *code != 200 && *code != 201) return meta_error(*meta, context.tracking_number);
    }
    auto data = child(root, "data");
    if (!data) return sdk::TrackResult::permanent("aftership: no \"data\" in the document");
    if (auto tracking = child(*data, "tracking")) return read_tracking(*tracking, context);
    auto list = kit::json_array(*data, "trackings");
    if (!list) {
        if (!kit::json_string(*data, "tracking_number").empty()) return read_tracking(*data, context);
        return sdk::TrackResult::permanent(
            "aftership: neither data.trackings nor a tracking in the document");
    }

    std::vector<sdk::Shipment> shipments;
    std::optional<sdk::TrackResult> other;
    for (element tracking : *list) {
        if (!context.tracking_number.empty() &&
            kit::json_string(tracking, "tracking_number") != context.tracking_number)
            continue;
        sdk::TrackResult r = read_tracking(tracking, context);
        if (r.kind == sdk::TrackResult::Kind::kOk)
            shipments.push_back(std::move(r.shipment));
        else if (!other)
            other = std::move(r);
    }
    if (shipments.empty() && other) return std::move(*other);
    if (shipments.empty())
        return sdk::TrackResult::not_found("aftership: no tracking for \"" + context.tracking_number + "\"");
    if (shipments.size() == 1) return sdk::TrackResult::ok(std::move(shipments.front()));
    std::string warning;
    std::size_t kept = kit::pick_result(shipments, context, &warning);
    sdk::Shipment chosen = std::move(shipments[kept]);
    if (!warning.empty()) chosen.warnings.push_back(std::move(warning));
    return sdk::TrackResult::ok(std::move(chosen));
}

}  // namespace

sdk::TrackResult read_tracking(element tracking, const sdk::TrackContext& context) {
    if (!tracking.is_object())
        return sdk::TrackResult::permanent("aftership: a tracking is not a JSON object");
    std::string_view number = kit::json_string(tracking, "tracking_number");
    if (number.empty()) number = context.tracking_number;
    sdk::Shipment s;
    s.carrier = "aftership";
    s.tracking_number = number;

    std::string_view origin = country_of(tracking, "origin_country_region", "origin_country_iso3");
    std::string_view destination =
        country_of(tracking, "destination_country_region", "destination_country_iso3");
    if (origin.empty()) origin = destination;
    read_checkpoints(tracking, origin, s);

    std::string_view tag = kit::json_string(tracking, "tag");
    if (s.events.empty() && (tag.empty() || tag == "Pending" || tag == "Expired")) {
        std::string_view subtag = kit::json_string(tracking, "subtag");
        return sdk::TrackResult::not_found("aftership: no tracking information yet for \"" +
                                           std::string(number) + "\" (" +
                                           std::string(subtag.empty() ? tag : subtag) + ")");
    }
    s.estimated_delivery = estimated_delivery(tracking, destination.empty() ? origin : destination);
    sdk::finalize_shipment(s);
    std::string_view signed_by = kit::json_string(tracking, "signed_by");
    if (s.delivered_at && !signed_by.empty()) {
        sdk::ProofOfDelivery pod;
        pod.kind = "signature";
        pod.received_by = signed_by;
        s.proof_of_delivery = std::move(pod);
    }
    return sdk::TrackResult::ok(std::move(s));
}

std::uint64_t unknown_code_count() noexcept {
    return g_unknown_codes.load(std::memory_order_relaxed);
}

sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) noexcept {
    return sdk::contain([&] { return normalize_document(payload, context); },
                        [](std::string_view what) {
                            return sdk::TrackResult::permanent("aftership: cannot normalize the document: " +
                                                               std::string(what));
                        });
}

}  // namespace unstuck::carriers::aftership
