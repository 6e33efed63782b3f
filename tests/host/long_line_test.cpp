// A line longer than the limit on a line (64 MiB): `sweep` and `check` read their input with one reader and
// say the same of it, then go on with the next line.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/run_process.hpp"
#include "support/sweep_fixture.hpp"
#include "support/test_paths.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kLimit = std::size_t{64} << 20;

// The fixture's orders with a line of `kLimit + 1` bytes (a JSON document) inserted as line 2.
void insert_long_line(const SweepFixture& fx) {
    std::ifstream in(fx.orders(), std::ios::binary);
    std::string first;
    std::getline(in, first);
    std::ostringstream rest;
    rest << in.rdbuf();
    in.close();
    std::string long_line = R"({"order_id": ")";
    long_line += std::string(kLimit + 1 - long_line.size() - 2, 'x');
    long_line += "\"}";
    ASSERT_EQ(long_line.size(), kLimit + 1);
    std::ofstream out(fx.orders(), std::ios::binary | std::ios::trunc);
    out << first << '\n' << long_line << '\n' << rest.str();
}

TEST(LongLine, SweepAndCheckSayTheSameAndGoOn) {
    TempDir tmp;
    SweepFixture fx(tmp.path());
    fx.write_orders(3);
    fx.write_config(R"({"sqlite": "store.db"})", "outbox",
                    R"("outbox": {"dir": ")" + (tmp.path() / "outbox").string() + R"("})", "");
    insert_long_line(fx);

    auto sweep = run_host({"--config", fx.config().string(), "sweep", "--orders", fx.orders().string(),
                           "--now", kSweepNow, "--dry-run", "--json"});
    EXPECT_EQ(sweep.exit_code, 2) << sweep.err;
    EXPECT_EQ(sweep.err, "unstuck sweep: line 2: longer than 64 MiB; skipped\n");
    EXPECT_NE(sweep.out.find(R"("decided":3)"), std::string::npos) << sweep.out;
    EXPECT_NE(sweep.out.find(R"("bad_lines":1)"), std::string::npos) << sweep.out;

    auto check = run_host({"check", "--orders", fx.orders().string(), "--now", kSweepNow});
    EXPECT_EQ(check.exit_code, 2) << check.err;
    std::istringstream lines(check.out);
    std::vector<std::string> out;
    for (std::string line; std::getline(lines, line);) out.push_back(line);
    ASSERT_EQ(out.size(), 4u);
    EXPECT_NE(out[0].find(R"("order_id":"order-0")"), std::string::npos) << out[0];
    EXPECT_EQ(out[1], R"({"line":2,"error":"longer than 64 MiB; skipped"})");
    EXPECT_NE(out[2].find(R"("order_id":"order-1")"), std::string::npos) << out[2];
    EXPECT_NE(out[3].find(R"("order_id":"order-2")"), std::string::npos) << out[3];
}

}  // namespace
}  // namespace unstuck::test
