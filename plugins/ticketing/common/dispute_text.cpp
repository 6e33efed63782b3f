#include "ticketing/common/dispute_text.hpp"

#include <algorithm>
#include <vector>

#include <simdjson.h>

namespace unstuck::ticketing {
namespace {

// Collects the leaf values of a JSON value in document order; package_id is shown in its own column.
void collect(simdjson::dom::element e, std::vector<std::string>& out, bool top) {
    switch (e.type()) {
        case simdjson::dom::element_type::OBJECT:
            for (auto field : simdjson::dom::object(e.get_object().value_unsafe())) {
                if (top && field.key == "package_id") continue;
                collect(field.value, out, false);
            }
            break;
        case simdjson::dom::element_type::ARRAY:
            for (auto item : simdjson::dom::array(e.get_array().value_unsafe())) collect(item, out, false);
            break;
        case simdjson::dom::element_type::STRING:
            out.emplace_back(e.get_string().value_unsafe());
            break;
        case simdjson::dom::element_type::NULL_VALUE:
            break;
        default:
            out.push_back(simdjson::minify(e));
            break;
    }
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
}

bool looks_like_json(std::string_view v) {
    return !v.empty() && (v.front() == '{' || v.front() == '[');
}

// A string or number as text; empty for anything else (or a missing field).
std::string text_of(simdjson::dom::element v) {
    if (std::string_view s; !v.get_string().get(s)) return std::string(s);
    if (v.is_number()) return simdjson::minify(v);
    return {};
}

std::string text_of(simdjson::simdjson_result<simdjson::dom::element> e) {
    simdjson::dom::element v;
    if (e.get(v)) return {};
    return text_of(v);
}

// `2024-07-15T13:12:00Z 038 Picked up`: an event's time, status, code and description.
std::string event_text(simdjson::dom::element e) {
    std::vector<std::string> parts;
    for (const char* k : {"at", "status", "code", "description"}) {
        std::string v = text_of(e[k]);
        if (!v.empty()) parts.push_back(v);
    }
    return join(parts, " ");
}

std::string carrier_name(std::string_view carrier) {
    static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
        {"ups", "UPS"},           {"usps", "USPS"},      {"fedex", "FedEx"},
        {"dhl", "DHL"},           {"jt", "J&T Express"}, {"jtexpress", "J&T Express"},
        {"ninjavan", "Ninja Van"}};
    for (const auto& [id, name] : kNames)
        if (id == carrier) return std::string(name);
    return std::string(carrier);
}

std::string package_line(const sdk::DisputePackage& p) {
    std::string line = p.package_id.empty() ? std::string("(no package id)") : p.package_id;
    if (!p.carrier.empty() || !p.tracking_number.empty()) {
        line += " (";
        if (!p.carrier.empty()) line += carrier_name(p.carrier);
        if (!p.carrier.empty() && !p.tracking_number.empty()) line += ' ';
        if (!p.tracking_number.empty()) line += p.tracking_number;
        line += ")";
    }
    return line;
}

}  // namespace

std::string marketplace_name(std::string_view marketplace) {
    if (marketplace == "tiktok-shop" || marketplace.empty()) return "TikTok Shop";
    return std::string(marketplace);
}

std::string path_text(const sdk::DisputeRequest& request) {
    if (request.path.empty()) return request.code;
    return join(request.path, " > ");
}

std::string path_leaf(const sdk::DisputeRequest& request) {
    return request.path.empty() ? request.code : request.path.back();
}

std::string subject(const sdk::DisputeRequest& request) {
    return "[" + marketplace_name(request.marketplace) + "] " + path_leaf(request) + " - order " +
           request.order_id;
}

std::string fact_text(std::string_view value) {
    if (!looks_like_json(value)) return std::string(value);
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(value.data(), value.size(), true).get(root)) return std::string(value);
    simdjson::dom::object obj;
    if (!root.get_object().get(obj)) {
        simdjson::dom::element inner;
        if (!obj["event"].get(inner)) return event_text(inner);
        simdjson::dom::array events;
        if (!obj["events"].get_array().get(events)) {
            std::size_t n = events.size();
            if (n == 0) return "no events";
            std::string first = text_of(events.at(0)["at"]);
            std::string last_at = text_of(events.at(n - 1)["at"]);
            return std::to_string(n) + (n == 1 ? " event, " : " events, ") + first +
                   (n > 1 ? " to " + last_at : std::string()) + "; last: " + event_text(events.at(n - 1));
        }
        if (!obj["proof"].get(inner)) {
            std::vector<std::string> parts;
            for (const char* k : {"kind", "received_by", "url"}) {
                std::string v = text_of(inner[k]);
                if (v.empty()) continue;
                parts.push_back(std::string_view(k) == "received_by" ? "received by " + v : v);
            }
            return join(parts, ", ");
        }
        if (!obj["note"].get(inner)) return text_of(inner);
        simdjson::dom::array files;
        if (!obj["evidence"].get_array().get(files)) {
            std::vector<std::string> names;
            for (auto f : files) names.push_back(text_of(f));
            return "confirmed " + text_of(obj["at"]) + (names.empty() ? "" : "; " + join(names, ", "));
        }
        if (!obj["at"].get(inner)) return text_of(inner);
    }
    std::vector<std::string> parts;
    collect(root, parts, true);
    return join(parts, ", ");
}

std::string fact_package(std::string_view value) {
    if (!looks_like_json(value)) return {};
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(value.data(), value.size(), true).get(root)) return {};
    std::string_view id;
    if (root["package_id"].get_string().get(id)) return {};
    return std::string(id);
}

std::string evidence_table(const sdk::DisputeRequest& request) {
    struct Row {
        std::string kind, package, detail;
    };
    std::vector<Row> rows;
    for (const auto& f : request.facts) rows.push_back({f.kind, fact_package(f.value), fact_text(f.value)});
    for (const auto& f : request.files) {
        rows.push_back({"file", "", f.name + (f.media_type.empty() ? "" : " (" + f.media_type + ")")});
    }
    Row head{"kind", "package", "detail"};
    std::size_t kind_w = head.kind.size(), package_w = head.package.size();
    for (const auto& r : rows) {
        kind_w = std::max(kind_w, r.kind.size());
        package_w = std::max(package_w, r.package.size());
    }
    auto line = [&](const Row& r) {
        std::string s = r.kind;
        s.append(kind_w - r.kind.size() + 2, ' ');
        s += r.package;
        s.append(package_w - r.package.size() + 2, ' ');
        s += r.detail;
        while (!s.empty() && s.back() == ' ') s.pop_back();
        return s + "\n";
    };
    std::string out = line(head);
    for (const auto& r : rows) out += line(r);
    return out;
}

std::string seller_center_description(const sdk::DisputeRequest& request) {
    std::string out = request.explanation;
    if (!out.empty() && out.back() != '\n') out += '\n';
    if (!request.packages.empty()) {
        out += request.packages.size() == 1 ? "Package: " : "Packages: ";
        std::vector<std::string> lines;
        for (const auto& p : request.packages) lines.push_back(package_line(p));
        out += join(lines, "; ") + ".\n";
    }
    std::vector<std::string> evidence;
    for (const auto& f : request.facts) {
        if (f.kind == "order_id") continue;  // the form has its own order id field
        std::string pkg = fact_package(f.value);
        std::string kind = f.kind;
        std::replace(kind.begin(), kind.end(), '_', ' ');
        evidence.push_back(kind + (pkg.empty() ? "" : " (package " + pkg + ")") + ": " + fact_text(f.value));
    }
    if (!evidence.empty()) out += "Evidence: " + join(evidence, "; ") + ".\n";
    if (!request.files.empty()) {
        std::vector<std::string> names;
        for (const auto& f : request.files) names.push_back(f.name);
        out += "Attached: " + join(names, ", ") + ".\n";
    }
    return out;
}

std::string ticket_body(const sdk::DisputeRequest& request) {
    std::string out;
    out += "File this dispute in Seller Center (" + marketplace_name(request.marketplace) + ").\n\n";
    out += "Path:        " + path_text(request) + "\n";
    out += "Path code:   " + request.code + "\n";
    out += "Order ID:    " + request.order_id + "\n";
    if (!request.shop_id.empty()) out += "Shop ID:     " + request.shop_id + "\n";
    out += "Dispute key: " + request.key + "\n\n";
    if (!request.explanation.empty()) out += "Why\n" + request.explanation + "\n\n";
    if (!request.packages.empty()) {
        out += "Packages\n";
        for (const auto& p : request.packages) out += "- " + package_line(p) + "\n";
        out += "\n";
    }
    out += "Evidence\n" + evidence_table(request) + "\n";
    out += "Description to paste into the form\n" + seller_center_description(request);
    return out;
}

}  // namespace unstuck::ticketing
