#include "normalizer.hpp"

#include <atomic>
#include <string>
#include <vector>

#include "codes.hpp"
#include "unstuck/kit/iso_time.hpp"
#include "unstuck/kit/local_time.hpp"
#include "unstuck/kit/result_picker.hpp"
#include "unstuck/sdk/contain.hpp"
#include "unstuck/sdk/model.hpp"

namespace unstuck::carriers::track17 {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;

std::atomic<std::uint64_t> g_unknown_codes{0};

// How long an exhausted quota is waited out before the number is asked about again.
constexpr std::chrono::seconds kQuotaRetry{3600};

std::optional<element> child(element parent, std::string_view key) noexcept {
    element out;
    if (parent[key].get(out) || !out.is_object()) return std::nullopt;
    return out;
}

// `{"country", "state", "city", "postal_code"}` as a location.
sdk::Location read_address(element address) {
    auto [country, state, city, postal] =
        kit::json_strings<4>(address, {"country", "state", "city", "postal_code"});
    sdk::Location loc;
    loc.country = country;
    loc.region = state;
    loc.city = city;
    loc.postal_code = postal;
    return loc;
}

// The wall time, the offset and the UTC time 17TRACK gives for an event.
kit::CarrierTime read_time(element event) {
    auto [iso, utc] = kit::json_strings<2>(event, {"time_iso", "time_utc"});
    kit::CarrierTime t = kit::read_iso_time(iso);
    std::string_view zone;
    if (auto raw = child(event, "time_raw")) {
        auto [date, time, timezone] = kit::json_strings<3>(*raw, {"date", "time", "timezone"});
        zone = timezone;
        if (!t.wall && !date.empty()) {
            std::string text(date);
            text += 'T';
            text += time.empty() ? std::string_view("00:00:00") : time;
            if (time.size() == 5) text += ":00";
            t = kit::read_iso_time(text);
        }
    }
    if (!zone.empty() && !t.own_offset) t.offset_field = kit::parse_utc_offset(zone);
    kit::CarrierTime u = kit::read_iso_time(utc);
    if (u.wall && u.own_offset)
        t.utc = sdk::Timestamp{u.wall->time_since_epoch() - std::chrono::minutes{*u.own_offset}};
    if (!t.wall && t.utc) {  // only the UTC time: its wall time is the UTC one, offset zero
        t.wall = u.wall;
        t.own_offset = 0;
    }
    return t;
}

std::string_view address_country(element shipping, std::string_view key) {
    auto address = child(shipping, key);
    return address ? kit::json_string(*address, "country") : std::string_view{};
}

std::optional<sdk::Timestamp> estimated_delivery(element info, std::string_view country) {
    auto metrics = child(info, "time_metrics");
    if (!metrics) return std::nullopt;
    auto window = child(*metrics, "estimated_delivery_date");
    if (!window) return std::nullopt;
    std::string_view text = kit::json_string(*window, "to");
    if (text.empty()) text = kit::json_string(*window, "from");
    kit::CarrierTime t = kit::read_iso_time(text);
    if (!t.wall) return std::nullopt;
    if (t.own_offset) return sdk::Timestamp{t.wall->time_since_epoch() - std::chrono::minutes{*t.own_offset}};
    return kit::resolve_wall_time(*t.wall, country, {}, country, country).at;
}

void read_events(element events, std::size_t provider, std::string_view origin, sdk::Shipment& s) {
    array list;
    if (events.get(list)) return;
    std::size_t index = 0;
    for (element event : list) {
        const std::string where =
            "tracking.providers[" + std::to_string(provider) + "].events[" + std::to_string(index++) + "]";
        auto [sub_status, stage, description, location] =
            kit::json_strings<4>(event, {"sub_status", "stage", "description", "location"});
        sdk::Event e;
        if (auto address = child(event, "address")) e.location = read_address(*address);
        if (e.location.city.empty() && e.location.region.empty() && e.location.postal_code.empty())
            e.location.city = location;  // the place as 17TRACK wrote it, when it gives no parts
        if (!kit::set_event_time(e, read_time(event), origin, origin)) {
            s.warnings.push_back(where + ": no readable time, dropped");
            continue;
        }
        CodeMapping m = map_event(sub_status, stage);
        e.code = sub_status.empty() ? stage : sub_status;
        e.description = description;
        e.status = m.status;
        e.substatus = m.substatus;
        e.physical_scan = m.physical_scan;
        e.return_leg = m.return_leg;
        if (!m.known) {
            g_unknown_codes.fetch_add(1, std::memory_order_relaxed);
            s.warnings.push_back(e.code.empty() ? where + ": neither sub_status nor stage"
                                                : where + ": unknown sub-status \"" + e.code + "\"");
        }
        s.events.push_back(std::move(e));
    }
}

sdk::TrackResult normalize_document(std::string_view payload, const sdk::TrackContext& context) {
    element root;
    if (auto err = kit::parse_json(payload).get(root))
        return sdk::TrackResult::permanent(std::string("17track: malformed JSON: ") +
                                           simdjson::error_message(err));
    if (!root.is_object()) return sdk::TrackResult::permanent("17track: the document is not a JSON object");

    // A webhook push: one item under "data".
    if (std::string_view event = kit::json_string(root, "event"); !event.empty()) {
        auto data = child(root, "data");
        if (!data) return sdk::TrackResult::permanent("17track: push without \"data\"");
        return read_item(*data, context);
    }

    std::optional<std::int64_t> code = kit::json_integer(root, "code");
    if (!code) return sdk::TrackResult::permanent("17track: no \"code\" in the document");
    auto data = child(root, "data");
    if (*code != 0) {
        std::string_view message;
        if (data)
            if (auto errors = kit::json_array(*data, "errors"); errors && errors->size() > 0)
                message = kit::json_string(errors->at(0).value_unsafe(), "message");
        return error_result(*code, message, context.tracking_number);
    }
    if (!data) return sdk::TrackResult::permanent("17track: no \"data\" in the document");

    std::vector<sdk::Shipment> shipments;
    std::optional<sdk::TrackResult> other;  // a first item without events, for when nothing else answers
    if (auto accepted = kit::json_array(*data, "accepted")) {
        for (element item : *accepted) {
            std::string_view number = kit::json_string(item, "number");
            if (!context.tracking_number.empty() && number != context.tracking_number) continue;
            sdk::TrackResult r = read_item(item, context);
            if (r.kind == sdk::TrackResult::Kind::kOk)
                shipments.push_back(std::move(r.shipment));
            else if (!other)
                other = std::move(r);
        }
    }
    if (shipments.empty() && !other) {
        if (auto rejected = kit::json_array(*data, "rejected")) {
            for (element item : *rejected) {
                std::string_view number = kit::json_string(item, "number");
                if (!context.tracking_number.empty() && number != context.tracking_number) continue;
                auto error = child(item, "error");
                std::optional<std::int64_t> error_code =
                    error ? kit::json_integer(*error, "code") : std::nullopt;
                return error_result(error_code.value_or(0),
                                    error ? kit::json_string(*error, "message") : std::string_view{}, number);
            }
        }
    }
    if (shipments.empty() && other) return std::move(*other);
    if (shipments.empty())
        return sdk::TrackResult::permanent("17track: neither accepted nor rejected names \"" +
                                           context.tracking_number + "\"");
    if (shipments.size() == 1) return sdk::TrackResult::ok(std::move(shipments.front()));
    std::string warning;
    std::size_t kept = kit::pick_result(shipments, context, &warning);
    sdk::Shipment chosen = std::move(shipments[kept]);
    if (!warning.empty()) chosen.warnings.push_back(std::move(warning));
    return sdk::TrackResult::ok(std::move(chosen));
}

}  // namespace

sdk::TrackResult error_result(std::int64_t code, std::string_view message, std::string_view number) {
    std::string text = "17track: " + std::to_string(code);
    if (!message.empty()) text += ": " + std::string(message);
    if (!number.empty()) text += " (" + std::string(number) + ")";
    switch (code) {
        case errors::kNotRegistered:
        case errors::kNoInfoYet:
        case errors::kNoCarrier:
            return sdk::TrackResult::not_found(std::move(text));
        case errors::kQuotaExhausted:
            return sdk::TrackResult::transient(std::move(text), kQuotaRetry);
        case errors::kInternal:
            return sdk::TrackResult::transient(std::move(text));
        default:
            return sdk::TrackResult::permanent(std::move(text));
    }
}

sdk::TrackResult read_item(element item, const sdk::TrackContext& context) {
    std::string_view number = kit::json_string(item, "number");
    if (number.empty()) number = context.tracking_number;
    auto info = child(item, "track_info");
    if (!info)
        return sdk::TrackResult::not_found("17track: no tracking information yet for \"" +
                                           std::string(number) + "\"");
    sdk::Shipment s;
    s.carrier = "17track";
    s.tracking_number = number;

    std::string_view origin, destination;
    if (auto shipping = child(*info, "shipping_info")) {
        origin = address_country(*shipping, "shipper_address");
        destination = address_country(*shipping, "recipient_address");
    }
    if (origin.empty()) origin = destination;

    if (auto tracking = child(*info, "tracking")) {
        if (auto providers = kit::json_array(*tracking, "providers")) {
            std::size_t p = 0;
            for (element provider : *providers) {
                element events;
                if (!provider["events"].get(events)) read_events(events, p, origin, s);
                ++p;
            }
        }
    }
    if (s.events.empty()) {
        std::string_view status, sub_status;
        if (auto latest = child(*info, "latest_status")) {
            status = kit::json_string(*latest, "status");
            sub_status = kit::json_string(*latest, "sub_status");
        }
        if (status.empty() || status == "NotFound")
            return sdk::TrackResult::not_found("17track: no tracking events yet for \"" +
                                               std::string(number) + "\" (" +
                                               std::string(sub_status.empty() ? status : sub_status) + ")");
    }
    s.estimated_delivery = estimated_delivery(*info, destination.empty() ? origin : destination);
    sdk::finalize_shipment(s);
    return sdk::TrackResult::ok(std::move(s));
}

std::uint64_t unknown_code_count() noexcept {
    return g_unknown_codes.load(std::memory_order_relaxed);
}

sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) noexcept {
    return sdk::contain([&] { return normalize_document(payload, context); },
                        [](std::string_view what) {
                            return sdk::TrackResult::permanent("17track: cannot normalize the document: " +
                                                               std::string(what));
                        });
}

}  // namespace unstuck::carriers::track17
