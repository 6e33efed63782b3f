// The access log: as JSON the request's fields sit at the top level of the line; as text one readable line;
// a token the host knows never appears.
#include <gtest/gtest.h>

#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "serve/access_log.hpp"
#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/core/runtime/redactor.hpp"

namespace unstuck::core {
namespace {

class AccessLog : public ::testing::Test {
  protected:
    void TearDown() override { configure_logging({}); }
    std::ostringstream out_;
};

TEST_F(AccessLog, AsJsonTheRequestsFieldsAreTopLevelMembersOfTheLine) {
    configure_logging({"info", true}, &out_);
    log_access(*logger("serve.access"),
               AccessEntry{"PUT", "/v1/orders/{order_key}", 409, 0.0123456, "erp", "10.0.0.7"});
    log_access(*logger("serve.access"), AccessEntry{"GET", "/healthz", 200, 0.0005, "", "10.0.0.8"});
    std::istringstream in(out_.str());
    std::string first, second;
    ASSERT_TRUE(std::getline(in, first));
    ASSERT_TRUE(std::getline(in, second));
    auto line = Poco::JSON::Parser().parse(first).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(line->getValue<std::string>("logger"), "serve.access");
    EXPECT_EQ(line->getValue<std::string>("level"), "info");
    EXPECT_EQ(line->getValue<std::string>("method"), "PUT");
    EXPECT_EQ(line->getValue<std::string>("route"), "/v1/orders/{order_key}");
    EXPECT_EQ(line->getValue<int>("status"), 409);
    EXPECT_DOUBLE_EQ(line->getValue<double>("duration_ms"), 12.346);
    EXPECT_EQ(line->getValue<std::string>("principal"), "erp");
    EXPECT_EQ(line->getValue<std::string>("client"), "10.0.0.7");
    EXPECT_EQ(line->getValue<std::string>("msg"),
              "PUT /v1/orders/{order_key} 409 12.346 ms principal=erp client=10.0.0.7");
    auto anonymous = Poco::JSON::Parser().parse(second).extract<Poco::JSON::Object::Ptr>();
    EXPECT_TRUE(anonymous->isNull("principal")) << second;
}

TEST_F(AccessLog, AsTextTheLineIsReadable) {
    configure_logging({"info", false}, &out_);
    log_access(*logger("serve.access"), AccessEntry{"GET", "/healthz", 200, 0.0005, "", "10.0.0.8"});
    EXPECT_NE(out_.str().find(" info [serve.access] GET /healthz 200 0.500 ms principal=- client=10.0.0.8\n"),
              std::string::npos)
        << out_.str();
}

TEST_F(AccessLog, ASecretTheHostKnowsIsRedactedFromTheFields) {
    Redactor::global().add("tok-secret-in-a-name-42");
    configure_logging({"info", true}, &out_);
    log_access(*logger("serve.access"),
               AccessEntry{"GET", "/v1/whoami", 200, 0.001, "tok-secret-in-a-name-42", "10.0.0.9"});
    EXPECT_EQ(out_.str().find("tok-secret-in-a-name-42"), std::string::npos) << out_.str();
    auto line = Poco::JSON::Parser().parse(out_.str()).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(line->getValue<std::string>("principal"), "***");
}

TEST_F(AccessLog, ARequestsEventCarriesItsMethodRouteAndError) {
    configure_logging({"info", true}, &out_);
    log_request_event(*logger("serve"), spdlog::level::err, "POST", "/v1/orders", "store: disk I/O error");
    auto line = Poco::JSON::Parser().parse(out_.str()).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(line->getValue<std::string>("level"), "error");
    EXPECT_EQ(line->getValue<std::string>("msg"), "POST /v1/orders: store: disk I/O error");
    EXPECT_EQ(line->getValue<std::string>("method"), "POST");
    EXPECT_EQ(line->getValue<std::string>("route"), "/v1/orders");
    EXPECT_EQ(line->getValue<std::string>("error"), "store: disk I/O error");
}

}  // namespace
}  // namespace unstuck::core
