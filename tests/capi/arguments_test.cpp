// Bad arguments: null pointers everywhere, invalid UTF-8, handles closed or never opened. Each gives its
// code and one line naming the argument, and nothing crashes.
#include <string>

#include <gtest/gtest.h>

#include "capi_fixture.hpp"

namespace unstuck::test {
namespace {

// Expects `rc` to be `code` with a message that names `what`.
void expect_error(int rc, int code, const std::string& what) {
    EXPECT_EQ(rc, code) << last_error();
    EXPECT_EQ(unstuck_error_last_code(), code);
    EXPECT_NE(std::string(unstuck_error_last()).find(what), std::string::npos) << last_error();
}

TEST(CapiArguments, NullPointersEverywhere) {
    DemoCopy demo;
    OpenHost host(demo);
    unstuck_host* h = host.get();
    unstuck_host* opened = nullptr;
    char* out = nullptr;
    const std::string order = first_demo_order();

    expect_error(unstuck_host_open_file(nullptr, demo.config().c_str()), UNSTUCK_EINVALID, "out: null");
    expect_error(unstuck_host_open_file(&opened, nullptr), UNSTUCK_EINVALID, "config_path: null");
    expect_error(unstuck_host_open_json(nullptr, "{}", nullptr), UNSTUCK_EINVALID, "out: null");
    expect_error(unstuck_host_open_json(&opened, nullptr, nullptr), UNSTUCK_EINVALID, "config_json: null");

    expect_error(unstuck_plugins(nullptr, &out), UNSTUCK_EINVALID, "host: null");
    expect_error(unstuck_plugins(h, nullptr), UNSTUCK_EINVALID, "out_json: null");
    expect_error(unstuck_detect(nullptr, "1Z", &out), UNSTUCK_EINVALID, "host: null");
    expect_error(unstuck_detect(h, nullptr, &out), UNSTUCK_EINVALID, "number: null");
    expect_error(unstuck_detect(h, "1Z", nullptr), UNSTUCK_EINVALID, "out_json: null");
    expect_error(unstuck_normalize(nullptr, "replay", "{}", nullptr, &out), UNSTUCK_EINVALID, "host: null");
    expect_error(unstuck_normalize(h, nullptr, "{}", nullptr, &out), UNSTUCK_EINVALID, "carrier: null");
    expect_error(unstuck_normalize(h, "replay", nullptr, nullptr, &out), UNSTUCK_EINVALID, "payload: null");
    expect_error(unstuck_normalize(h, "replay", "{}", nullptr, nullptr), UNSTUCK_EINVALID, "out_json: null");
    expect_error(unstuck_decide(nullptr, order.c_str(), &out), UNSTUCK_EINVALID, "host: null");
    expect_error(unstuck_decide(h, nullptr, &out), UNSTUCK_EINVALID, "order_json: null");
    expect_error(unstuck_decide(h, order.c_str(), nullptr), UNSTUCK_EINVALID, "out_json: null");
    expect_error(unstuck_check_batch(nullptr, order.c_str(), &out), UNSTUCK_EINVALID, "host: null");
    expect_error(unstuck_check_batch(h, nullptr, &out), UNSTUCK_EINVALID, "orders_jsonl: null");
    expect_error(unstuck_check_batch(h, order.c_str(), nullptr), UNSTUCK_EINVALID, "out_jsonl: null");
    expect_error(unstuck_disputes(nullptr, nullptr, &out), UNSTUCK_EINVALID, "host: null");
    expect_error(unstuck_disputes(h, nullptr, nullptr), UNSTUCK_EINVALID, "out_json: null");

    unstuck_sweep_options opts;
    expect_error(unstuck_sweep_options_init(nullptr, sizeof opts), UNSTUCK_EINVALID, "opts: null");
    unstuck_sweep* sweep = nullptr;
    expect_error(unstuck_sweep_open(nullptr, h, nullptr), UNSTUCK_EINVALID, "out: null");
    expect_error(unstuck_sweep_open(&sweep, nullptr, nullptr), UNSTUCK_EINVALID, "host: null");
    ASSERT_EQ(unstuck_sweep_open(&sweep, h, nullptr), UNSTUCK_OK) << last_error();
    expect_error(unstuck_sweep_run_file(nullptr, demo.orders().c_str(), &out), UNSTUCK_EINVALID,
                 "sweep: null");
    expect_error(unstuck_sweep_run_file(sweep, nullptr, &out), UNSTUCK_EINVALID, "orders_path: null");
    expect_error(unstuck_sweep_run_file(sweep, demo.orders().c_str(), nullptr), UNSTUCK_EINVALID,
                 "out_summary_json: null");
    expect_error(unstuck_sweep_run_lines(nullptr, nullptr, nullptr, &out), UNSTUCK_EINVALID, "null");
    expect_error(unstuck_sweep_run_lines(sweep, nullptr, nullptr, &out), UNSTUCK_EINVALID, "source: null");
    EXPECT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);

    // Closing nothing is fine.
    EXPECT_EQ(unstuck_host_close(nullptr), UNSTUCK_OK);
    EXPECT_EQ(unstuck_sweep_close(nullptr), UNSTUCK_OK);
    EXPECT_EQ(unstuck_error_last_code(), UNSTUCK_OK);
    EXPECT_STREQ(unstuck_error_last(), "");
}

TEST(CapiArguments, InvalidUtf8IsRefusedNamingTheArgument) {
    DemoCopy demo;
    OpenHost host(demo);
    char* out = nullptr;
    const char* overlong = "{\"order_id\": \"\xC0\xAF\"}";      // an overlong '/'
    const char* surrogate = "1Z\xED\xA0\x80";                   // a UTF-16 surrogate
    const char* cut = "{\"tracking_number\": \"1Z\xE2\x82\"}";  // a sequence cut short
    expect_error(unstuck_decide(host.get(), overlong, &out), UNSTUCK_EINVALID, "order_json: invalid UTF-8");
    expect_error(unstuck_detect(host.get(), surrogate, &out), UNSTUCK_EINVALID,
                 "number: invalid UTF-8 at byte 2");
    expect_error(unstuck_normalize(host.get(), "replay", "{}", cut, &out), UNSTUCK_EINVALID,
                 "context_json: invalid UTF-8");
    expect_error(unstuck_check_batch(host.get(), overlong, &out), UNSTUCK_EINVALID, "orders_jsonl");
    expect_error(unstuck_disputes(host.get(), cut, &out), UNSTUCK_EINVALID, "filter_json");
    unstuck_host* other = nullptr;
    expect_error(unstuck_host_open_json(&other, "{\"policy\": \"\xFF\"}", nullptr), UNSTUCK_EINVALID,
                 "config_json: invalid UTF-8");
    // Valid multi-byte text passes: the order id is echoed back as given.
    std::string order = first_demo_order();
    order.replace(order.find("5768590292230001"), 16, "Bestellung-\xC3\xBC-\xF0\x9F\x93\xA6");
    ASSERT_EQ(unstuck_decide(host.get(), order.c_str(), &out), UNSTUCK_OK) << last_error();
    EXPECT_NE(take(out).find("Bestellung-\xC3\xBC-\xF0\x9F\x93\xA6"), std::string::npos);
}

TEST(CapiArguments, AClosedOrForeignHandleIsClosedNotACrash) {
    DemoCopy demo;
    unstuck_host* host = nullptr;
    ASSERT_EQ(unstuck_host_open_file(&host, demo.config().c_str()), UNSTUCK_OK) << last_error();
    unstuck_sweep* sweep = nullptr;
    ASSERT_EQ(unstuck_sweep_open(&sweep, host, nullptr), UNSTUCK_OK) << last_error();
    ASSERT_EQ(unstuck_host_close(host), UNSTUCK_OK);

    char* out = nullptr;
    expect_error(unstuck_decide(host, first_demo_order().c_str(), &out), UNSTUCK_ECLOSED, "host: closed");
    expect_error(unstuck_plugins(host, &out), UNSTUCK_ECLOSED, "host");
    expect_error(unstuck_host_close(host), UNSTUCK_ECLOSED, "host: closed already");
    unstuck_sweep* late = nullptr;
    expect_error(unstuck_sweep_open(&late, host, nullptr), UNSTUCK_ECLOSED, "host");
    EXPECT_EQ(late, nullptr);

    // A sweep opened before keeps its host's plugins and store: it still runs.
    ASSERT_EQ(unstuck_sweep_run_file(sweep, demo.orders().c_str(), &out), UNSTUCK_OK) << last_error();
    EXPECT_NE(take(out).find("\"decided\":26"), std::string::npos);
    ASSERT_EQ(unstuck_sweep_close(sweep), UNSTUCK_OK);
    expect_error(unstuck_sweep_run_file(sweep, demo.orders().c_str(), &out), UNSTUCK_ECLOSED,
                 "sweep: closed");
    expect_error(unstuck_sweep_close(sweep), UNSTUCK_ECLOSED, "sweep");

    // Pointers that were never handles, of either kind.
    int local = 0;
    expect_error(unstuck_plugins(reinterpret_cast<unstuck_host*>(&local), &out), UNSTUCK_ECLOSED, "host");
    expect_error(unstuck_host_close(reinterpret_cast<unstuck_host*>(&local)), UNSTUCK_ECLOSED, "host");
    expect_error(unstuck_sweep_close(reinterpret_cast<unstuck_sweep*>(&local)), UNSTUCK_ECLOSED, "sweep");
    expect_error(unstuck_sweep_close(reinterpret_cast<unstuck_sweep*>(host)), UNSTUCK_ECLOSED, "sweep");
}

}  // namespace
}  // namespace unstuck::test
