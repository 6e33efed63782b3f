// The C API from many threads: decide on 8 threads at once, a host closed while 8 threads call it, and each
// thread's own last error.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "capi_fixture.hpp"

namespace unstuck::test {
namespace {

constexpr int kThreads = 8;

TEST(CapiThreads, DecideFromEightThreadsGivesIdenticalAnswers) {
    DemoCopy demo;
    OpenHost host(demo);
    std::vector<std::string> orders;
    {
        std::string all = read_file(demo.orders());
        for (std::size_t at = 0, nl; (nl = all.find('\n', at)) != std::string::npos; at = nl + 1)
            orders.push_back(all.substr(at, nl - at));
    }
    // The answers of one thread, one after the other.
    std::vector<std::string> expected;
    for (const auto& o : orders) {
        char* out = nullptr;
        ASSERT_EQ(unstuck_decide(host.get(), o.c_str(), &out), UNSTUCK_OK) << last_error();
        expected.push_back(take(out));
    }
    std::atomic<int> mismatches{0}, failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 5; ++round)
                for (std::size_t i = 0; i < orders.size(); ++i) {
                    std::size_t k = (i + static_cast<std::size_t>(t) * 3) % orders.size();
                    char* out = nullptr;
                    if (unstuck_decide(host.get(), orders[k].c_str(), &out) != UNSTUCK_OK) {
                        ++failures;
                        continue;
                    }
                    if (take(out) != expected[k]) ++mismatches;
                }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(mismatches.load(), 0);
}

TEST(CapiThreads, CloseRacingWithCallsOnEightThreads) {
    DemoCopy demo;
    const std::string order = first_demo_order();
    for (int round = 0; round < 3; ++round) {
        unstuck_host* host = nullptr;
        ASSERT_EQ(unstuck_host_open_file(&host, demo.config().c_str()), UNSTUCK_OK) << last_error();
        std::atomic<bool> go{false};
        std::atomic<int> ok{0}, closed{0}, other{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                while (!go) std::this_thread::yield();
                for (int i = 0; i < 200; ++i) {
                    char* out = nullptr;
                    int rc = t % 2 ? unstuck_decide(host, order.c_str(), &out)
                                   : unstuck_detect(host, "1Z023E2X0214323015", &out);
                    if (rc == UNSTUCK_OK) {
                        ++ok;
                        unstuck_free(out);
                    } else if (rc == UNSTUCK_ECLOSED) {
                        ++closed;
                        break;  // once closed, always closed
                    } else {
                        ++other;
                    }
                }
            });
        go = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5 * round));
        EXPECT_EQ(unstuck_host_close(host), UNSTUCK_OK) << last_error();
        for (auto& t : threads) t.join();
        EXPECT_EQ(other.load(), 0);
        EXPECT_EQ(ok.load() + closed.load() > 0, true);
        EXPECT_EQ(unstuck_host_close(host), UNSTUCK_ECLOSED);
        char* out = nullptr;
        EXPECT_EQ(unstuck_decide(host, order.c_str(), &out), UNSTUCK_ECLOSED);
    }
}

TEST(CapiThreads, ErrorsArePerThread) {
    DemoCopy demo;
    OpenHost host(demo);
    char* out = nullptr;
    ASSERT_EQ(unstuck_decide(host.get(), "{", &out), UNSTUCK_EJSON);
    const std::string mine = unstuck_error_last();

    std::string theirs_before, theirs_after;
    int their_code_before = -100, their_code_after = -100;
    std::thread other([&] {
        their_code_before = unstuck_error_last_code();
        theirs_before = unstuck_error_last();
        char* o = nullptr;
        EXPECT_EQ(unstuck_detect(host.get(), nullptr, &o), UNSTUCK_EINVALID);
        their_code_after = unstuck_error_last_code();
        theirs_after = unstuck_error_last();
    });
    other.join();
    EXPECT_EQ(their_code_before, 0);
    EXPECT_EQ(theirs_before, "");
    EXPECT_EQ(their_code_after, UNSTUCK_EINVALID);
    EXPECT_EQ(theirs_after, "number: null pointer");
    // This thread's error is untouched by the other's.
    EXPECT_EQ(unstuck_error_last_code(), UNSTUCK_EJSON);
    EXPECT_EQ(std::string(unstuck_error_last()), mine);
    // A success clears it.
    ASSERT_EQ(unstuck_plugins(host.get(), &out), UNSTUCK_OK);
    unstuck_free(out);
    EXPECT_EQ(unstuck_error_last_code(), 0);
    EXPECT_STREQ(unstuck_error_last(), "");
}

}  // namespace
}  // namespace unstuck::test
