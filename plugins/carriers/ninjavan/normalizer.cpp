#include "normalizer.hpp"

#include <array>
#include <atomic>
#include <optional>
#include <string>

#include "codes.hpp"
#include "unstuck/kit/iso_time.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/local_time.hpp"
#include "unstuck/sdk/contain.hpp"
#include "unstuck/sdk/model.hpp"

namespace unstuck::carriers::ninjavan {
namespace {

std::atomic<std::uint64_t> g_unknown_codes{0};

using simdjson::dom::element;

// The object at `key` as an element, or nothing.
std::optional<element> child(element parent, std::string_view key) noexcept {
    element out;
    if (parent[key].get(out) || !out.is_object()) return std::nullopt;
    return out;
}

// The hub information blocks, in the order they are looked at for the event's place.
constexpr std::array<std::string_view, 4> kHubBlocks{
    "arrived_at_origin_hub_information", "arrived_at_transit_hub_information",
    "arrived_at_destination_hub_information", "in_transit_to_next_sorting_hub_information"};

// A hub's country as Ninja Van writes it (a code or a name of its countries) as ISO alpha-2; empty otherwise.
std::string country_code(std::string_view text) {
    if (text.size() == 2) {
        std::string code(text);
        for (char& c : code)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z') return code;
        return {};
    }
    static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
        {"Singapore", "SG"}, {"Malaysia", "MY"}, {"Indonesia", "ID"}, {"Philippines", "PH"},
        {"Thailand", "TH"},  {"Vietnam", "VN"},  {"Viet Nam", "VN"},  {"Myanmar", "MM"}};
    for (const auto& [name, code] : kNames)
        if (name == text) return std::string(code);
    return {};
}

// `...+0800` is written `...+08:00` so the kit reads its offset.
std::string with_colon_offset(std::string_view t) {
    std::string out(t);
    const std::size_t n = out.size();
    if (n >= 24 && (out[n - 5] == '+' || out[n - 5] == '-') && out.find('T') != std::string::npos) {
        bool digits = true;
        for (std::size_t i = n - 4; i < n; ++i) digits = digits && out[i] >= '0' && out[i] <= '9';
        if (digits) out.insert(n - 2, ":");
    }
    return out;
}

// A reason Ninja Van gives beside the event, if any.
std::string_view reason_of(element body) {
    for (std::string_view block : {"delivery_exception", "pickup_exception"}) {
        if (auto b = child(body, block)) {
            std::string_view r = kit::json_string(*b, "failure_reason");
            if (!r.empty()) return r;
        }
    }
    if (auto c = child(body, "cancellation_information")) {
        std::string_view r = kit::json_string(*c, "cancellation_reason");
        if (!r.empty()) return r;
    }
    return kit::json_string(body, "rts_reason");
}

std::optional<sdk::ProofOfDelivery> proof_of(element body) {
    auto info = child(body, "delivery_information");
    if (!info) return std::nullopt;
    auto proof = child(*info, "proof");
    if (!proof) return std::nullopt;
    sdk::ProofOfDelivery pod;
    if (auto signer = child(*proof, "signed_by")) pod.received_by = kit::json_string(*signer, "name");
    std::string_view signature = kit::json_string(*proof, "signature_uri");
    std::string_view photo;
    if (auto images = kit::json_array(*proof, "image_uris"))
        for (element image : *images)
            if (image.is_string()) {
                photo = image.get_string().value_unsafe();
                break;
            }
    if (!signature.empty()) {
        pod.kind = "signature";
        pod.url = signature;
    } else if (!photo.empty()) {
        pod.kind = "photo";
        pod.url = photo;
    } else if (!pod.received_by.empty()) {
        pod.kind = "signature";
    } else {
        return std::nullopt;
    }
    return pod;
}

// One body as one event; nothing (with a warning) when it has no readable time.
std::optional<sdk::Event> read_event(element body, std::string_view country, const std::string& where,
                                     std::vector<std::string>& warnings) {
    sdk::Event e;
    for (std::string_view block : kHubBlocks) {
        if (auto hub = child(body, block)) {
            e.location.city = kit::json_string(*hub, "city");
            e.location.country = country_code(kit::json_string(*hub, "country"));
            break;
        }
    }
    std::string_view timestamp = kit::json_string(body, "timestamp");
    const std::string_view zone_country = e.location.country.empty() ? country : e.location.country;
    if (!kit::set_event_time(e, kit::read_iso_time(with_colon_offset(timestamp)), zone_country, country)) {
        warnings.push_back(where + ": no readable timestamp (\"" + std::string(timestamp.substr(0, 40)) +
                           "\"), dropped");
        return std::nullopt;
    }
    std::string_view event = kit::json_string(body, "event");
    std::string_view status = kit::json_string(body, "status");
    const CodeMapping* m = map_event(event);
    if (!m && !status.empty()) m = map_event(status);
    e.code = event.empty() ? status : event;
    e.description = e.code;
    if (std::string_view reason = reason_of(body); !reason.empty())
        e.description += ": " + std::string(reason);
    if (m) {
        e.status = m->status;
        e.substatus = m->substatus;
        e.physical_scan = m->physical_scan;
        e.return_leg = m->return_leg;
        if (e.status == sdk::TrackingStatus::kDelivered) {
            if (auto info = child(body, "delivery_information");
                info && kit::json_flag(*info, "left_in_safe_place") == true)
                e.substatus = "safe_place";
        }
    } else {
        g_unknown_codes.fetch_add(1, std::memory_order_relaxed);
        e.physical_scan = false;
        warnings.push_back(where + ": unknown event \"" + e.code + "\"");
    }
    if (kit::json_flag(body, "is_parcel_on_rts_leg") == true) e.return_leg = true;
    return e;
}

// The bodies of a document: one object, or an array of objects.
sdk::Result<std::vector<element>> bodies_of(element root) {
    std::vector<element> bodies;
    if (root.is_object()) {
        bodies.push_back(root);
    } else if (root.is_array()) {
        std::size_t i = 0;
        simdjson::dom::array list = root.get_array().value_unsafe();
        for (element b : list) {
            if (!b.is_object()) return sdk::Error{"[" + std::to_string(i) + "]: not an object"};
            bodies.push_back(b);
            ++i;
        }
    } else {
        return sdk::Error{"neither a webhook body nor a list of them"};
    }
    return bodies;
}

std::string where_of(std::size_t i, std::size_t count) {
    return count == 1 ? std::string("body") : "[" + std::to_string(i) + "]";
}

// The shipment of one tracking id from the bodies about it (positions into `bodies`).
sdk::Shipment read_shipment(const std::vector<element>& bodies, const std::vector<std::size_t>& mine,
                            std::string_view tracking_id, std::string_view country) {
    sdk::Shipment s;
    s.carrier = "ninjavan";
    s.tracking_number = tracking_id;
    std::optional<sdk::ProofOfDelivery> pod;
    std::optional<sdk::Timestamp> pod_at;
    for (std::size_t i : mine) {
        auto e = read_event(bodies[i], country, where_of(i, bodies.size()), s.warnings);
        if (!e) continue;
        if (e->status == sdk::TrackingStatus::kDelivered && !e->return_leg && (!pod_at || e->at >= *pod_at)) {
            pod_at = e->at;
            pod = proof_of(bodies[i]);
        }
        s.events.push_back(std::move(*e));
    }
    sdk::finalize_shipment(s);
    if (s.delivered_at && pod) s.proof_of_delivery = std::move(pod);
    return s;
}

sdk::TrackResult normalize_document(std::string_view payload, const sdk::TrackContext& context,
                                    std::string_view country) {
    element root;
    if (auto err = kit::parse_json(payload).get(root))
        return sdk::TrackResult::permanent(std::string("ninjavan: malformed JSON: ") +
                                           simdjson::error_message(err));
    auto bodies = bodies_of(root);
    if (!bodies) return sdk::TrackResult::permanent("ninjavan: " + bodies.error().message);
    if (bodies->empty()) return sdk::TrackResult::not_found("ninjavan: no webhook body in the document");

    std::string wanted = context.tracking_number;
    if (wanted.empty()) wanted = kit::json_string(bodies->front(), "tracking_id");
    std::vector<std::size_t> mine;
    std::size_t others = 0;
    for (std::size_t i = 0; i < bodies->size(); ++i) {
        std::string_view id = kit::json_string((*bodies)[i], "tracking_id");
        if (id.empty())
            return sdk::TrackResult::permanent("ninjavan: " + where_of(i, bodies->size()) +
                                               ": no tracking_id");
        if (id == wanted)
            mine.push_back(i);
        else
            ++others;
    }
    if (mine.empty()) return sdk::TrackResult::not_found("ninjavan: no webhook body for " + wanted);
    sdk::Shipment s = read_shipment(*bodies, mine, wanted, country);
    if (others > 0)
        s.warnings.push_back(std::to_string(others) + " webhook bodies of other tracking ids left out");
    return sdk::TrackResult::ok(std::move(s));
}

sdk::Result<std::vector<sdk::TrackingUpdate>> read_push_document(std::string_view body,
                                                                 std::string_view country) {
    element root;
    if (auto err = kit::parse_json(body).get(root))
        return sdk::Error{std::string("ninjavan push: not JSON: ") + simdjson::error_message(err)};
    auto bodies = bodies_of(root);
    if (!bodies) return sdk::Error{"ninjavan push: " + bodies.error().message};
    if (bodies->empty()) return sdk::Error{"ninjavan push: an empty list"};
    // One update per tracking id, in the order the ids first appear.
    std::vector<std::string> ids;
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < bodies->size(); ++i) {
        element b = (*bodies)[i];
        std::string_view id = kit::json_string(b, "tracking_id");
        if (id.empty())
            return sdk::Error{"ninjavan push: " + where_of(i, bodies->size()) + ": no tracking_id"};
        if (kit::json_string(b, "timestamp").empty())
            return sdk::Error{"ninjavan push: " + where_of(i, bodies->size()) + ": no timestamp"};
        if (kit::json_string(b, "event").empty() && kit::json_string(b, "status").empty())
            return sdk::Error{"ninjavan push: " + where_of(i, bodies->size()) + ": neither event nor status"};
        std::size_t g = 0;
        while (g < ids.size() && ids[g] != id) ++g;
        if (g == ids.size()) {
            ids.emplace_back(id);
            groups.emplace_back();
        }
        groups[g].push_back(i);
    }
    std::vector<sdk::TrackingUpdate> updates;
    for (std::size_t g = 0; g < ids.size(); ++g) {
        sdk::TrackingUpdate u;
        u.tracking_number = ids[g];
        u.carrier = "ninjavan";
        u.shipment = read_shipment(*bodies, groups[g], ids[g], country);
        updates.push_back(std::move(u));
    }
    return updates;
}

}  // namespace

std::uint64_t unknown_code_count() noexcept {
    return g_unknown_codes.load(std::memory_order_relaxed);
}

sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context,
                           std::string_view country) noexcept {
    return sdk::contain([&] { return normalize_document(payload, context, country); },
                        [](std::string_view what) {
                            return sdk::TrackResult::permanent("ninjavan: cannot normalize the document: " +
                                                               std::string(what));
                        });
}

sdk::Result<std::vector<sdk::TrackingUpdate>> read_push(std::string_view body,
                                                        std::string_view country) noexcept {
    try {
        return read_push_document(body, country);
    } catch (const std::exception& e) {
        return sdk::Error{std::string("ninjavan push: cannot read it: ") + e.what()};
    } catch (...) {
        return sdk::Error{"ninjavan push: cannot read it"};
    }
}

}  // namespace unstuck::carriers::ninjavan
