#include "carriers/ups/normalizer.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "carriers/ups/codes.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/local_time.hpp"
#include "unstuck/kit/result_picker.hpp"
#include "unstuck/sdk/contain.hpp"

namespace unstuck::carriers::ups {
namespace {

using namespace std::chrono;
using simdjson::dom::element;

std::atomic<std::uint64_t> g_unknown_codes{0};

int digits(std::string_view s, std::size_t pos, std::size_t n) noexcept {
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        char c = s[i];
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

// `YYYYMMDD`.
std::optional<local_days> parse_date(std::string_view s) noexcept {
    if (s.size() != 8) return std::nullopt;
    int y = digits(s, 0, 4), m = digits(s, 4, 2), d = digits(s, 6, 2);
    if (y < 0 || m < 0 || d < 0) return std::nullopt;
    year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return local_days{ymd};
}

// `HHMMSS`, `HH:MM:SS`, `HHMM`, or the leading zero dropped (`74700` is 07:47:00).
std::optional<seconds> parse_time(std::string_view s) noexcept {
    char buf[6];
    std::size_t n = 0;
    for (char c : s) {
        if (c == ':') continue;
        if (n == 6) return std::nullopt;
        buf[n++] = c;
    }
    std::string_view t(buf, n);
    int h, m, sec = 0;
    if (n == 6) {
        h = digits(t, 0, 2), m = digits(t, 2, 2), sec = digits(t, 4, 2);
    } else if (n == 5) {
        h = digits(t, 0, 1), m = digits(t, 1, 2), sec = digits(t, 3, 2);
    } else if (n == 4) {
        h = digits(t, 0, 2), m = digits(t, 2, 2);
    } else {
        return std::nullopt;
    }
    if (h < 0 || m < 0 || sec < 0 || h > 23 || m > 59 || sec > 59) return std::nullopt;
    return hours{h} + minutes{m} + seconds{sec};
}

std::string_view first_of(element e, std::string_view a, std::string_view b) noexcept {
    std::string_view v = kit::json_string(e, a);
    return v.empty() ? kit::json_string(e, b) : v;
}

bool same_number(std::string_view a, std::string_view b) noexcept {
    auto next = [](std::string_view s, std::size_t& i) -> char {
        while (i < s.size() && (s[i] == ' ' || s[i] == '-')) ++i;
        if (i == s.size()) return 0;
        char c = s[i++];
        return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    };
    std::size_t i = 0, j = 0;
    for (;;) {
        char x = next(a, i), y = next(b, j);
        if (x != y) return false;
        if (x == 0) return true;
    }
}

std::string event_label(std::size_t index) {
    return "activity[" + std::to_string(index) + "]";
}

sdk::Event make_event(element activity, std::size_t index, std::string_view origin_country,
                      sdk::Shipment& shipment, bool& keep) {
    sdk::Event e;
    keep = true;
    enum Field { kLocation, kStatus, kDate, kTime, kGmtDate, kGmtTime, kGmtOffset, kCount };
    static constexpr std::array<std::string_view, kCount> kKeys{"location", "status",  "date",     "time",
                                                                "gmtDate",  "gmtTime", "gmtOffset"};
    std::array<element, kCount> f{};
    std::array<bool, kCount> has{};
    if (simdjson::dom::object obj; !activity.get(obj)) {
        for (auto field : obj) {
            for (std::size_t i = 0; i < kCount; ++i) {
                if (kKeys[i] != field.key) continue;
                f[i] = field.value;
                has[i] = true;
                break;
            }
        }
    }
    auto str = [&](Field i) -> std::string_view {
        std::string_view v;
        if (!has[i] || f[i].get(v)) return {};
        return v;
    };
    static constexpr std::array<std::string_view, 4> kStatusKeys{"type", "code", "statusCode", "description"};
    std::array<std::string_view, 4> st{};
    if (has[kStatus]) st = kit::json_strings(f[kStatus], kStatusKeys);
    const std::string_view type = st[0], code = st[1], status_code = st[2], description = st[3];
    bool known = true;
    CodeMapping m = map_activity(type, code, status_code, known);
    if (!known) {
        g_unknown_codes.fetch_add(1, std::memory_order_relaxed);
        shipment.warnings.push_back(event_label(index) + ": unknown UPS code (type \"" + std::string(type) +
                                    "\", code \"" + std::string(code) + "\", statusCode \"" +
                                    std::string(status_code) + "\")");
    }
    e.status = m.status;
    e.substatus = m.substatus;
    e.physical_scan = m.physical;
    e.return_leg = m.return_leg;
    e.code = !status_code.empty() ? status_code : !code.empty() ? code : type;
    e.description = description;

    element address;
    if (has[kLocation] && !f[kLocation]["address"].get(address)) {
        static constexpr std::array<std::string_view, 5> kAddressKeys{"city", "stateProvince", "postalCode",
                                                                      "countryCode", "country"};
        const auto a = kit::json_strings(address, kAddressKeys);
        e.location.city = a[0];
        e.location.region = a[1];
        e.location.postal_code = a[2];
        e.location.country = a[3].empty() ? a[4] : a[3];
    }

    kit::CarrierTime t;
    auto date = parse_date(str(kDate));
    auto time = parse_time(str(kTime));
    if (date && time)
        t.wall = sdk::LocalTimestamp{duration_cast<microseconds>(date->time_since_epoch() + *time)};
    auto gmt_date = parse_date(str(kGmtDate));
    auto gmt_time = parse_time(str(kGmtTime));
    if (gmt_date && gmt_time)
        t.utc = sdk::Timestamp{duration_cast<microseconds>(gmt_date->time_since_epoch() + *gmt_time)};
    t.offset_field = kit::parse_utc_offset(str(kGmtOffset));
    if (!kit::set_event_time(e, t, "US", origin_country)) {
        shipment.warnings.push_back(event_label(index) + ": no readable date and time, dropped");
        keep = false;
    }
    return e;
}

std::optional<sdk::ProofOfDelivery> proof_of_delivery(element package) {
    element info;
    if (package["deliveryInformation"].get(info) || !info.is_object()) return std::nullopt;
    sdk::ProofOfDelivery pod;
    pod.received_by = kit::json_string(info, "receivedBy");
    element sig, photo, doc;
    std::string_view image;
    if (!info["signature"].get(sig) && !(image = kit::json_string(sig, "image")).empty()) {
        pod.kind = "signature";
    } else if (!info["deliveryPhoto"].get(photo) && (!kit::json_string(photo, "photo").empty() ||
                                                     kit::json_string(photo, "photoCaptureInd") == "Y")) {
        pod.kind = "photo";
    } else if (!info["pod"].get(doc) && !kit::json_string(doc, "content").empty()) {
        pod.kind = "document";
    } else if (!pod.received_by.empty()) {
        pod.kind = "signature";
    } else {
        return std::nullopt;
    }
    return pod;
}

std::string origin_country_of(element package) {
    if (auto addresses = kit::json_array(package, "packageAddress")) {
        for (element a : *addresses) {
            if (kit::json_string(a, "type") != "ORIGIN") continue;
            element address;
            if (!a["address"].get(address)) return std::string(first_of(address, "countryCode", "country"));
        }
    }
    return {};
}

sdk::Shipment build_shipment(element package, std::string_view wanted) {
    sdk::Shipment s;
    s.carrier = "ups";
    std::string_view number = kit::json_string(package, "trackingNumber");
    s.tracking_number = number.empty() ? wanted : number;
    std::string origin = origin_country_of(package);
    if (origin.empty()) origin = "US";

    if (auto activities = kit::json_array(package, "activity")) {
        s.events.reserve(activities->size());
        std::size_t index = 0;
        for (element activity : *activities) {
            bool keep = false;
            sdk::Event e = make_event(activity, index++, origin, s, keep);
            if (keep) s.events.push_back(std::move(e));
        }
        // UPS lists activities newest first: oldest first makes the sort that follows a single pass.
        std::reverse(s.events.begin(), s.events.end());
    }

    if (auto dates = kit::json_array(package, "deliveryDate")) {
        std::optional<sdk::Timestamp> scheduled, rescheduled;
        for (element d : *dates) {
            std::string_view type = kit::json_string(d, "type");
            auto day = parse_date(kit::json_string(d, "date"));
            if (!day) continue;
            sdk::Timestamp at{duration_cast<microseconds>(day->time_since_epoch())};
            if (type == "SDD") scheduled = at;
            if (type == "RDD") rescheduled = at;
        }
        s.estimated_delivery = rescheduled ? rescheduled : scheduled;
    }
    sdk::finalize_shipment(s);
    // A proof of delivery proves the delivery to the receiver; one for a return to the sender is not one.
    if (s.delivered_at) s.proof_of_delivery = proof_of_delivery(package);
    return s;
}

sdk::TrackResult from_error_document(simdjson::dom::array errors) {
    std::string first;
    for (element err : errors) {
        std::string_view code = kit::json_string(err, "code");
        std::string_view message = kit::json_string(err, "message");
        std::string line = std::string(code) + (message.empty() ? "" : ": " + std::string(message));
        if (code == "TW0001") return sdk::TrackResult::not_found("ups: " + line);
        if (first.empty()) first = line;
    }
    return sdk::TrackResult::permanent("ups: error document: " + (first.empty() ? "no error given" : first));
}

sdk::TrackResult normalize_impl(std::string_view payload, const sdk::TrackContext& context) {
    element root;
    if (auto err = kit::parse_json(payload).get(root))
        return sdk::TrackResult::permanent(std::string("ups: malformed JSON: ") +
                                           simdjson::error_message(err));
    if (!root.is_object()) return sdk::TrackResult::permanent("ups: document is not a JSON object");

    simdjson::dom::array errors;
    if (!root["response"]["errors"].get(errors)) return from_error_document(errors);

    simdjson::dom::array shipments;
    if (root["trackResponse"]["shipment"].get(shipments))
        return sdk::TrackResult::permanent("ups: document has no trackResponse.shipment array");

    std::string_view wanted = context.tracking_number;
    std::vector<element> all_packages;
    std::string not_found;
    std::string other_warning;
    for (element shipment : shipments) {
        if (wanted.empty()) wanted = kit::json_string(shipment, "inquiryNumber");
        if (auto warnings = kit::json_array(shipment, "warnings")) {
            for (element w : *warnings) {
                std::string_view code = kit::json_string(w, "code");
                std::string line = std::string(code) + ": " + std::string(kit::json_string(w, "message"));
                if (code == "TW0001")
                    not_found = line;
                else if (other_warning.empty())
                    other_warning = line;
            }
        }
        if (auto packages = kit::json_array(shipment, "package"))
            for (element p : *packages)
                if (p.is_object()) all_packages.push_back(p);
    }
    if (all_packages.empty()) {
        if (!not_found.empty()) return sdk::TrackResult::not_found("ups: " + not_found);
        if (!other_warning.empty()) return sdk::TrackResult::permanent("ups: " + other_warning);
        return sdk::TrackResult::not_found("ups: the answer holds no package");
    }

    std::vector<element> candidates;
    for (element p : all_packages)
        if (!wanted.empty() && same_number(kit::json_string(p, "trackingNumber"), wanted))
            candidates.push_back(p);
    if (candidates.empty()) candidates.push_back(all_packages.front());

    std::vector<sdk::Shipment> built;
    built.reserve(candidates.size());
    for (element p : candidates) built.push_back(build_shipment(p, wanted));
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
            return sdk::TrackResult::permanent("ups: cannot read the document: " + std::string(what));
        });
}

std::uint64_t unknown_code_count() noexcept {
    return g_unknown_codes.load(std::memory_order_relaxed);
}

}  // namespace unstuck::carriers::ups
