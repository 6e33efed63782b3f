// The loopback server itself, spoken to with Poco's plain client so these tests do not depend on the host's
// client.

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include "support/loopback_server.hpp"
#include "support/test_paths.hpp"

namespace unstuck::test {
namespace {

struct Answer {
    Poco::Net::HTTPResponse response;
    std::string body;
};

Answer exchange(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& uri,
                const std::string& body = {}) {
    Poco::Net::HTTPRequest request(method, uri, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    if (!body.empty()) request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    request.add("X-Test", "yes");
    session.sendRequest(request) << body;
    Answer answer;
    auto& in = session.receiveResponse(answer.response);
    Poco::StreamCopier::copyToString(in, answer.body);
    return answer;
}

TEST(LoopbackServer, AnswersWithTheHandlersResponseAndRecordsTheRequest) {
    LoopbackServer server([](const LoopbackRequest& r) {
        return LoopbackResponse{.status = 201, .headers = {{"X-Echo", r.method}}, .body = "got " + r.body};
    });
    EXPECT_EQ(server.base_url().rfind("http://127.0.0.1:", 0), 0u);

    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
    auto answer = exchange(session, "POST", "/orders?id=7", "hello");
    EXPECT_EQ(answer.response.getStatus(), 201);
    EXPECT_EQ(answer.response.get("X-Echo"), "POST");
    EXPECT_EQ(answer.body, "got hello");

    auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].uri, "/orders?id=7");
    EXPECT_EQ(requests[0].path(), "/orders");
    EXPECT_EQ(requests[0].body, "hello");
    EXPECT_EQ(requests[0].header("x-test"), "yes");
    EXPECT_EQ(server.request_count("/orders"), 1u);
    EXPECT_EQ(server.request_count("/other"), 0u);
}

TEST(LoopbackServer, CountsOneConnectionForKeptAliveRequests) {
    LoopbackServer server;
    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
    session.setKeepAlive(true);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(exchange(session, "GET", "/ping").response.getStatus(), 200);
    EXPECT_EQ(server.request_count(), 3u);
    EXPECT_EQ(server.accepted_connections(), 1);
    auto requests = server.requests();
    EXPECT_EQ(requests[0].peer, requests[2].peer);
    EXPECT_EQ(requests[2].index, 2u);

    Poco::Net::HTTPClientSession other("127.0.0.1", server.port());
    exchange(other, "GET", "/ping");
    EXPECT_EQ(server.accepted_connections(), 2);
}

TEST(LoopbackServer, TruncatesTheBodyItAnnounced) {
    LoopbackServer server([](const LoopbackRequest&) {
        return LoopbackResponse{.body = std::string(1000, 'x'), .truncate_at = 100};
    });
    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
    Answer answer;
    try {
        answer = exchange(session, "GET", "/short");
    } catch (const Poco::Exception&) {
        // Some Poco versions report the early end of the stream; either way the body is short.
    }
    EXPECT_EQ(answer.response.getContentLength64(), 1000);
    EXPECT_EQ(answer.body.size(), 100u);
}

TEST(LoopbackServer, EndsAChunkedBodyEarlyWithoutItsLastChunk) {
    LoopbackServer server([](const LoopbackRequest&) {
        return LoopbackResponse{.body = std::string(1000, 'x'), .truncate_at = 100, .chunked = true};
    });
    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
    Answer answer;
    try {
        answer = exchange(session, "GET", "/short");
    } catch (const Poco::Exception&) {
    }
    EXPECT_TRUE(answer.response.getChunkedTransferEncoding());
    EXPECT_EQ(answer.body.size(), 100u);
}

TEST(LoopbackServer, SendsChunkedBodiesWithoutALength) {
    LoopbackServer server([](const LoopbackRequest&) {
        return LoopbackResponse{.body = std::string(5000, 'y'), .chunked = true};
    });
    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
    auto answer = exchange(session, "GET", "/big");
    EXPECT_TRUE(answer.response.getChunkedTransferEncoding());
    EXPECT_FALSE(answer.response.hasContentLength());
    EXPECT_EQ(answer.body, std::string(5000, 'y'));
}

TEST(LoopbackServer, DropsTheConnectionWithoutAnswering) {
    LoopbackServer server([](const LoopbackRequest&) { return LoopbackResponse{.drop = true}; });
    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
    EXPECT_THROW(exchange(session, "GET", "/gone"), Poco::Net::NoMessageException);
    EXPECT_EQ(server.request_count(), 1u);
}

TEST(LoopbackServer, DelaysPastAClientTimeoutAndStillStopsPromptly) {
    auto server = std::make_unique<LoopbackServer>(
        [](const LoopbackRequest&) { return LoopbackResponse{.delay = std::chrono::minutes(10)}; });
    Poco::Net::HTTPClientSession session("127.0.0.1", server->port());
    session.setTimeout(Poco::Timespan(2, 0), Poco::Timespan(2, 0), Poco::Timespan(0, 200'000));
    EXPECT_THROW(exchange(session, "GET", "/slow"), Poco::TimeoutException);
    EXPECT_EQ(server->request_count(), 1u);
    server.reset();  // must not wait for the delay to run out
}

TEST(LoopbackServer, ServesHttpsWithASelfSignedCertificate) {
    TempDir dir;
    auto files = make_self_signed_certificate(dir.path());
    ASSERT_TRUE(files) << "the openssl command could not write a certificate";
    LoopbackServer server([](const LoopbackRequest&) { return LoopbackResponse{.body = "secure"}; },
                          LoopbackOptions{.tls_certificate = files->first, .tls_private_key = files->second});
    EXPECT_EQ(server.base_url().rfind("https://127.0.0.1:", 0), 0u);

    Poco::Net::Context::Params params;
    params.caLocation = files->first.string();
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    Poco::Net::HTTPSClientSession session("127.0.0.1", server.port(), context);
    auto answer = exchange(session, "GET", "/tls");
    EXPECT_EQ(answer.body, "secure");
    EXPECT_EQ(server.request_count("/tls"), 1u);
}

}  // namespace
}  // namespace unstuck::test
