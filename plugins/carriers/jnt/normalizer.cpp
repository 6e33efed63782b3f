#include "normalizer.hpp"

#include <date/tz.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <optional>
#include <string>

#include "codes.hpp"
#include "unstuck/kit/iso_time.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/local_time.hpp"
#include "unstuck/kit/result_picker.hpp"
#include "unstuck/sdk/contain.hpp"
#include "unstuck/sdk/model.hpp"

namespace unstuck::carriers::jnt {
namespace {

std::atomic<std::uint64_t> g_unknown_codes{0};

using simdjson::dom::element;

// A member written as a string or as a number, as text; empty otherwise.
std::string text_of(element object, std::string_view key) {
    element v;
    if (object[key].get(v)) return {};
    std::string_view s;
    if (!v.get(s)) return std::string(s);
    std::int64_t i;
    if (!v.get(i)) return std::to_string(i);
    std::uint64_t u;
    if (!v.get(u)) return std::to_string(u);
    return {};
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// `+08:00`, `+0800`, `+8`, `GMT+08:00`, `UTC+8` as minutes; nothing otherwise.
std::optional<int> offset_of_text(std::string_view text) {
    if (text.starts_with("GMT") || text.starts_with("UTC")) text.remove_prefix(3);
    if (text.empty() || (text[0] != '+' && text[0] != '-')) return std::nullopt;
    if (auto full = kit::parse_utc_offset(text)) return full;
    int hours = 0;
    auto [ptr, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), hours);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.size() > 3 || hours > 14)
        return std::nullopt;
    return (text[0] == '-' ? -60 : 60) * hours;
}

// The offset a scan's `timeZone` gives its wall time: an offset, or a zone name (`Asia/Kuala_Lumpur`).
std::optional<int> offset_of_zone(std::string_view zone_text, sdk::LocalTimestamp wall) {
    zone_text = trim(zone_text);
    if (zone_text.empty()) return std::nullopt;
    if (auto offset = offset_of_text(zone_text)) return offset;
    if (zone_text.find('/') == std::string_view::npos) return std::nullopt;
    try {
        const date::time_zone* zone = date::locate_zone(zone_text);
        date::local_seconds local{std::chrono::floor<std::chrono::seconds>(wall).time_since_epoch()};
        return static_cast<int>(
            std::chrono::duration_cast<std::chrono::minutes>(zone->get_info(local).first.offset).count());
    } catch (...) {
        return std::nullopt;
    }
}

struct Bill {
    sdk::Shipment shipment;
    std::size_t scans = 0;  // details listed, readable or not
};

Bill read_bill(element bill, std::string_view fallback_number, std::string_view country,
               std::string_view where) {
    Bill out;
    sdk::Shipment& s = out.shipment;
    s.carrier = "jnt";
    s.tracking_number = text_of(bill, "billCode");
    if (s.tracking_number.empty()) s.tracking_number = fallback_number;

    std::string pod_url;
    auto details = kit::json_array(bill, "details");
    std::size_t index = 0;
    if (details) {
        out.scans = details->size();
        s.events.reserve(details->size());
        for (element raw : *details) {
            const std::string at = std::string(where) + "details[" + std::to_string(index++) + "]";
            if (!raw.is_object()) {
                s.warnings.push_back(at + ": not an object, dropped");
                continue;
            }
            auto f = kit::json_strings(
                raw, std::array<std::string_view, 6>{"scanTime", "desc", "scanTypeName", "scanNetworkCity",
                                                     "timeZone", "sigPicUrl"});
            sdk::Event e;
            e.location.city = f[3];
            // The scan names no country: it is the tenant's, unless the scan carries a zone of its own.
            if (trim(f[4]).empty()) e.location.country = country;
            kit::CarrierTime time = kit::read_iso_time(trim(f[0]));
            if (time.wall && !time.own_offset) time.own_offset = offset_of_zone(f[4], *time.wall);
            if (!kit::set_event_time(e, time, country, country)) {
                s.warnings.push_back(at + ": no readable scanTime (\"" + std::string(f[0].substr(0, 40)) +
                                     "\"), dropped");
                continue;
            }
            e.code = text_of(raw, "scanTypeCode");
            e.description = f[1].empty() ? f[2] : f[1];
            if (const CodeMapping* m = map_code(e.code)) {
                e.status = m->status;
                e.substatus = m->substatus;
                e.physical_scan = m->physical_scan;
                e.return_leg = m->return_leg;
                if (e.code == "100" && !f[5].empty()) pod_url = f[5];
            } else {
                g_unknown_codes.fetch_add(1, std::memory_order_relaxed);
                e.physical_scan = false;
                s.warnings.push_back(at + ": unknown scanTypeCode \"" + e.code + "\" (" + std::string(f[2]) +
                                     ")");
            }
            s.events.push_back(std::move(e));
        }
    }
    // J&T lists the newest scan first: turned around here, the sort that follows has nothing to move.
    if (s.events.size() > 1 && s.events.front().at > s.events.back().at)
        std::reverse(s.events.begin(), s.events.end());
    sdk::finalize_shipment(s);
    if (s.delivered_at && !pod_url.empty())
        s.proof_of_delivery = sdk::ProofOfDelivery{"signature", {}, pod_url};
    return out;
}

// The Open Platform's error codes (`code` other than 1), and what they mean for a tracking request.
sdk::TrackResult error_result(std::string_view code, std::string_view msg) {
    std::string text = "jnt: code " + std::string(code) + (msg.empty() ? "" : ": " + std::string(msg));
    if (code == "145003030")
        return sdk::TrackResult::permanent(text + " (digest refused: check private_key)");
    if (code == "145003010" || code == "145003012")
        return sdk::TrackResult::permanent(text + " (check api_account and its permissions)");
    return sdk::TrackResult::permanent(std::move(text));
}

sdk::TrackResult normalize_document(std::string_view payload, const sdk::TrackContext& context,
                                    std::string_view country) {
    element root;
    if (auto err = kit::parse_json(payload).get(root))
        return sdk::TrackResult::permanent(std::string("jnt: malformed JSON: ") +
                                           simdjson::error_message(err));
    if (!root.is_object()) return sdk::TrackResult::permanent("jnt: the document is not a JSON object");
    const std::string code = text_of(root, "code");
    if (code.empty()) return sdk::TrackResult::permanent("jnt: no \"code\" in the document");
    if (code != "1") return error_result(code, kit::json_string(root, "msg"));

    std::vector<element> bills;
    element data;
    if (!root["data"].get(data)) {
        if (data.is_array()) {
            simdjson::dom::array list = data.get_array().value_unsafe();
            for (element b : list)
                if (b.is_object()) bills.push_back(b);
        } else if (data.is_object()) {
            bills.push_back(data);
        } else if (!data.is_null()) {
            return sdk::TrackResult::permanent("jnt: \"data\" is neither a list nor an object");
        }
    }
    // Only the bills of the number asked for, when it is known and listed.
    if (!context.tracking_number.empty()) {
        std::vector<element> mine;
        for (element b : bills)
            if (text_of(b, "billCode") == context.tracking_number) mine.push_back(b);
        if (!mine.empty()) bills = std::move(mine);
    }
    if (bills.empty()) return sdk::TrackResult::not_found("jnt: no bill for this number");

    std::vector<sdk::Shipment> found;
    std::size_t index = 0;
    for (element b : bills) {
        Bill bill = read_bill(b, context.tracking_number, country, "data[" + std::to_string(index++) + "].");
        if (bill.scans > 0) found.push_back(std::move(bill.shipment));
    }
    if (found.empty()) return sdk::TrackResult::not_found("jnt: the bill has no scans");
    if (found.size() == 1) return sdk::TrackResult::ok(std::move(found.front()));
    std::string warning;
    std::size_t kept = kit::pick_result(found, context, &warning);
    sdk::Shipment chosen = std::move(found[kept]);
    if (!warning.empty()) chosen.warnings.push_back(std::move(warning));
    return sdk::TrackResult::ok(std::move(chosen));
}

sdk::Result<std::vector<sdk::TrackingUpdate>> read_push_document(std::string_view biz_content,
                                                                 std::string_view country) {
    element root;
    if (auto err = kit::parse_json(biz_content).get(root))
        return sdk::Error{std::string("jnt push: bizContent is not JSON: ") + simdjson::error_message(err)};
    std::vector<element> items;
    if (root.is_array()) {
        simdjson::dom::array list = root.get_array().value_unsafe();
        for (element item : list) items.push_back(item);
    } else if (root.is_object()) {
        items.push_back(root);
    } else {
        return sdk::Error{"jnt push: bizContent is neither a list nor an object"};
    }
    std::vector<sdk::TrackingUpdate> updates;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string where = "bizContent[" + std::to_string(i) + "]";
        if (!items[i].is_object()) return sdk::Error{"jnt push: " + where + ": not an object"};
        if (text_of(items[i], "billCode").empty()) return sdk::Error{"jnt push: " + where + ": no billCode"};
        if (!kit::json_array(items[i], "details"))
            return sdk::Error{"jnt push: " + where + ": no details list"};
        Bill bill = read_bill(items[i], {}, country, where + ".");
        sdk::TrackingUpdate update;
        update.tracking_number = bill.shipment.tracking_number;
        update.carrier = "jnt";
        update.shipment = std::move(bill.shipment);
        updates.push_back(std::move(update));
    }
    if (updates.empty()) return sdk::Error{"jnt push: bizContent lists no bill"};
    return updates;
}

}  // namespace

std::uint64_t unknown_code_count() noexcept {
    return g_unknown_codes.load(std::memory_order_relaxed);
}

sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context,
                           std::string_view country) noexcept {
    return sdk::contain(
        [&] { return normalize_document(payload, context, country); },
        [](std::string_view what) {
            return sdk::TrackResult::permanent("jnt: cannot normalize the document: " + std::string(what));
        });
}

sdk::Result<std::vector<sdk::TrackingUpdate>> read_push(std::string_view biz_content,
                                                        std::string_view country) noexcept {
    try {
        return read_push_document(biz_content, country);
    } catch (const std::exception& e) {
        return sdk::Error{std::string("jnt push: cannot read it: ") + e.what()};
    } catch (...) {
        return sdk::Error{"jnt push: cannot read it"};
    }
}

}  // namespace unstuck::carriers::jnt
