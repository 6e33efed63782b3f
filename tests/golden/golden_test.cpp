// Golden tests: carrier documents in tests/golden/<carrier>/ through the real plugins, compared with the
// canonical JSON they must produce. Run with UNSTUCK_UPDATE_GOLDEN=1 to rewrite the expected files (then read
// them before committing).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "support/test_paths.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/model_json.hpp"
#include "unstuck/sdk/pretty_json.hpp"

namespace fs = std::filesystem;
using unstuck::test::read_file;

namespace {

struct GoldenCase {
    std::string carrier;
    fs::path document;  // <case>.json
    std::string name;   // <carrier>_<case>, usable as a test name
};

// Names a case in gtest's messages instead of dumping its bytes.
void PrintTo(const GoldenCase& c, std::ostream* os) {
    *os << c.name;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<GoldenCase> discover() {
    std::vector<GoldenCase> cases;
    fs::path root = UNSTUCK_GOLDEN_DIR;
    std::error_code ec;
    for (const auto& dir : fs::directory_iterator(root, ec)) {
        if (!dir.is_directory()) continue;
        for (const auto& f : fs::directory_iterator(dir.path())) {
            std::string file = f.path().filename().string();
            if (!ends_with(file, ".json") || ends_with(file, ".expected.json") ||
                ends_with(file, ".context.json"))
                continue;
            std::string stem = file.substr(0, file.size() - 5);
            std::string name = dir.path().filename().string() + "_" + stem;
            std::replace_if(
                name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                '_');
            cases.push_back({dir.path().filename().string(), f.path(), name});
        }
    }
    std::sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return cases;
}

// Indented as the outbox and `unstuck track` print JSON, with a final newline.
std::string pretty(std::string_view json) {
    return unstuck::sdk::pretty_json(json) + '\n';
}

std::string kind_name(unstuck::sdk::TrackResult::Kind k) {
    using K = unstuck::sdk::TrackResult::Kind;
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

std::string render(const unstuck::sdk::TrackResult& r) {
    if (r.kind == unstuck::sdk::TrackResult::Kind::kOk) return pretty(unstuck::sdk::to_json(r.shipment));
    std::string out;
    unstuck::sdk::JsonWriter w(out);
    w.begin_object().field("result", kind_name(r.kind)).field("message", r.message).end_object();
    return pretty(out);
}

unstuck::sdk::TrackContext read_context(const fs::path& document) {
    unstuck::sdk::TrackContext context;
    fs::path file = document;
    file.replace_extension(".context.json");
    if (!fs::exists(file)) return context;
    Poco::JSON::Parser parser;
    auto obj = parser.parse(read_file(file)).extract<Poco::JSON::Object::Ptr>();
    if (obj->has("tracking_number")) context.tracking_number = obj->getValue<std::string>("tracking_number");
    if (obj->has("order_created_at")) {
        auto at = unstuck::sdk::parse_timestamp(obj->getValue<std::string>("order_created_at"));
        if (!at) throw std::runtime_error(file.string() + ": order_created_at: " + at.error().message);
        context.order_created_at = *at;
    }
    return context;
}

unstuck::core::PluginHost& host() {
    static std::unique_ptr<unstuck::core::PluginHost> h = [] {
        std::string json =
            std::string(R"({"plugin_dirs": [")") + unstuck::test::plugin_dir().string() + "\"]}";
        auto config = unstuck::core::HostConfig::parse(json, fs::current_path());
        if (!config) throw std::runtime_error("host config: " + config.error().message);
        return std::make_unique<unstuck::core::PluginHost>(std::move(*config));
    }();
    return *h;
}

class GoldenTest : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenTest, NormalizesToTheExpectedShipment) {
    const GoldenCase& c = GetParam();
    auto plugin = host().carrier(c.carrier);
    ASSERT_TRUE(plugin.ok()) << plugin.error().message;
    unstuck::sdk::TrackContext context = read_context(c.document);
    unstuck::sdk::TrackResult result = (*plugin)->normalize(read_file(c.document), context);

    if (result.kind == unstuck::sdk::TrackResult::Kind::kOk) {
        // The model's own rules hold whatever the expected file says.
        const auto& s = result.shipment;
        EXPECT_TRUE(unstuck::sdk::is_valid_substatus(s.status, s.substatus)) << s.substatus;
        for (std::size_t i = 0; i < s.events.size(); ++i) {
            EXPECT_TRUE(unstuck::sdk::is_valid_substatus(s.events[i].status, s.events[i].substatus))
                << "event " << i << ": " << s.events[i].substatus;
            if (i > 0) {
                EXPECT_LE(s.events[i - 1].at, s.events[i].at) << "events not sorted at " << i;
            }
        }
        auto round_trip = unstuck::sdk::shipment_from_json(unstuck::sdk::to_json(s));
        ASSERT_TRUE(round_trip.ok()) << round_trip.error().message;
    }

    std::string actual = render(result);
    fs::path expected_file = c.document;
    expected_file.replace_extension(".expected.json");
    const char* update = std::getenv("UNSTUCK_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        std::ofstream(expected_file, std::ios::binary) << actual;
        SUCCEED() << "rewrote " << expected_file;
        return;
    }
    ASSERT_TRUE(fs::exists(expected_file))
        << expected_file << " is missing; run with UNSTUCK_UPDATE_GOLDEN=1";
    EXPECT_EQ(read_file(expected_file), actual) << "for " << c.document;
}

INSTANTIATE_TEST_SUITE_P(Carriers, GoldenTest, ::testing::ValuesIn(discover()),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) { return info.param.name; });

TEST(GoldenCases, EveryCarrierHasAtLeastEightDocuments) {
    std::map<std::string, int> per_carrier;
    for (const auto& c : discover()) ++per_carrier[c.carrier];
    ASSERT_FALSE(per_carrier.empty());
    for (const auto& [carrier, n] : per_carrier) EXPECT_GE(n, 8) << carrier;
}

}  // namespace
