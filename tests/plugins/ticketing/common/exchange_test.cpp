// exchange(): one HTTP call of a ticketing client, its answer or the failure to report.
#include <gtest/gtest.h>

#include "ticketing/common/http_outcome.hpp"

namespace unstuck::ticketing {
namespace {

// Answers every request with what the test set, and counts the requests.
class CannedHttp : public sdk::Http {
  public:
    sdk::Result<sdk::HttpResponse, sdk::HttpError> send(const sdk::HttpRequest&) noexcept override {
        ++sent;
        if (error) return *error;
        return response;
    }
    std::optional<sdk::HttpError> error;
    sdk::HttpResponse response;
    int sent = 0;
};

std::string detail_of(std::string_view body) {
    return "detail(" + std::string(body) + ")";
}

TEST(Exchange, A2xxAnswerIsTheResponse) {
    CannedHttp http;
    http.response.status = 201;
    http.response.body = "{}";
    auto r = exchange(http, {}, "zendesk", "creating", detail_of);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 201);
    EXPECT_EQ(r->body, "{}");
    EXPECT_EQ(http.sent, 1);
}

TEST(Exchange, ATransportFailureIsRetriedOnlyWhenTransient) {
    CannedHttp http;
    http.error = sdk::HttpError{sdk::HttpErrorKind::kTimeout, "read timed out"};
    auto r = exchange(http, {}, "jira-sm", "reading request X-1", detail_of);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().retry);
    EXPECT_EQ(r.error().message, "jira-sm: reading request X-1: read timed out");
    http.error = sdk::HttpError{sdk::HttpErrorKind::kTls, "certificate refused"};
    EXPECT_FALSE(exchange(http, {}, "jira-sm", "x", detail_of).error().retry);
}

TEST(Exchange, AnotherStatusIsTheResponseFailureWithTheBackendsDetail) {
    CannedHttp http;
    http.response.status = 422;
    http.response.body = "bad field";
    auto r = exchange(http, {}, "zendesk", "creating the ticket", detail_of);
    ASSERT_FALSE(r);
    EXPECT_FALSE(r.error().retry);
    EXPECT_NE(r.error().message.find("zendesk: creating the ticket: HTTP 422"), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("detail(bad field)"), std::string::npos) << r.error().message;
    http.response.status = 503;
    EXPECT_TRUE(exchange(http, {}, "zendesk", "x", detail_of).error().retry);
}

}  // namespace
}  // namespace unstuck::ticketing
