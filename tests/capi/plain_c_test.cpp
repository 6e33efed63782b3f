// The header compiled as plain C11 (plain_c.c), called from here; and the library exports only unstuck_*.
#include <gtest/gtest.h>

#include "capi_fixture.hpp"
#include "support/run_process.hpp"

extern "C" int capi_plain_c_smoke(const char* config_path, const char* order_json);

namespace unstuck::test {
namespace {

TEST(CapiPlainC, AC11ProgramUsesTheHeader) {
    DemoCopy demo;
    EXPECT_EQ(capi_plain_c_smoke(demo.config().c_str(), first_demo_order().c_str()), 0) << last_error();
}

TEST(CapiLibrary, ExportsOnlyUnstuckSymbolsUnderItsVersion) {
    auto nm = run_process("/usr/bin/nm", {"-D", "--defined-only", UNSTUCK_CAPI_LIBRARY});
    ASSERT_EQ(nm.exit_code, 0) << nm.err;
    std::size_t functions = 0;
    for (std::size_t at = 0, nl; (nl = nm.out.find('\n', at)) != std::string::npos; at = nl + 1) {
        std::string line = nm.out.substr(at, nl - at);
        std::string name = line.substr(line.rfind(' ') + 1);
        if (name == "UNSTUCK_0.2") continue;  // the version node itself
        EXPECT_EQ(name.rfind("unstuck_", 0), 0u) << line;
        EXPECT_NE(name.find("@@UNSTUCK_0.2"), std::string::npos) << line;
        ++functions;
    }
    EXPECT_EQ(functions, 18u) << nm.out;

    auto elf = run_process("/usr/bin/readelf", {"-d", UNSTUCK_CAPI_LIBRARY});
    EXPECT_NE(elf.out.find("Library soname: [libunstuck.so.0]"), std::string::npos) << elf.out;
}

}  // namespace
}  // namespace unstuck::test
