// A golden case: a saved carrier response normalized by the plugin, compared with the expected canonical
// JSON.
#include <simdjson.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "json_diff.hpp"
#include "plugin_checks.hpp"
#include "text_files.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/model_json.hpp"
#include "unstuck/sdk/pretty_json.hpp"

namespace unstuck::host {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kPrefix = "unstuck test-plugin: ";

std::string kind_name(sdk::TrackResult::Kind k) {
    using K = sdk::TrackResult::Kind;
    switch (k) {
        case K::kOk:
            return "ok";
        case K::kNotFound:
            return "not_found";
        case K::kTransient:
            return "transient";
        case K::kPermanent:
            return "permanent";
    }
    return "?";
}

// The canonical rendering: a shipment as `unstuck track` prints it, any other result as its kind and message;
// indented two spaces a level, with a final newline.
std::string render(const sdk::TrackResult& r) {
    if (r.kind == sdk::TrackResult::Kind::kOk) return sdk::pretty_json(sdk::to_json(r.shipment)) + '\n';
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object().field("result", kind_name(r.kind)).field("message", r.message).end_object();
    return sdk::pretty_json(out) + '\n';
}

fs::path beside(const fs::path& document, std::string_view suffix) {
    fs::path p = document;
    p.replace_extension(suffix);
    return p;
}

// `<case>.context.json`: {"tracking_number": "...", "order_created_at": "ISO 8601"}; both optional.
bool read_context(const fs::path& document, sdk::TrackContext& context) {
    fs::path file = beside(document, ".context.json");
    if (!fs::exists(file)) return true;
    std::string text;
    if (!read_text_file(file, text)) {
        std::cerr << kPrefix << file.string() << ": cannot read\n";
        return false;
    }
    simdjson::dom::parser parser;
    simdjson::dom::object root;
    if (auto err = parser.parse(text).get(root)) {
        std::cerr << kPrefix << file.string() << ": $: expected a JSON object ("
                  << simdjson::error_message(err) << ")\n";
        return false;
    }
    for (auto [key, value] : root) {
        std::string_view s;
        if (key != "tracking_number" && key != "order_created_at") {
            std::cerr << kPrefix << file.string() << ": $." << key
                      << ": unknown key (tracking_number, order_created_at)\n";
            return false;
        }
        if (value.get(s)) {
            std::cerr << kPrefix << file.string() << ": $." << key << ": expected a string\n";
            return false;
        }
        if (key == "tracking_number") {
            context.tracking_number = std::string(s);
            continue;
        }
        auto at = sdk::parse_timestamp(s);
        if (!at) {
            std::cerr << kPrefix << file.string() << ": $.order_created_at: " << at.error().message << '\n';
            return false;
        }
        context.order_created_at = *at;
    }
    return true;
}

// The model's own rules, whatever the expected file says: one line per broken rule.
int model_checks(const sdk::Shipment& s, const fs::path& document) {
    int broken = 0;
    auto report = [&](const std::string& path, const std::string& what) {
        std::cerr << kPrefix << document.string() << ": " << path << ": " << what << '\n';
        ++broken;
    };
    if (!sdk::is_valid_substatus(s.status, s.substatus))
        report("$.substatus",
               "\"" + s.substatus + "\" is not a substatus of " + std::string(to_string(s.status)));
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        const auto& e = s.events[i];
        std::string where = "$.events[" + std::to_string(i) + "]";
        if (!sdk::is_valid_substatus(e.status, e.substatus))
            report(where + ".substatus",
                   "\"" + e.substatus + "\" is not a substatus of " + std::string(to_string(e.status)));
        if (i > 0 && s.events[i - 1].at > e.at) report(where + ".at", "earlier than the event before it");
    }
    auto round_trip = sdk::shipment_from_json(sdk::to_json(s));
    if (!round_trip) report("$", "the canonical JSON does not read back: " + round_trip.error().message);
    return broken;
}

}  // namespace

int run_golden_case(const sdk::CarrierPlugin& plugin, const fs::path& document, const CheckRun& run) {
    std::string payload;
    if (!read_text_file(document, payload)) {
        std::cerr << kPrefix << document.string() << ": cannot read\n";
        return 2;
    }
    sdk::TrackContext context;
    if (!read_context(document, context)) return 2;
    sdk::TrackResult result = plugin.normalize(payload, context);
    int broken = result.kind == sdk::TrackResult::Kind::kOk ? model_checks(result.shipment, document) : 0;

    const std::string actual = render(result);
    const fs::path expected_file = beside(document, ".expected.json");
    if (run.update) {
        if (!write_text_file_atomically(expected_file, actual)) {
            std::cerr << kPrefix << expected_file.string() << ": cannot write\n";
            return 1;
        }
        std::cout << "wrote " << expected_file.string() << '\n';
        return broken ? 1 : 0;
    }
    std::string expected;
    if (!fs::exists(expected_file)) {
        std::cerr << kPrefix << expected_file.string() << ": missing; write it with: " << run.update_hint
                  << '\n';
        return 1;
    }
    if (!read_text_file(expected_file, expected)) {
        std::cerr << kPrefix << expected_file.string() << ": cannot read\n";
        return 2;
    }
    if (expected != actual) {
        auto d = first_json_difference(expected, actual);
        std::cerr << kPrefix << expected_file.string() << ": ";
        if (d)
            std::cerr << d->path << ": expected " << d->expected << ", got " << d->actual;
        else
            std::cerr << "$: the same JSON, laid out differently";
        std::cerr << " (if the new output is right, rewrite with: " << run.update_hint << ")\n";
        return 1;
    }
    if (broken) return 1;
    std::cout << document.filename().string() << ": as expected\n";
    return 0;
}

}  // namespace unstuck::host
