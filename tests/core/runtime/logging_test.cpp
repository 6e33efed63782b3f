#include <gtest/gtest.h>

#include <sstream>

#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/core/runtime/redactor.hpp"

namespace unstuck::core {
namespace {

class Logging : public ::testing::Test {
  protected:
    void TearDown() override { configure_logging({}); }
    std::ostringstream out_;
};

TEST_F(Logging, PluginLinesCarryThePluginsLoggerNameAndRedactSecrets) {
    Redactor::global().add("tok-ABCDEF-123");
    configure_logging({"info", false}, &out_);
    auto log = make_plugin_logger("ups");
    log->info("calling with token tok-ABCDEF-123 now");
    log->debug("below the level");
    const auto text = out_.str();
    EXPECT_NE(text.find(" info [plugin.ups] calling with token *** now\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("tok-ABCDEF-123"), std::string::npos) << text;
    EXPECT_EQ(text.find("below the level"), std::string::npos) << text;
}

TEST_F(Logging, JsonLinesAreOneEscapedObjectPerLine) {
    Redactor::global().add("pw-0987654321");
    configure_logging({"debug", true}, &out_);
    logger("loader")->warn("file \"a.so\" refused; key pw-0987654321");
    const auto text = out_.str();
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    EXPECT_EQ(text.find('\n'), text.size() - 1) << "more than one line: " << text;
    EXPECT_NE(text.find(R"("level":"warning","logger":"loader","msg":"file \"a.so\" refused; key ***"})"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.rfind(R"({"time":")", 0), 0u) << text;
}

TEST(RedactorTest, RedactsEveryOccurrenceLongestFirstAndIgnoresTinyValues) {
    Redactor r;
    r.add("abcd");
    r.add("abcdefgh");
    r.add("xy");
    EXPECT_EQ(r.redact("abcdefgh abcd xy abcd"), "*** *** xy ***");
}

}  // namespace
}  // namespace unstuck::core
