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

namespace unstuck::carriers::dhl {
namespace {

std::atomic<std::uint64_t> g_unknown_codes{0};

using simdjson::dom::element;

// The object at `key` as an element (the json_string accessors take elements), or nothing.
std::optional<element> child(element parent, std::string_view key) noexcept {
    element out;
    if (parent[key].get(out) || !out.is_object()) return std::nullopt;
    return out;
}

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

// The state or province a locality names in countries of several zones: DHL writes `CINCINNATI HUB, OH - USA`
// (Express) or `SECAUCUS, NJ, US` (eCommerce). Empty when the locality names none.
std::string_view region_of_locality(std::string_view locality, std::string_view country) {
    if (country != "US" && country != "CA" && country != "AU") return {};
    for (std::size_t pos = locality.find(", "); pos != std::string_view::npos;
         pos = locality.find(", ", pos + 1)) {
        std::size_t start = pos + 2;
        std::size_t end = start;
        while (end < locality.size() && is_upper(locality[end])) ++end;
        std::size_t len = end - start;
        bool bounded = end == locality.size() || locality[end] == ',' || locality[end] == ' ';
        if ((len == 2 || (len == 3 && country == "AU")) && bounded) return locality.substr(start, len);
    }
    return {};
}

// A place: `{"address": {"countryCode", "postalCode", "addressLocality"}}`, written into `loc`.
void read_place(element place, sdk::Location& loc) {
    auto address = child(place, "address");
    if (!address) return;
    std::string_view locality, country, postal;
    simdjson::dom::object fields;
    if (address->get(fields)) return;
    for (auto field : fields) {
        std::string_view* slot = field.key == "addressLocality" ? &locality
                                 : field.key == "countryCode"   ? &country
                                 : field.key == "postalCode"    ? &postal
                                                                : nullptr;
        if (slot && field.value.get(*slot)) *slot = {};
    }
    loc.city = locality;
    loc.region = region_of_locality(locality, country);
    loc.postal_code = postal;
    loc.country = country;
}

// The place under `key`, or an empty one.
sdk::Location read_place(element parent, std::string_view key) {
    sdk::Location loc;
    if (auto place = child(parent, key)) read_place(*place, loc);
    return loc;
}

// The members of one event, read in a single pass over the object.
struct RawEvent {
    std::string_view timestamp, status_code, status, description;
    std::optional<element> location;
};

RawEvent read_raw_event(element event) {
    RawEvent r;
    simdjson::dom::object fields;
    if (event.get(fields)) return r;
    for (auto field : fields) {
        const std::string_view key = field.key;
        std::string_view* slot = nullptr;
        switch (key.size()) {
            case 6:
                if (key == "status") slot = &r.status;
                break;
            case 8:
                if (key == "location" && field.value.is_object()) r.location = field.value;
                break;
            case 9:
                if (key == "timestamp") slot = &r.timestamp;
                break;
            case 10:
                if (key == "statusCode") slot = &r.status_code;
                break;
            case 11:
                if (key == "description") slot = &r.description;
                break;
            default:
                break;
        }
        if (slot && field.value.get(*slot)) *slot = {};
    }
    return r;
}

std::optional<sdk::Timestamp> read_instant(std::string_view text, std::string_view country) {
    kit::CarrierTime t = kit::read_iso_time(text);
    if (!t.wall) return std::nullopt;
    if (t.own_offset) return sdk::Timestamp{t.wall->time_since_epoch() - std::chrono::minutes{*t.own_offset}};
    return kit::resolve_wall_time(*t.wall, country, {}, country, country).at;
}

std::string person_name(element person) {
    std::string_view name = kit::json_string(person, "name");
    if (!name.empty()) return std::string(name);
    std::string given(kit::json_string(person, "givenName"));
    std::string_view family = kit::json_string(person, "familyName");
    if (!given.empty() && !family.empty()) given += ' ';
    given += family;
    return given;
}

std::optional<sdk::ProofOfDelivery> proof_of_delivery(element shipment) {
    auto details = child(shipment, "details");
    if (!details) return std::nullopt;
    auto pod = child(*details, "proofOfDelivery");
    if (!pod) return std::nullopt;
    std::string_view signature_url = kit::json_string(*pod, "signatureUrl");
    std::string_view document_url = kit::json_string(*pod, "documentUrl");
    std::string signer;
    if (auto signed_by = child(*pod, "signed")) signer = person_name(*signed_by);
    if (signature_url.empty() && document_url.empty() && signer.empty()) return std::nullopt;
    sdk::ProofOfDelivery out;
    out.kind = !signature_url.empty() || !signer.empty() ? "signature" : "document";
    out.received_by = std::move(signer);
    out.url = signature_url.empty() ? document_url : signature_url;
    return out;
}

// The shipment's id may be a string or a number.
std::string shipment_id(element shipment) {
    std::string_view s = kit::json_string(shipment, "id");
    if (!s.empty()) return std::string(s);
    if (auto n = kit::json_integer(shipment, "id")) return std::to_string(*n);
    return {};
}

sdk::Shipment read_shipment(element shipment, const sdk::TrackContext& context) {
    sdk::Shipment s;
    s.carrier = "dhl";
    s.tracking_number = shipment_id(shipment);
    if (s.tracking_number.empty()) s.tracking_number = context.tracking_number;

    std::string origin(read_place(shipment, "origin").country);
    std::string destination(read_place(shipment, "destination").country);

    auto events = kit::json_array(shipment, "events");
    if (origin.empty() && events) {  // no origin block: the last place listed (DHL lists newest first)
        for (element e : *events) {
            std::string country(read_place(e, "location").country);
            if (!country.empty()) origin = country;
        }
    }
    if (origin.empty()) origin = destination;

    // Without events, the shipment's latest status is the one event there is.
    std::vector<element> raws;
    if (events) {
        raws.reserve(events->size());
        for (element raw : *events) raws.push_back(raw);
    }
    const bool from_status = raws.empty();
    if (from_status) {
        simdjson::dom::element status;
        if (!shipment["status"].get(status) && status.is_object()) raws.push_back(status);
    }
    auto where = [from_status](std::size_t i) {
        return from_status ? std::string("status") : "events[" + std::to_string(i) + "]";
    };
    // DHL lists the newest event first: the events are read from the last, so that they come out oldest first
    // without being moved, and turned around only for a document in the other order (or whose first and last
    // events share their time), which gives the order reading them as listed and reversing would give.
    s.events.reserve(raws.size());
    std::vector<std::string> warnings;  // in reading order, turned around to the document's order at the end
    for (std::size_t i = raws.size(); i-- > 0;) {
        sdk::Event& e = s.events.emplace_back();
        const RawEvent r = read_raw_event(raws[i]);
        if (r.location) read_place(*r.location, e.location);
        std::string_view timestamp = r.timestamp;
        // A place in a country of several zones without a state falls back to that country's main zone.
        std::string_view fallback =
            e.location.country.empty() ? std::string_view(origin) : e.location.country;
        if (!kit::set_event_time(e, kit::read_iso_time(timestamp), {}, fallback)) {
            warnings.push_back(where(i) + ": no readable timestamp (\"" +
                               std::string(timestamp.substr(0, 40)) + "\"), dropped");
            s.events.pop_back();
            continue;
        }
        std::string_view status_code = r.status_code;
        std::string_view status_text = r.status;
        std::string_view description = r.description;
        CodeMapping m = map_event(status_code, description, status_text, !e.location.empty());
        e.code = status_code;
        e.description = description.empty() ? status_text : description;
        e.status = m.status;
        e.substatus = m.substatus;
        e.physical_scan = m.physical_scan;
        e.return_leg = m.return_leg;
        if (!m.known) {
            g_unknown_codes.fetch_add(1, std::memory_order_relaxed);
            warnings.push_back(where(i) + ": unknown statusCode \"" + e.code + "\"");
        }
    }
    s.warnings.insert(s.warnings.end(), std::make_move_iterator(warnings.rbegin()),
                      std::make_move_iterator(warnings.rend()));
    if (s.events.size() > 1 && s.events.front().at >= s.events.back().at)
        std::reverse(s.events.begin(), s.events.end());

    std::string_view eta = kit::json_string(shipment, "estimatedTimeOfDelivery");
    if (eta.empty()) {
        if (auto frame = child(shipment, "estimatedDeliveryTimeFrame"))
            eta = kit::json_string(*frame, "estimatedThrough");
    }
    s.estimated_delivery = read_instant(eta, destination.empty() ? origin : destination);
    sdk::finalize_shipment(s);
    if (s.delivered_at) s.proof_of_delivery = proof_of_delivery(shipment);  // not for a return's delivery
    return s;
}

// The API's problem document (RFC 7807): {"title", "status", "detail", "instance"}.
std::optional<sdk::TrackResult> problem_result(element root) {
    auto status = kit::json_integer(root, "status");
    std::string_view title = kit::json_string(root, "title");
    if (!status && title.empty()) return std::nullopt;
    std::string_view detail = kit::json_string(root, "detail");
    std::string text = "dhl: " + std::string(detail.empty() ? title : detail);
    if (status) text += " (HTTP " + std::to_string(*status) + ")";
    if (status == 404) return sdk::TrackResult::not_found(std::move(text));
    if (status == 429 || (status && *status >= 500)) return sdk::TrackResult::transient(std::move(text));
    return sdk::TrackResult::permanent(std::move(text));
}

sdk::TrackResult normalize_document(std::string_view payload, const sdk::TrackContext& context) {
    element root;
    if (auto err = kit::parse_json(payload).get(root))
        return sdk::TrackResult::permanent(std::string("dhl: malformed JSON: ") +
                                           simdjson::error_message(err));
    if (!root.is_object()) return sdk::TrackResult::permanent("dhl: the document is not a JSON object");

    auto shipments = kit::json_array(root, "shipments");
    if (!shipments) {
        if (auto problem = problem_result(root)) return std::move(*problem);
        return sdk::TrackResult::permanent("dhl: no \"shipments\" in the document");
    }
    if (shipments->size() == 0) return sdk::TrackResult::not_found("dhl: no shipment for this number");

    std::vector<sdk::Shipment> found;
    found.reserve(shipments->size());
    for (element shipment : *shipments) {
        if (!shipment.is_object()) continue;
        found.push_back(read_shipment(shipment, context));
    }
    if (found.empty()) return sdk::TrackResult::permanent("dhl: no readable shipment in the document");
    if (found.size() == 1) return sdk::TrackResult::ok(std::move(found.front()));

    std::string warning;
    std::size_t kept = kit::pick_result(found, context, &warning);
    sdk::Shipment chosen = std::move(found[kept]);
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
            return sdk::TrackResult::permanent("dhl: cannot normalize the document: " + std::string(what));
        });
}

}  // namespace unstuck::carriers::dhl
