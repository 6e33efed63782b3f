// Sweeps through the C API: the demo filed once and never again, lines from a callback, the progress,
// decision and log callbacks, a callback that stops the run, options checked, one run at a time.
#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "capi_fixture.hpp"

namespace unstuck::test {
namespace {

// The number after `"key":` in a flat JSON summary (-1 when absent).
long count(const std::string& json, const std::string& key) {
    auto at = json.find("\"" + key + "\":");
    if (at == std::string::npos) return -1;
    return std::stol(json.substr(at + key.size() + 3));
}

unstuck_sweep_options demo_options() {
    unstuck_sweep_options opts;
    EXPECT_EQ(unstuck_sweep_options_init(&opts, sizeof opts), UNSTUCK_OK);
    opts.now = kDemoNow;
    return opts;
}

// Lines handed out one by one from a vector.
struct Lines {
    std::vector<std::string> lines;
    std::size_t next = 0;
    int calls = 0;

    static int source(void* ctx, const char** line, size_t* len) {
        auto* self = static_cast<Lines*>(ctx);
        ++self->calls;
        if (self->next == self->lines.size()) return 0;
        const std::string& l = self->lines[self->next++];
        *line = l.data();
        *len = l.size();
        return 1;
    }
};

Lines demo_lines(const DemoCopy& demo) {
    Lines lines;
    std::ifstream in(demo.orders());
    for (std::string line; std::getline(in, line);) lines.lines.push_back(line);
    return lines;
}

TEST(CapiSweep, FilesTheDemoOnceThenNothingNew) {
    DemoCopy demo;
    OpenHost host(demo);
    auto opts = demo_options();
    unstuck_sweep* sweep = nullptr;
    ASSERT_EQ(unstuck_sweep_open(&sweep, host.get(), &opts), UNSTUCK_OK) << last_error();

    char* out = nullptr;
    ASSERT_EQ(unstuck_sweep_run_file(sweep, demo.orders().c_str(), &out), UNSTUCK_OK) << last_error();
    std::string first = take(out);
    EXPECT_EQ(count(first, "decided"), 26) << first;
    EXPECT_EQ(count(first, "filed"), 10) << first;
    EXPECT_EQ(count(first, "already_filed"), 0) << first;
    EXPECT_EQ(count(first, "bad_lines"), 0) << first;
    EXPECT_EQ(count(first, "failed"), 0) << first;
    EXPECT_NE(first.find("\"filed_disputes\":[{\"order_id\":\"576859029223"), std::string::npos) << first;
    EXPECT_NE(first.find("\"backend\":\"outbox\""), std::string::npos) << first;
    // No marketplace plugin is configured: the seller-shipped orders send nothing.
    EXPECT_NE(first.find("\"remedies\":{\"applied\":0,\"already\":0,\"pending\":0"), std::string::npos)
        << first;
    EXPECT_EQ(entries_in(demo.outbox()), 10u);

    ASSERT_EQ(unstuck_sweep_run_file(sweep, demo.orders().c_str(), &out), UNSTUCK_OK) << last_error();
    std::string second = take(out);
    EXPECT_EQ(count(second, "decided"), 26) << second;
    EXPECT_EQ(count(second, "filed"), 0) << second;
    EXPECT_EQ(count(second, "already_filed"), 10) << second;
    EXPECT_NE(second.find("\"filed_disputes\":[]"), std::string::npos) << second;
    EXPECT_EQ(entries_in(demo.outbox()), 10u);
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);

    // The store lists them, whole or filtered.
    ASSERT_EQ(unstuck_disputes(host.get(), nullptr, &out), UNSTUCK_OK) << last_error();
    std::string all = take(out);
    std::size_t filed = 0;
    for (std::size_t at = 0; (at = all.find("\"state\":\"FILED\"", at)) != std::string::npos; ++at) ++filed;
    EXPECT_EQ(filed, 10u) << all;
    ASSERT_EQ(
        unstuck_disputes(host.get(), "{\"order_id\": \"576859029223086481\", \"state\": \"FILED\"}", &out),
        UNSTUCK_OK);
    std::string one = take(out);
    EXPECT_NE(one.find("\"key\":\"tiktok-shop:7494105515:576859029223086481:pick_up_issues.picked_up_not_"
                       "updated\""),
              std::string::npos)
        << one;
    EXPECT_NE(one.find("\"backend\":\"outbox\""), std::string::npos) << one;
    ASSERT_EQ(unstuck_disputes(host.get(), "{\"state\": \"REJECTED\"}", &out), UNSTUCK_OK);
    EXPECT_EQ(take(out), "[]");
}

TEST(CapiSweep, DryRunFilesNothing) {
    DemoCopy demo;
    OpenHost host(demo);
    auto opts = demo_options();
    opts.dry_run = 1;
    unstuck_sweep* sweep = nullptr;
    ASSERT_EQ(unstuck_sweep_open(&sweep, host.get(), &opts), UNSTUCK_OK) << last_error();
    char* out = nullptr;
    ASSERT_EQ(unstuck_sweep_run_file(sweep, demo.orders().c_str(), &out), UNSTUCK_OK) << last_error();
    std::string summary = take(out);
    EXPECT_EQ(count(summary, "would_file"), 10) << summary;
    EXPECT_EQ(count(summary, "filed"), 0) << summary;
    EXPECT_EQ(entries_in(demo.outbox()), 0u);
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);
}

TEST(CapiSweep, LinesFromACallbackWithBadOnesNamed) {
    DemoCopy demo;
    OpenHost host(demo);
    auto opts = demo_options();
    unstuck_sweep* sweep = nullptr;
    ASSERT_EQ(unstuck_sweep_open(&sweep, host.get(), &opts), UNSTUCK_OK) << last_error();
    Lines lines = demo_lines(demo);
    lines.lines.insert(lines.lines.begin() + 3, "{\"order_id\": ");
    lines.lines.insert(lines.lines.begin() + 5, "");
    lines.lines.insert(lines.lines.begin() + 7, "\"\xC0\xAF\"");
    char* out = nullptr;
    ASSERT_EQ(unstuck_sweep_run_lines(sweep, &Lines::source, &lines, &out), UNSTUCK_OK) << last_error();
    std::string summary = take(out);
    EXPECT_EQ(count(summary, "decided"), 26) << summary;
    EXPECT_EQ(count(summary, "bad_lines"), 2) << summary;
    EXPECT_EQ(count(summary, "filed"), 10) << summary;
    EXPECT_NE(summary.find("line 4: "), std::string::npos) << summary;
    EXPECT_NE(summary.find("line 8: invalid UTF-8 at byte 1"), std::string::npos) << summary;
    EXPECT_EQ(lines.calls, 30);  // 29 lines, then the end
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);
}

struct Seen {
    std::thread::id caller = std::this_thread::get_id();
    bool other_thread = false;
    std::vector<std::string> progress, decisions, logs;
    std::vector<int> levels;
    int stop_after_decisions = -1;  // nonzero from the decision callback once this many were seen

    void note_thread() { other_thread |= std::this_thread::get_id() != caller; }
    static int on_progress(void* ctx, const char* json) {
        auto* s = static_cast<Seen*>(ctx);
        s->note_thread();
        s->progress.emplace_back(json);
        return 0;
    }
    static int on_decision(void* ctx, const char* json) {
        auto* s = static_cast<Seen*>(ctx);
        s->note_thread();
        s->decisions.emplace_back(json);
        return s->stop_after_decisions >= 0 &&
               static_cast<int>(s->decisions.size()) >= s->stop_after_decisions;
    }
    static void on_log(void* ctx, int level, const char* line) {
        auto* s = static_cast<Seen*>(ctx);
        s->note_thread();
        s->logs.emplace_back(line);
        s->levels.push_back(level);
    }
};

TEST(CapiSweep, ProgressDecisionAndLogCallbacksOnTheCallingThread) {
    DemoCopy demo("info");  // the outbox logs each packet it writes at info
    OpenHost host(demo);
    Seen seen;
    auto opts = demo_options();
    opts.progress = &Seen::on_progress;
    opts.progress_ctx = &seen;
    opts.decision = &Seen::on_decision;
    opts.decision_ctx = &seen;
    opts.log = &Seen::on_log;
    opts.log_ctx = &seen;
    unstuck_sweep* sweep = nullptr;
    ASSERT_EQ(unstuck_sweep_open(&sweep, host.get(), &opts), UNSTUCK_OK) << last_error();
    char* out = nullptr;
    ASSERT_EQ(unstuck_sweep_run_file(sweep, demo.orders().c_str(), &out), UNSTUCK_OK) << last_error();
    std::string summary = take(out);

    EXPECT_FALSE(seen.other_thread);
    ASSERT_FALSE(seen.progress.empty());
    EXPECT_NE(seen.progress.back().find("\"lines\":26"), std::string::npos) << seen.progress.back();
    EXPECT_NE(seen.progress.back().find("\"done\":true"), std::string::npos) << seen.progress.back();
    // One decision per order, as the store recorded it.
    ASSERT_EQ(seen.decisions.size(), 26u);
    std::size_t disputes = 0;
    for (const auto& d : seen.decisions) {
        EXPECT_EQ(d.rfind("{\"order_id\":\"", 0), 0u) << d;
        disputes += d.find("\"action\":\"FILE_DISPUTE\"") != std::string::npos;
    }
    EXPECT_GE(disputes, 9u);
    // Each packet the outbox wrote was logged at info.
    std::size_t written = 0;
    for (std::size_t i = 0; i < seen.logs.size(); ++i)
        if (seen.logs[i].find("written to") != std::string::npos) {
            ++written;
            EXPECT_EQ(seen.levels[i], 2) << seen.logs[i];
        }
    EXPECT_EQ(written, 10u);
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);
}

TEST(CapiSweep, ProgressAndLogCallbacksWithoutDecisions) {
    // Without a decision callback the sweep runs as the host's does; progress and logs still come here.
    DemoCopy demo("info");
    OpenHost host(demo);
    Seen seen;
    auto opts = demo_options();
    opts.progress = &Seen::on_progress;
    opts.progress_ctx = &seen;
    opts.log = &Seen::on_log;
    opts.log_ctx = &seen;
    unstuck_sweep* sweep = nullptr;
    ASSERT_EQ(unstuck_sweep_open(&sweep, host.get(), &opts), UNSTUCK_OK) << last_error();
    Lines lines = demo_lines(demo);
    char* out = nullptr;
    ASSERT_EQ(unstuck_sweep_run_lines(sweep, &Lines::source, &lines, &out), UNSTUCK_OK) << last_error();
    std::string summary = take(out);
    EXPECT_EQ(count(summary, "filed"), 10) << summary;
    EXPECT_FALSE(seen.other_thread);
    ASSERT_FALSE(seen.progress.empty());
    EXPECT_EQ(seen.progress.back(), "{\"lines\":26,\"bytes\":" +
                                        std::to_string(read_file(demo.orders()).size()) + ",\"done\":true}");
    std::size_t written = 0;
    for (const auto& l : seen.logs) written += l.find("written to") != std::string::npos;
    EXPECT_EQ(written, 10u);
    EXPECT_TRUE(seen.decisions.empty());
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);
}

TEST(CapiSweep, ACallbackReturningNonzeroStopsTheRun) {
    DemoCopy demo;
    OpenHost host(demo);
    Seen seen;
    seen.stop_after_decisions = 3;
    auto opts = demo_options();
    opts.concurrency = 1;
    opts.decision = &Seen::on_decision;
    opts.decision_ctx = &seen;
    unstuck_sweep* sweep = nullptr;
    ASSERT_EQ(unstuck_sweep_open(&sweep, host.get(), &opts), UNSTUCK_OK) << last_error();
    char* out = nullptr;
    EXPECT_EQ(unstuck_sweep_run_file(sweep, demo.orders().c_str(), &out), UNSTUCK_ECALLBACK);
    EXPECT_EQ(out, nullptr);
    EXPECT_STREQ(unstuck_error_last(), "sweep: the decision callback asked to stop");
    EXPECT_EQ(seen.decisions.size(), 3u) << "no decision is handed on after the stop";
    EXPECT_LT(entries_in(demo.outbox()), 10u) << "orders after the stop are not swept";
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);

    // A progress callback that stops at once, and a line source that aborts.
    unstuck_sweep_options stop_opts = demo_options();
    stop_opts.progress = [](void*, const char*) { return 1; };
    ASSERT_EQ(unstuck_sweep_open(&sweep, host.get(), &stop_opts), UNSTUCK_OK) << last_error();
    EXPECT_EQ(unstuck_sweep_run_file(sweep, demo.orders().c_str(), &out), UNSTUCK_ECALLBACK);
    EXPECT_STREQ(unstuck_error_last(), "sweep: the progress callback asked to stop");
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);

    auto plain = demo_options();
    ASSERT_EQ(unstuck_sweep_open(&sweep, host.get(), &plain), UNSTUCK_OK) << last_error();
    auto abort_source = [](void*, const char**, size_t*) { return -1; };
    EXPECT_EQ(unstuck_sweep_run_lines(sweep, abort_source, nullptr, &out), UNSTUCK_ECALLBACK);
    EXPECT_STREQ(unstuck_error_last(), "sweep: the line source asked to stop after line 0");
    // The sweep is not busy after a stopped run.
    Lines lines = demo_lines(demo);
    ASSERT_EQ(unstuck_sweep_run_lines(sweep, &Lines::source, &lines, &out), UNSTUCK_OK) << last_error();
    unstuck_free(out);
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);
}

TEST(CapiSweep, AStopFromProgressEndsTheRunEarly) {
    // A slow line source (1 ms a line) over 624 orders: the first progress report, after about 100 ms, stops
    // the run long before the source runs dry.
    DemoCopy demo;
    OpenHost host(demo);
    struct Slow {
        std::vector<std::string> lines;
        std::size_t next = 0;
        static int source(void* ctx, const char** line, size_t* len) {
            auto* self = static_cast<Slow*>(ctx);
            if (self->next == self->lines.size()) return 0;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            const std::string& l = self->lines[self->next++];
            *line = l.data();
            *len = l.size();
            return 1;
        }
    } slow;
    const Lines demo_set = demo_lines(demo);
    for (int copy = 0; copy < 24; ++copy)
        for (std::string l : demo_set.lines) {
            l.replace(l.find("\"order_id\":\""), 12, "\"order_id\":\"c" + std::to_string(copy) + "-");
            slow.lines.push_back(l);
        }
    Seen seen;
    auto opts = demo_options();
    opts.progress = [](void* ctx, const char* json) {
        static_cast<Seen*>(ctx)->progress.emplace_back(json);
        return 1;
    };
    opts.progress_ctx = &seen;
    unstuck_sweep* sweep = nullptr;
    ASSERT_EQ(unstuck_sweep_open(&sweep, host.get(), &opts), UNSTUCK_OK) << last_error();
    char* out = nullptr;
    EXPECT_EQ(unstuck_sweep_run_lines(sweep, &Slow::source, &slow, &out), UNSTUCK_ECALLBACK);
    EXPECT_EQ(out, nullptr);
    EXPECT_STREQ(unstuck_error_last(), "sweep: the progress callback asked to stop");
    EXPECT_EQ(seen.progress.size(), 1u);
    EXPECT_LT(slow.next, slow.lines.size() / 2) << "the source was read on after the stop";
    EXPECT_NE(seen.progress.front().find("\"done\":false"), std::string::npos) << seen.progress.front();
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);

    // Nothing was left half done: a full run afterwards decides every order and files each dispute once.
    auto plain = demo_options();
    ASSERT_EQ(unstuck_sweep_open(&sweep, host.get(), &plain), UNSTUCK_OK) << last_error();
    Lines all;
    all.lines = slow.lines;
    ASSERT_EQ(unstuck_sweep_run_lines(sweep, &Lines::source, &all, &out), UNSTUCK_OK) << last_error();
    std::string summary = take(out);
    summary = summary.substr(0, summary.find("\"by_action\""));
    EXPECT_EQ(count(summary, "decided"), static_cast<long>(slow.lines.size())) << summary;
    EXPECT_EQ(count(summary, "bad_lines"), 0) << summary;
    EXPECT_EQ(count(summary, "failed"), 0) << summary;
    EXPECT_GT(count(summary, "already_filed"), 0) << "the stopped run filed some: " << summary;
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);
    ASSERT_EQ(unstuck_disputes(host.get(), "{\"state\": \"FILED\"}", &out), UNSTUCK_OK) << last_error();
    std::string filed = take(out);
    long listed = 0;
    for (std::size_t at = 0; (at = filed.find("\"key\":", at)) != std::string::npos; ++at) ++listed;
    EXPECT_EQ(listed, count(summary, "filed") + count(summary, "already_filed")) << summary;
    EXPECT_EQ(entries_in(demo.outbox()), static_cast<std::size_t>(listed));
}

TEST(CapiSweep, OptionsAreChecked) {
    DemoCopy demo;
    OpenHost host(demo);
    unstuck_sweep_options opts;
    EXPECT_EQ(unstuck_sweep_options_init(&opts, sizeof opts - 1), UNSTUCK_EINVALID);
    EXPECT_NE(std::string(unstuck_error_last()).find("struct_size"), std::string::npos) << last_error();
    ASSERT_EQ(unstuck_sweep_options_init(&opts, sizeof opts), UNSTUCK_OK);
    EXPECT_EQ(opts.struct_size, sizeof opts);
    EXPECT_EQ(opts.dry_run, 0);
    EXPECT_EQ(opts.now, nullptr);
    EXPECT_EQ(opts.decision, nullptr);

    unstuck_sweep* sweep = nullptr;
    opts.struct_size = sizeof(size_t) + sizeof(int);  // an older, smaller struct than this library knows
    EXPECT_EQ(unstuck_sweep_open(&sweep, host.get(), &opts), UNSTUCK_EINVALID);
    EXPECT_NE(std::string(unstuck_error_last()).find("opts: struct_size 12 is smaller than"),
              std::string::npos)
        << last_error();
    EXPECT_EQ(sweep, nullptr);
    opts.struct_size = sizeof opts;
    opts.now = "2024-07-16T20:00:00";  // no offset
    EXPECT_EQ(unstuck_sweep_open(&sweep, host.get(), &opts), UNSTUCK_EINVALID);
    EXPECT_EQ(std::string(unstuck_error_last()).rfind("opts.now: ", 0), 0u) << last_error();
    opts.now = nullptr;
    opts.concurrency = -2;
    EXPECT_EQ(unstuck_sweep_open(&sweep, host.get(), &opts), UNSTUCK_EINVALID);
    EXPECT_NE(std::string(unstuck_error_last()).find("opts.concurrency"), std::string::npos) << last_error();

    // The file to sweep must be there.
    ASSERT_EQ(unstuck_sweep_open(&sweep, host.get(), nullptr), UNSTUCK_OK) << last_error();
    char* out = nullptr;
    EXPECT_EQ(unstuck_sweep_run_file(sweep, (demo.dir() / "none.jsonl").c_str(), &out), UNSTUCK_ENOTFOUND);
    EXPECT_NE(std::string(unstuck_error_last()).find("none.jsonl"), std::string::npos) << last_error();
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);
}

TEST(CapiSweep, ASweepThatCannotFileIsAConfigError) {
    DemoCopy demo;
    unstuck_host* host = nullptr;
    // Without routes a sweep that files cannot be opened; a dry run can.
    std::string no_routes = demo.config_json();
    auto from = no_routes.find("\"routes\"");
    auto to = no_routes.find(']', from);
    no_routes.erase(from, to - from + 2);
    ASSERT_EQ(unstuck_host_open_json(&host, no_routes.c_str(), demo.dir().c_str()), UNSTUCK_OK)
        << last_error();
    unstuck_sweep* sweep = nullptr;
    EXPECT_EQ(unstuck_sweep_open(&sweep, host, nullptr), UNSTUCK_ECONFIG);
    EXPECT_NE(std::string(unstuck_error_last()).find("routes"), std::string::npos) << last_error();
    auto opts = demo_options();
    opts.dry_run = 1;
    ASSERT_EQ(unstuck_sweep_open(&sweep, host, &opts), UNSTUCK_OK) << last_error();
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);
    EXPECT_EQ(unstuck_host_close(host), UNSTUCK_OK);
}

TEST(CapiSweep, OneRunAtATime) {
    DemoCopy demo;
    OpenHost host(demo);
    auto opts = demo_options();
    unstuck_sweep* sweep = nullptr;
    ASSERT_EQ(unstuck_sweep_open(&sweep, host.get(), &opts), UNSTUCK_OK) << last_error();

    // The first run's source waits until the second run has been refused.
    struct Gate {
        std::promise<void> started;
        std::shared_future<void> release;
        bool first = true;
    };
    std::promise<void> release;
    Gate gate{{}, release.get_future().share()};
    auto source = [](void* ctx, const char**, size_t*) {
        auto* g = static_cast<Gate*>(ctx);
        if (g->first) {
            g->first = false;
            g->started.set_value();
            g->release.wait();
        }
        return 0;
    };
    auto started = gate.started.get_future();
    std::thread first([&] {
        char* out = nullptr;
        EXPECT_EQ(unstuck_sweep_run_lines(sweep, source, &gate, &out), UNSTUCK_OK) << last_error();
        unstuck_free(out);
    });
    started.wait();
    char* out = nullptr;
    EXPECT_EQ(unstuck_sweep_run_file(sweep, demo.orders().c_str(), &out), UNSTUCK_EINVALID);
    EXPECT_EQ(std::string(unstuck_error_last()), "sweep: busy: another run of this sweep is in progress");
    release.set_value();
    first.join();
    ASSERT_EQ(unstuck_sweep_run_file(sweep, demo.orders().c_str(), &out), UNSTUCK_OK) << last_error();
    unstuck_free(out);
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);
}

}  // namespace
}  // namespace unstuck::test
