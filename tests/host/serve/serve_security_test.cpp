// `unstuck serve`'s security as a real process: bearer tokens and scopes, secure by default, tokens never in
// a log line or an answer, the rate limit, the body limit, TLS.
#include <gtest/gtest.h>

#include <string>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include "support/run_process.hpp"
#include "support/serve_process.hpp"
#include "support/test_paths.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

const std::string kReadToken = "rd-7f3c9a2e-token-for-reading";
const std::string kWriteToken = "wr-51d0b8c4-token-for-writing";

std::filesystem::path write_config(const TempDir& dir, const std::string& serve) {
    auto path = dir.path() / "unstuck.json";
    write_file(
        path,
        R"({"store": {"sqlite": "unstuck.db"}, "routes": [{"backend": "outbox"}], "plugins": {"outbox": {"dir": "outbox"}}, "log": {"json": true}, "serve": )" +
            serve + "}");
    return path;
}

// One token in the config (by digest), one from the environment.
std::string tokens_section(const std::string& more = "") {
    return R"({"tokens": [{"name": "dashboard", "sha256": ")" + kit::to_hex(kit::sha256(kReadToken)) +
           R"(", "scopes": ["read"]}])" + more + "}";
}

std::map<std::string, std::string> writer_env() {
    return {{"UNSTUCK_SERVE_TOKEN_ERP", kWriteToken}, {"UNSTUCK_SERVE_SCOPES_ERP", "read,write"}};
}

std::vector<std::pair<std::string, std::string>> bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

std::string code_of(const HttpReply& reply) {
    try {
        return Poco::JSON::Parser()
            .parse(reply.body)
            .extract<Poco::JSON::Object::Ptr>()
            ->getObject("error")
            ->getValue<std::string>("code");
    } catch (const Poco::Exception&) {
        return "(no error object in: " + reply.body + ")";
    }
}

TEST(ServeSecurity, TokensGrantTheirScopesAndNothingElse) {
    TempDir dir;
    ServeProcess serve(write_config(dir, tokens_section()), {}, writer_env());
    ASSERT_TRUE(serve.started()) << serve.stderr_text();

    auto reader = serve.request("GET", "/v1/whoami", "", bearer(kReadToken));
    EXPECT_EQ(reader.status, 200);
    EXPECT_EQ(reader.body, R"({"principal":"dashboard","scopes":["read"]})");
    auto writer = serve.request("GET", "/v1/whoami", "", bearer(kWriteToken));
    EXPECT_EQ(writer.body, R"({"principal":"erp","scopes":["read","write"]})");

    auto none = serve.request("GET", "/v1/whoami");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(code_of(none), "unauthorized");
    EXPECT_EQ(none.header("WWW-Authenticate").value_or(""), "Bearer");
    auto wrong = serve.request("GET", "/v1/whoami", "", bearer(kReadToken + "x"));
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(code_of(wrong), "unauthorized");

    auto forbidden = serve.request("POST", "/v1/orders", R"({"orders": []})", bearer(kReadToken));
    EXPECT_EQ(forbidden.status, 403) << forbidden.body;
    EXPECT_EQ(code_of(forbidden), "forbidden");
    auto unauthorized = serve.request("POST", "/v1/orders", R"({"orders": []})");
    EXPECT_EQ(unauthorized.status, 401);

    EXPECT_EQ(serve.request("GET", "/healthz").status, 200) << "health needs no token";
    EXPECT_EQ(serve.request("GET", "/metrics").status, 200) << "metrics need no token";
}

TEST(ServeSecurity, NoTokenEverAppearsInALogLineOrAnAnswer) {
    TempDir dir;
    ServeProcess serve(write_config(dir, tokens_section()), {}, writer_env());
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    const std::string guessed = "gs-0a1b2c3d-a-guessed-token";
    std::string answers;
    for (const auto& token : {kReadToken, kWriteToken, guessed}) {
        for (const auto& [method, target] :
             std::vector<std::pair<std::string, std::string>>{{"GET", "/v1/whoami"},
                                                              {"POST", "/v1/orders"},
                                                              {"GET", "/v1/nothing"},
                                                              {"DELETE", "/healthz"}}) {
            auto reply = serve.request(method, target, method == "POST" ? "{}" : "", bearer(token));
            answers += reply.body;
            for (const auto& [k, v] : reply.headers) answers += k + ": " + v + "\n";
        }
    }
    answers += serve.request("GET", "/metrics").body;
    ASSERT_EQ(serve.terminate(), 0);
    const auto err = serve.stderr_text();
    EXPECT_NE(err.find("serve.access"), std::string::npos) << "the requests were logged";
    EXPECT_NE(err.find(R"("principal":"erp")"), std::string::npos) << err;
    for (const auto& token : {kReadToken, kWriteToken, guessed}) {
        EXPECT_EQ(err.find(token), std::string::npos) << token;
        EXPECT_EQ(answers.find(token), std::string::npos) << token;
        EXPECT_EQ(err.find(kit::to_hex(kit::sha256(token))), std::string::npos) << "nor its digest";
    }
}

TEST(ServeSecurity, SecureByDefaultWithoutTokens) {
    TempDir dir;
    ServeProcess serve(write_config(dir, "{}"));
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    auto reply = serve.request("GET", "/v1/whoami", "", bearer("anything"));
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(code_of(reply), "unauthorized");
    EXPECT_EQ(serve.request("GET", "/healthz").status, 200);
    EXPECT_TRUE(serve.wait_for_stderr("no API token is configured")) << serve.stderr_text();
}

TEST(ServeSecurity, AuthNoneIsExplicitAndWarned) {
    TempDir dir;
    ServeProcess serve(write_config(dir, R"({"auth": "none"})"));
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    auto reply = serve.request("GET", "/v1/whoami");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, R"({"principal":null,"scopes":["read","write"]})");
    EXPECT_TRUE(serve.wait_for_stderr("serve.auth is \\\"none\\\"")) << serve.stderr_text();
    EXPECT_NE(serve.stderr_text().find(R"("level":"warning")"), std::string::npos) << serve.stderr_text();
}

TEST(ServeSecurity, RateLimitPerTokenWithRetryAfter) {
    TempDir dir;
    ServeProcess serve(
        write_config(dir, tokens_section(R"(, "rate_limit": {"requests_per_second": 0.2, "burst": 2})")), {},
        writer_env());
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    EXPECT_EQ(serve.request("GET", "/v1/whoami", "", bearer(kReadToken)).status, 200);
    EXPECT_EQ(serve.request("GET", "/v1/whoami", "", bearer(kReadToken)).status, 200);
    auto limited = serve.request("GET", "/v1/whoami", "", bearer(kReadToken));
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(code_of(limited), "rate_limited");
    const int retry = std::stoi(limited.header("Retry-After").value_or("0"));
    EXPECT_GE(retry, 1);
    EXPECT_LE(retry, 5);
    EXPECT_EQ(serve.request("GET", "/v1/whoami", "", bearer(kWriteToken)).status, 200)
        << "another token's bucket";
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(serve.request("GET", "/healthz").status, 200) << "probes are not limited";

    // Without a token the client's address has a bucket of its own.
    EXPECT_EQ(serve.request("GET", "/v1/whoami").status, 401);
    EXPECT_EQ(serve.request("GET", "/v1/whoami").status, 401);
    EXPECT_EQ(serve.request("GET", "/v1/whoami").status, 429);
}

TEST(ServeSecurity, BodiesOverTheLimitAre413BeforeBeingRead) {
    TempDir dir;
    ServeProcess serve(write_config(dir, R"({"auth": "none", "max_body_bytes": 1024})"));
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    EXPECT_EQ(serve.request("GET", "/v1/whoami", std::string(1024, 'x')).status, 200);

    auto declared = serve.request("GET", "/v1/whoami", std::string(100000, 'x'));
    EXPECT_EQ(declared.status, 413) << declared.error;
    EXPECT_EQ(code_of(declared), "payload_too_large");

    // Chunked: no length to check first; refused while reading.
    Poco::Net::HTTPClientSession session("127.0.0.1", serve.port());
    Poco::Net::HTTPRequest request("GET", "/v1/whoami", Poco::Net::HTTPMessage::HTTP_1_1);
    request.setChunkedTransferEncoding(true);
    auto& out = session.sendRequest(request);
    for (int i = 0; i < 20; ++i) out << std::string(512, 'y');
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    std::string body;
    Poco::StreamCopier::copyToString(in, body);
    EXPECT_EQ(response.getStatus(), 413);
    EXPECT_NE(body.find("payload_too_large"), std::string::npos) << body;

    EXPECT_EQ(serve.request("GET", "/healthz").status, 200) << "and it goes on serving";
}

class ServeTls : public ::testing::Test {
  protected:
    void SetUp() override {
        auto made =
            run_process("/usr/bin/openssl",
                        {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                         "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout",
                         (dir.path() / "key.pem").string(), "-out", (dir.path() / "cert.pem").string()});
        ASSERT_EQ(made.exit_code, 0) << made.err;
    }
    std::string tls_section(const std::string& cert, const std::string& key) {
        return R"({"auth": "none", "tls": {"cert_file": ")" + cert + R"(", "key_file": ")" + key + R"("}})";
    }
    TempDir dir;
};

TEST_F(ServeTls, SpeaksHttpsWithTheConfiguredCertificateAndNothingElse) {
    ServeProcess serve(write_config(dir, tls_section("cert.pem", "key.pem")));
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    auto plain = serve.request("GET", "/healthz");
    EXPECT_NE(plain.status, 200) << "plain HTTP to the TLS port gets no answer";
    serve.use_tls(dir.path() / "cert.pem");
    auto secure = serve.request("GET", "/healthz");
    EXPECT_EQ(secure.status, 200) << secure.error;
    EXPECT_EQ(secure.body, R"({"status":"ok"})");
    EXPECT_TRUE(serve.wait_for_stderr("listening on https://"));
    EXPECT_EQ(serve.terminate(), 0);
}

TEST_F(ServeTls, WithACaFileClientsMustPresentACertificateItSigned) {
    ServeProcess serve(write_config(
        dir,
        R"({"auth": "none", "tls": {"cert_file": "cert.pem", "key_file": "key.pem", "ca_file": "cert.pem"}})"));
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    serve.use_tls(dir.path() / "cert.pem");
    EXPECT_EQ(serve.request("GET", "/healthz").status, 0) << "no client certificate: no handshake";
    auto made = run_process(
        "/usr/bin/openssl",
        {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=stranger", "-keyout",
         (dir.path() / "stranger_key.pem").string(), "-out", (dir.path() / "stranger_cert.pem").string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    serve.use_tls(dir.path() / "cert.pem", dir.path() / "stranger_cert.pem", dir.path() / "stranger_key.pem");
    EXPECT_EQ(serve.request("GET", "/healthz").status, 0)
        << "a certificate the CA did not sign: no handshake";
    serve.use_tls(dir.path() / "cert.pem", dir.path() / "cert.pem", dir.path() / "key.pem");
    auto reply = serve.request("GET", "/healthz");
    EXPECT_EQ(reply.status, 200) << reply.error;
    EXPECT_EQ(serve.terminate(), 0) << serve.stderr_text();
}

TEST_F(ServeTls, BadFilesExitWith1NamingTheFile) {
    auto missing = run_host({"--config", write_config(dir, tls_section("nowhere.pem", "key.pem")).string(),
                             "serve", "--listen", "127.0.0.1:0"});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("serve.tls.cert_file: cannot read " + (dir.path() / "nowhere.pem").string()),
              std::string::npos)
        << missing.err;

    write_file(dir.path() / "garbage.pem",
               "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
    auto garbage = run_host({"--config", write_config(dir, tls_section("cert.pem", "garbage.pem")).string(),
                             "serve", "--listen", "127.0.0.1:0"});
    EXPECT_EQ(garbage.exit_code, 1);
    EXPECT_NE(garbage.err.find("serve.tls.key_file: " + (dir.path() / "garbage.pem").string()),
              std::string::npos)
        << garbage.err;

    auto made = run_process(
        "/usr/bin/openssl",
        {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=other", "-keyout",
         (dir.path() / "other_key.pem").string(), "-out", (dir.path() / "other_cert.pem").string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    auto mismatched =
        run_host({"--config", write_config(dir, tls_section("cert.pem", "other_key.pem")).string(), "serve",
                  "--listen", "127.0.0.1:0"});
    EXPECT_EQ(mismatched.exit_code, 1);
    EXPECT_NE(mismatched.err.find("serve.tls.key_file: " + (dir.path() / "other_key.pem").string() +
                                  ": not the key of serve.tls.cert_file"),
              std::string::npos)
        << mismatched.err;

    auto swapped = run_host({"--config", write_config(dir, tls_section("key.pem", "cert.pem")).string(),
                             "serve", "--listen", "127.0.0.1:0"});
    EXPECT_EQ(swapped.exit_code, 1);
    EXPECT_NE(swapped.err.find("serve.tls.cert_file: " + (dir.path() / "key.pem").string()),
              std::string::npos)
        << swapped.err;
}

}  // namespace
}  // namespace unstuck::test
