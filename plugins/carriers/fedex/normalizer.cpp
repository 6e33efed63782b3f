#include "normalizer.hpp"

#include <algorithm>
#include <atomic>
#include <string>
#include <vector>

#include "codes.hpp"
#include "unstuck/kit/iso_time.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/local_time.hpp"
#include "unstuck/kit/result_picker.hpp"
#include "unstuck/sdk/contain.hpp"
#include "unstuck/sdk/model.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::carriers::fedex {
namespace {

std::atomic<std::uint64_t> g_unknown_codes{0};

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view kNotFound = "TRACKING.TRACKINGNUMBER.NOTFOUND";

// The object at `key` as an element (the json_string accessors take elements), or nothing.
std::optional<element> child(element parent, std::string_view key) noexcept {
    element out;
    if (parent[key].get(out) || !out.is_object()) return std::nullopt;
    return out;
}

sdk::Location read_address(element address) {
    sdk::Location loc;
    simdjson::dom::object fields;
    if (address.get(fields)) return loc;
    for (auto field : fields) {
        const std::string_view key = field.key;
        std::string* slot = key == "city"                  ? &loc.city
                            : key == "stateOrProvinceCode" ? &loc.region
                            : key == "postalCode"          ? &loc.postal_code
                            : key == "countryCode"         ? &loc.country
                                                           : nullptr;
        std::string_view v;
        if (slot && !field.value.get(v)) slot->assign(v);
    }
    return loc;
}

// The members of one scan event, read in a single pass over the object.
struct RawScan {
    std::string_view date, event_type, derived, exception_code, exception_text, event_text, delay_type;
    std::optional<element> location;
};

RawScan read_raw_scan(element scan) {
    RawScan r;
    simdjson::dom::object fields;
    if (scan.get(fields)) return r;
    for (auto field : fields) {
        const std::string_view key = field.key;
        std::string_view* slot = nullptr;
        if (key == "date") {
            slot = &r.date;
        } else if (key == "eventType") {
            slot = &r.event_type;
        } else if (key == "derivedStatusCode") {
            slot = &r.derived;
        } else if (key == "exceptionCode") {
            slot = &r.exception_code;
        } else if (key == "exceptionDescription") {
            slot = &r.exception_text;
        } else if (key == "eventDescription") {
            slot = &r.event_text;
        } else if (key == "scanLocation") {
            if (field.value.is_object()) r.location = field.value;
        } else if (key == "delayDetail") {
            if (field.value.is_object()) r.delay_type = kit::json_string(field.value, "type");
        }
        if (slot && field.value.get(*slot)) *slot = {};
    }
    return r;
}

// The country of a party block: `{"address": {"countryCode": ...}}`.
std::string_view party_country(element result, std::string_view key) {
    auto party = child(result, key);
    if (!party) return {};
    auto address = child(*party, "address");
    return address ? kit::json_string(*address, "countryCode") : std::string_view{};
}

std::string_view party_region(element result, std::string_view key) {
    auto party = child(result, key);
    if (!party) return {};
    auto address = child(*party, "address");
    return address ? kit::json_string(*address, "stateOrProvinceCode") : std::string_view{};
}

// Estimated delivery: dateAndTimes ESTIMATED_DELIVERY, else the end of the estimated window. A time without
// an offset is read in the zone of the destination.
std::optional<sdk::Timestamp> estimated_delivery(element result, std::string_view dest_country,
                                                 std::string_view dest_region) {
    std::string_view text;
    if (auto dates = kit::json_array(result, "dateAndTimes")) {
        for (element d : *dates)
            if (kit::json_string(d, "type") == "ESTIMATED_DELIVERY") text = kit::json_string(d, "dateTime");
    }
    if (text.empty()) {
        if (auto window = child(result, "estimatedDeliveryTimeWindow")) {
            if (auto w = child(*window, "window")) {
                text = kit::json_string(*w, "ends");
                if (text.empty()) text = kit::json_string(*w, "begins");
            }
        }
    }
    kit::CarrierTime t = kit::read_iso_time(text);
    if (!t.wall) return std::nullopt;
    if (t.own_offset) return sdk::Timestamp{t.wall->time_since_epoch() - std::chrono::minutes{*t.own_offset}};
    return kit::resolve_wall_time(*t.wall, dest_country, dest_region, dest_country, dest_country).at;
}

// A signature where FedEx says it has one: a signer's name or a signature proof-of-delivery image.
std::optional<sdk::ProofOfDelivery> proof_of_delivery(element result) {
    auto details = child(result, "deliveryDetails");
    std::string_view signed_by, received_by;
    if (details) {
        signed_by = kit::json_string(*details, "signedByName");
        received_by = kit::json_string(*details, "receivedByName");
    }
    bool signature_image = false;
    if (auto images = kit::json_array(result, "availableImages")) {
        for (element image : *images)
            if (kit::json_string(image, "type") == "SIGNATURE_PROOF_OF_DELIVERY") signature_image = true;
    }
    if (signed_by.empty() && !signature_image) return std::nullopt;
    sdk::ProofOfDelivery pod;
    pod.kind = "signature";
    pod.received_by = signed_by.empty() ? received_by : signed_by;
    return pod;
}

// One trackResults entry into a finalized shipment.
sdk::Shipment read_result(element result, const sdk::TrackContext& context, std::string_view number) {
    sdk::Shipment s;
    s.carrier = "fedex";
    s.tracking_number = number.empty() ? context.tracking_number : std::string(number);

    std::string_view origin = party_country(result, "shipperInformation");
    std::string_view destination = party_country(result, "recipientInformation");
    if (origin.empty()) origin = destination;
    if (origin.empty()) origin = "US";  // FedEx's home market when the response names no country at all

    auto scans = kit::json_array(result, "scanEvents");
    if (scans) {
        s.events.reserve(scans->size());
        std::size_t index = 0;
        for (element scan : *scans) {
            const std::size_t i = index++;
            sdk::Event e;
            const RawScan r = read_raw_scan(scan);
            if (r.location) e.location = read_address(*r.location);
            if (!kit::set_event_time(e, kit::read_iso_time(r.date), origin, origin)) {
                s.warnings.push_back("scanEvents[" + std::to_string(i) + "]: no readable date (\"" +
                                     std::string(r.date.substr(0, 40)) + "\"), dropped");
                continue;
            }
            CodeMapping m = map_scan({r.event_type, r.derived, r.exception_code, r.delay_type,
                                      !e.location.city.empty() || !e.location.postal_code.empty()});
            e.code = r.event_type.empty() ? r.derived : r.event_type;
            e.description = r.exception_text.empty() ? r.event_text : r.exception_text;
            e.status = m.status;
            e.substatus = m.substatus;
            e.physical_scan = m.physical_scan;
            e.return_leg = m.return_leg;
            if (!m.known) {
                g_unknown_codes.fetch_add(1, std::memory_order_relaxed);
                s.warnings.push_back("scanEvents[" + std::to_string(i) + "]: unknown code \"" + e.code +
                                     "\"");
            }
            s.events.push_back(std::move(e));
        }
    }

    // Carriers list the newest event first: turned around here, the sort that follows has nothing to move.
    if (s.events.size() > 1 && s.events.front().at > s.events.back().at)
        std::reverse(s.events.begin(), s.events.end());

    s.estimated_delivery = estimated_delivery(result, destination.empty() ? origin : destination,
                                              party_region(result, "recipientInformation"));
    auto pod = proof_of_delivery(result);
    if (pod && !pod->received_by.empty())
        for (sdk::Event& e : s.events)
            if (e.code == "DL" && !e.return_leg) e.substatus = "signed";
    sdk::finalize_shipment(s);
    if (s.delivered_at) s.proof_of_delivery = std::move(pod);  // the recipient's delivery, not a return's
    return s;
}

struct CarrierError {
    std::string_view code;
    std::string_view message;
};

CarrierError first_error(element parent, std::string_view key) {
    simdjson::dom::element errors;
    if (parent[key].get(errors)) return {};
    if (errors.is_object()) return {kit::json_string(errors, "code"), kit::json_string(errors, "message")};
    array list;
    if (errors.get(list) || list.size() == 0) return {};
    element first = list.at(0).value_unsafe();
    return {kit::json_string(first, "code"), kit::json_string(first, "message")};
}

sdk::TrackResult error_result(const CarrierError& error) {
    std::string text = "fedex: " + std::string(error.code);
    if (!error.message.empty()) text += ": " + std::string(error.message);
    if (error.code == kNotFound) return sdk::TrackResult::not_found(std::move(text));
    return sdk::TrackResult::permanent(std::move(text));
}

sdk::TrackResult normalize_document(std::string_view payload, const sdk::TrackContext& context) {
    element root;
    if (auto err = kit::parse_json(payload).get(root))
        return sdk::TrackResult::permanent(std::string("fedex: malformed JSON: ") +
                                           simdjson::error_message(err));
    if (!root.is_object()) return sdk::TrackResult::permanent("fedex: the document is not a JSON object");

    auto output = child(root, "output");
    if (!output) {
        CarrierError error = first_error(root, "errors");
        if (!error.code.empty()) return error_result(error);
        return sdk::TrackResult::permanent("fedex: no \"output\" in the document");
    }
    auto complete = kit::json_array(*output, "completeTrackResults");
    if (!complete || complete->size() == 0)
        return sdk::TrackResult::permanent("fedex: no output.completeTrackResults in the document");

    // The entry for the number asked about; the first one when the context names none or none matches.
    element entry = complete->at(0).value_unsafe();
    if (!context.tracking_number.empty()) {
        for (element e : *complete)
            if (kit::json_string(e, "trackingNumber") == context.tracking_number) {
                entry = e;
                break;
            }
    }
    auto results = kit::json_array(entry, "trackResults");
    if (!results || results->size() == 0)
        return sdk::TrackResult::permanent("fedex: no trackResults for the number");

    std::vector<sdk::Shipment> shipments;
    CarrierError error;
    for (element result : *results) {
        CarrierError e = first_error(result, "error");
        if (!e.code.empty()) {
            if (error.code.empty() || e.code == kNotFound) error = e;
            continue;
        }
        std::string_view number;
        if (auto info = child(result, "trackingNumberInfo"))
            number = kit::json_string(*info, "trackingNumber");
        if (number.empty()) number = kit::json_string(entry, "trackingNumber");
        shipments.push_back(read_result(result, context, number));
    }
    if (shipments.empty()) return error_result(error);
    if (shipments.size() == 1) return sdk::TrackResult::ok(std::move(shipments.front()));

    std::string warning;
    std::size_t kept = kit::pick_result(shipments, context, &warning);
    sdk::Shipment chosen = std::move(shipments[kept]);
    if (!warning.empty()) chosen.warnings.push_back(std::move(warning));
    return sdk::TrackResult::ok(std::move(chosen));
}

}  // namespace

std::uint64_t unknown_code_count() noexcept {
    return g_unknown_codes.load(std::memory_order_relaxed);
}

sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) noexcept {
    return sdk::contain(
        [&] { return normalize_document(payload, context); },
        [](std::string_view what) {
            return sdk::TrackResult::permanent("fedex: cannot normalize the document: " + std::string(what));
        });
}

}  // namespace unstuck::carriers::fedex
