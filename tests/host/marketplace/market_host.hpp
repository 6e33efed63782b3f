#pragma once
// A folder for the `unstuck` host pulling the fixture-market marketplace plugin (tests/plugin_fixtures/
// marketplace/): its shops' pages, answers and call log, a SQLite store, the outbox, and the shipped policy
// serving fixture-market; and a sweep's JSON summary read back.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/market_cases.hpp"
#include "support/test_paths.hpp"

namespace unstuck::test {

//! The instant the host decides at (`--now`).
inline constexpr const char* kMarketNow = "2024-07-16T20:00:00Z";
//! The token fixture-market's pushes carry (`X-Fixture-Token`).
inline constexpr const char* kPushToken = "fixture-push-7f3a";

class MarketHost {
  public:
    MarketHost() {
        std::string policy = read_file(source_path("policies/tiktok-shop.logistics-stuck.json"));
        const std::string from = R"("marketplace": "tiktok-shop")";
        policy.replace(policy.find(from), from.size(), R"("marketplace": "fixture-market")");
        write_file(path("policy.json"), policy);
        write_file(path("control.json"), "{}");
        write_file(path("pages.json"), "{}");
    }

    //! A file in the folder.
    std::filesystem::path path(const std::string& name) const { return dir_.path() / name; }

    //! The fixture's shops and pages from now on: `{"<shop>": [{"orders": [...], "errors": [...]}, ...]}`.
    void pages(const std::string& json) const { write_file(path("pages.json"), json); }
    //! The fixture's answers from now on, e.g. `{"pull": {"42": "retry"}}`.
    void control(const std::string& json) const { write_file(path("control.json"), json); }

    //! Writes `config.json`: the in-tree plugins and fixture-market, the store, the policy, every dispute
    //! to the outbox, `sweep.marketplaces` as given (JSON array), and a `serve` section (JSON object).
    std::filesystem::path config(const std::string& marketplaces = "[]",
                                 const std::string& serve = R"({"auth": "none"})") const {
        const std::string market_dir =
            (std::filesystem::path(UNSTUCK_BINARY_DIR) / "test-plugins" / "marketplace").string();
        write_file(path("config.json"),
                   std::string(R"({"plugin_dirs": [")") + UNSTUCK_PLUGIN_DIR + R"(", ")" + market_dir +
                       R"("], "store": {"sqlite": ")" + path("store.db").string() + R"("}, "policy": ")" +
                       path("policy.json").string() + R"(", "sweep": {"evidence_dir": ")" +
                       path("evidence").string() + R"(", "concurrency": 2, "marketplaces": )" + marketplaces +
                       R"(}, "routes": [{"backend": "outbox"}], "plugins": {"outbox": {"dir": ")" +
                       path("outbox").string() + R"("}, "fixture-market": {"orders_file": ")" +
                       path("pages.json").string() + R"(", "control_file": ")" +
                       path("control.json").string() + R"(", "log_file": ")" + path("calls.jsonl").string() +
                       R"(", "push_token": ")" + kPushToken + R"("}}, "log": {"level": "warn"}, "serve": )" +
                       serve + "}");
        return path("config.json");
    }

    //! The fixture's log lines of `call`.
    std::vector<std::string> calls(const std::string& call) const {
        std::ifstream in(path("calls.jsonl"));
        std::vector<std::string> out;
        for (std::string line; std::getline(in, line);)
            if (line.find(R"({"call":")" + call + "\"") == 0) out.push_back(line);
        return out;
    }

    //! Dispute packets in the outbox.
    std::size_t packets() const {
        std::size_t n = 0;
        if (std::filesystem::exists(path("outbox")))
            for (const auto& e : std::filesystem::directory_iterator(path("outbox"))) n += e.is_directory();
        return n;
    }

  private:
    TempDir dir_;
};

//! A sweep's JSON summary: `at("marketplace", "pulled")`.
class SummaryJson {
  public:
    explicit SummaryJson(const std::string& json) {
        ok_ = !parser_.parse(json).get(root_);
        EXPECT_TRUE(ok_) << "not JSON: " << json;
    }
    std::int64_t at(const char* section, const char* key) const {
        std::int64_t v = -1;
        if (!ok_ || root_[section][key].get_int64().get(v)) return -1;
        return v;
    }
    //! The first error lines.
    std::vector<std::string> errors() const {
        std::vector<std::string> out;
        simdjson::dom::array first;
        if (ok_ && !root_["errors"]["first"].get(first))
            for (auto e : first) out.emplace_back(std::string_view(e));
        return out;
    }

  private:
    simdjson::dom::parser parser_;
    simdjson::dom::element root_;
    bool ok_ = false;
};

}  // namespace unstuck::test
