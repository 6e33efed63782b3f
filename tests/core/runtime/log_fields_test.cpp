// Lines with fields of their own (log_fields): top-level members of the JSON line, plain text otherwise,
// secrets redacted, the logger's level kept, other lines unchanged.
#include <gtest/gtest.h>

#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/core/runtime/redactor.hpp"

namespace unstuck::core {
namespace {

class LogFields : public ::testing::Test {
  protected:
    void TearDown() override { configure_logging({}); }
    std::ostringstream out_;
};

Poco::JSON::Object::Ptr parse(const std::string& line) {
    return Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
}

TEST_F(LogFields, AsJsonTheFieldsSitAtTheTopLevelOfTheLine) {
    Redactor::global().add("sk-5566778899");
    configure_logging({"info", true}, &out_);
    auto log = logger("fields.test");
    log_fields(*log, spdlog::level::info, "GET /x 200",
               R"({"method":"GET","status":200,"duration_ms":1.5,"note":"key sk-5566778899"})");
    log_fields(*log, spdlog::level::debug, "below the level", R"({"status":1})");
    const auto text = out_.str();
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.find('\n'), text.size() - 1) << "one line: " << text;
    EXPECT_EQ(text.find("sk-5566778899"), std::string::npos) << text;
    auto line = parse(text);
    EXPECT_FALSE(line->getValue<std::string>("time").empty());
    EXPECT_EQ(line->getValue<std::string>("level"), "info");
    EXPECT_EQ(line->getValue<std::string>("logger"), "fields.test");
    EXPECT_EQ(line->getValue<std::string>("msg"), "GET /x 200");
    EXPECT_EQ(line->getValue<std::string>("method"), "GET");
    EXPECT_EQ(line->getValue<int>("status"), 200);
    EXPECT_DOUBLE_EQ(line->getValue<double>("duration_ms"), 1.5);
    EXPECT_EQ(line->getValue<std::string>("note"), "key ***");
}

TEST_F(LogFields, AsTextTheLineReadsTheMessageAlone) {
    configure_logging({"info", false}, &out_);
    log_fields(*logger("fields.text"), spdlog::level::warn, "GET /x 200", R"({"status":200})");
    const auto text = out_.str();
    EXPECT_NE(text.find(" warning [fields.text] GET /x 200\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("status"), std::string::npos) << text;
}

TEST_F(LogFields, EmptyFieldsAndOrdinaryLinesKeepTheirShape) {
    configure_logging({"info", true}, &out_);
    auto log = logger("fields.plain");
    log_fields(*log, spdlog::level::info, "no fields", "{}");
    log->info("ordinary");
    std::istringstream in(out_.str());
    std::string first, second;
    ASSERT_TRUE(std::getline(in, first));
    ASSERT_TRUE(std::getline(in, second));
    EXPECT_EQ(first.substr(first.find(R"("level")")),
              R"("level":"info","logger":"fields.plain","msg":"no fields"})");
    EXPECT_EQ(second.substr(second.find(R"("level")")),
              R"("level":"info","logger":"fields.plain","msg":"ordinary"})");
}

}  // namespace
}  // namespace unstuck::core
