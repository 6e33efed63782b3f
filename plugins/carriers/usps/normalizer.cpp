#include "carriers/usps/normalizer.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "carriers/usps/codes.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/local_time.hpp"
#include "unstuck/kit/result_picker.hpp"
#include "unstuck/sdk/contain.hpp"

namespace unstuck::carriers::usps {
namespace {

using namespace std::chrono;
using simdjson::dom::element;

std::atomic<std::uint64_t> g_unknown_codes{0};

// A delivery's signer, remembered until the events are sorted.
struct Signer {
    sdk::Timestamp at;
    std::string name;
};

// `2024-11-22T13:58:00` (or with an offset) into the parts of CarrierTime; a date alone is midnight.
void read_event_time(std::string_view text, kit::CarrierTime& t) {
    if (text.empty()) return;
    if (auto with_offset = sdk::parse_offset_timestamp(text)) {
        t.own_offset = with_offset->offset_minutes;
        t.wall =
            sdk::LocalTimestamp{with_offset->at.time_since_epoch() + minutes{with_offset->offset_minutes}};
        return;
    }
    if (auto wall = sdk::parse_local_timestamp(text)) {
        t.wall = *wall;
        return;
    }
    if (text.size() == 10) {
        if (auto day = sdk::parse_local_timestamp(std::string(text) + "T00:00:00")) t.wall = *day;
    }
}

std::optional<sdk::Timestamp> read_instant(std::string_view text, std::string_view region) {
    if (text.empty()) return std::nullopt;
    if (auto at = sdk::parse_timestamp(text)) return *at;
    kit::CarrierTime t;
    read_event_time(text, t);
    if (!t.wall) return std::nullopt;
    if (text.size() == 10) return sdk::Timestamp{t.wall->time_since_epoch()};  // a date: midnight UTC
    return kit::resolve_wall_time(*t.wall, "US", region, "US", "US").at;
}

sdk::Shipment build_shipment(element doc, const sdk::TrackContext& context) {
    sdk::Shipment s;
    s.carrier = "usps";
    std::string_view number = kit::json_string(doc, "trackingNumber");
    s.tracking_number = number.empty() ? std::string_view(context.tracking_number) : number;
    std::string origin(kit::json_string(doc, "originCountry"));
    if (origin.size() != 2) origin = "US";

    std::vector<Signer> signers;
    if (auto events = kit::json_array(doc, "trackingEvents")) {
        s.events.reserve(events->size());
        std::size_t index = 0;
        for (element ev : *events) {
            const std::size_t i = index++;
            sdk::Event e;
            enum Field { kCode, kType, kCity, kState, kZip, kCountry, kStamp, kGmt, kOffset, kName, kCount };
            static constexpr std::array<std::string_view, kCount> kKeys{
                "eventCode",    "eventType",      "eventCity",    "eventState", "eventZIP",
                "eventCountry", "eventTimestamp", "GMTTimestamp", "GMTOffset",  "name"};
            const auto f = kit::json_strings(ev, kKeys);
            std::string_view code = f[kCode];
            auto m = map_event_code(code);
            if (!m) {
                g_unknown_codes.fetch_add(1, std::memory_order_relaxed);
                s.warnings.push_back("trackingEvents[" + std::to_string(i) + "]: unknown USPS event code \"" +
                                     std::string(code) + "\"");
                m = CodeMapping{sdk::TrackingStatus::kUnknown, "other", false, false};
            }
            e.status = m->status;
            e.substatus = m->substatus;
            e.physical_scan = m->physical;
            e.return_leg = m->return_leg;
            e.code = code;
            e.description = f[kType];
            e.location.city = f[kCity];
            e.location.region = f[kState];
            e.location.postal_code = f[kZip];
            e.location.country = f[kCountry];

            kit::CarrierTime t;
            read_event_time(f[kStamp], t);
            if (!f[kGmt].empty())
                if (auto at = sdk::parse_timestamp(f[kGmt])) t.utc = *at;
            t.offset_field = kit::parse_utc_offset(f[kOffset]);
            if (!kit::set_event_time(e, t, "US", origin)) {
                s.warnings.push_back("trackingEvents[" + std::to_string(i) + "]: no readable time, dropped");
                continue;
            }
            if (e.status == sdk::TrackingStatus::kDelivered) {
                std::string_view name = f[kName];
                if (!name.empty()) signers.push_back({e.at, std::string(name)});
            }
            s.events.push_back(std::move(e));
        }
        // USPS lists events newest first: oldest first makes the sort that follows a single pass.
        std::reverse(s.events.begin(), s.events.end());
    }
    std::string_view region = kit::json_string(doc, "destinationState");
    s.estimated_delivery = read_instant(kit::json_string(doc, "expectedDeliveryTimeStamp"), region);
    if (!s.estimated_delivery)
        s.estimated_delivery = read_instant(kit::json_string(doc, "predictedDeliveryDate"), region);

    sdk::finalize_shipment(s);
    if (s.delivered_at) {
        for (const Signer& signer : signers)
            if (signer.at == *s.delivered_at)
                s.proof_of_delivery = sdk::ProofOfDelivery{"signature", signer.name, ""};
    }
    return s;
}

sdk::TrackResult from_error_document(element error) {
    std::string code;
    if (auto as_int = kit::json_integer(error, "code"))
        code = std::to_string(*as_int);
    else
        code = kit::json_string(error, "code");
    std::string message(kit::json_string(error, "message"));
    if (auto details = kit::json_array(error, "errors")) {
        for (element d : *details) {
            std::string_view detail = kit::json_string(d, "detail");
            if (detail.empty()) detail = kit::json_string(d, "title");
            if (!detail.empty()) {
                if (!message.empty()) message += message.back() == '.' ? " " : ": ";
                message += detail;
                break;
            }
        }
    }
    std::string line = "usps: " + (code.empty() ? std::string("error") : "error " + code) +
                       (message.empty() ? "" : ": " + message);
    if (code == "404") return sdk::TrackResult::not_found(std::move(line));
    if (code == "429" || (code.size() == 3 && code[0] == '5'))
        return sdk::TrackResult::transient(std::move(line));
    return sdk::TrackResult::permanent(std::move(line));
}

sdk::TrackResult normalize_impl(std::string_view payload, const sdk::TrackContext& context) {
    element root;
    if (auto err = kit::parse_json(payload).get(root))
        return sdk::TrackResult::permanent(std::string("usps: malformed JSON: ") +
                                           simdjson::error_message(err));

    std::vector<element> docs;
    if (root.is_array()) {
        for (element d : root.get_array())
            if (d.is_object()) docs.push_back(d);
    } else if (root.is_object()) {
        element error;
        if (!root["error"].get(error) && error.is_object()) return from_error_document(error);
        docs.push_back(root);
    } else {
        return sdk::TrackResult::permanent("usps: document is not a JSON object");
    }

    std::vector<sdk::Shipment> built;
    std::optional<sdk::TrackResult> first_error;
    for (element d : docs) {
        element error;
        if (!d["error"].get(error) && error.is_object()) {
            if (!first_error) first_error = from_error_document(error);
            continue;
        }
        built.push_back(build_shipment(d, context));
    }
    if (built.empty()) {
        if (first_error) return std::move(*first_error);
        return sdk::TrackResult::not_found("usps: the answer holds no tracking details");
    }
    if (built.size() == 1) return sdk::TrackResult::ok(std::move(built.front()));
    std::string warning;
    std::size_t chosen = kit::pick_result(built, context, &warning);
    sdk::Shipment s = std::move(built[chosen]);
    s.warnings.insert(s.warnings.begin(), std::move(warning));
    return sdk::TrackResult::ok(std::move(s));
}

}  // namespace

sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) noexcept {
    return sdk::contain(
        [&] { return normalize_impl(payload, context); },
        [](std::string_view what) {
            return sdk::TrackResult::permanent("usps: cannot read the document: " + std::string(what));
        });
}

std::uint64_t unknown_code_count() noexcept {
    return g_unknown_codes.load(std::memory_order_relaxed);
}

}  // namespace unstuck::carriers::usps
