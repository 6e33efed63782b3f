// The config's `serve` section and the environment's tokens: defaults, every key, errors naming the key.
#include <gtest/gtest.h>

#include "unstuck/core/config/host_config.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::core {
namespace {

const std::string kDigest(64, 'a');

sdk::Result<HostConfig> parse(const std::string& serve) {
    return HostConfig::parse(R"({"serve": )" + serve + "}", "/etc/unstuck");
}

std::string error_of(const std::string& serve) {
    auto config = parse(serve);
    return config ? std::string("(parsed)") : config.error().message;
}

TEST(ServeOptions, DefaultsWithoutTheSection) {
    auto config = HostConfig::parse("{}", "/tmp");
    ASSERT_TRUE(config) << config.error().message;
    const auto& s = config->serve;
    EXPECT_EQ(s.listen(), "127.0.0.1:8080");
    EXPECT_EQ(s.threads, 8u);
    EXPECT_EQ(s.max_queued, 256u);
    EXPECT_EQ(s.max_body_bytes, 1048576u);
    EXPECT_FALSE(s.tls.enabled());
    EXPECT_FALSE(s.auth_none);
    EXPECT_TRUE(s.tokens.empty());
    EXPECT_EQ(s.rate_limit.requests_per_second, 50);
    EXPECT_EQ(s.rate_limit.burst, 100);
    EXPECT_EQ(s.webhooks.window_s, 300u);
    EXPECT_EQ(s.webhooks.max_body_bytes, 262144u);
    EXPECT_TRUE(s.scheduler.enabled);
    EXPECT_EQ(s.scheduler.batch, 256u);
    EXPECT_EQ(s.scheduler.idle_poll_ms, 1000u);
    EXPECT_EQ(s.scheduler.concurrency, 0u);
    EXPECT_EQ(s.shutdown_grace_ms, 10000u);
}

TEST(ServeOptions, ReadsEveryKey) {
    auto config = parse(R"({"listen": "0.0.0.0:9443", "threads": 4, "max_queued": 10, "max_body_bytes": 2048,
        "tls": {"cert_file": "tls/cert.pem", "key_file": "/keys/key.pem", "ca_file": "ca.pem"},
        "tokens": [{"name": "erp", "sha256": ")" +
                        std::string(64, 'A') + R"(", "scopes": ["read", "write"]},
                   {"name": "dash", "sha256": ")" +
                        kDigest + R"("}],
        "rate_limit": {"requests_per_second": 5.5, "burst": 7},
        "webhooks": {"window_s": 60, "max_body_bytes": 1000},
        "scheduler": {"enabled": false, "batch": 16, "idle_poll_ms": 250, "concurrency": 3},
        "shutdown_grace_ms": 500})");
    ASSERT_TRUE(config) << config.error().message;
    const auto& s = config->serve;
    EXPECT_EQ(s.host, "0.0.0.0");
    EXPECT_EQ(s.port, 9443);
    EXPECT_EQ(s.threads, 4u);
    EXPECT_EQ(s.max_queued, 10u);
    EXPECT_EQ(s.max_body_bytes, 2048u);
    EXPECT_EQ(s.tls.cert_file, "/etc/unstuck/tls/cert.pem");
    EXPECT_EQ(s.tls.key_file, "/keys/key.pem");
    EXPECT_EQ(s.tls.ca_file, "/etc/unstuck/ca.pem");
    ASSERT_EQ(s.tokens.size(), 2u);
    EXPECT_EQ(s.tokens[0].name, "erp");
    EXPECT_EQ(s.tokens[0].sha256_hex, std::string(64, 'a')) << "digests are kept in lowercase";
    EXPECT_TRUE(s.tokens[0].read && s.tokens[0].write);
    EXPECT_TRUE(s.tokens[1].read);
    EXPECT_FALSE(s.tokens[1].write) << "scopes default to read";
    EXPECT_EQ(s.rate_limit.requests_per_second, 5.5);
    EXPECT_EQ(s.rate_limit.burst, 7);
    EXPECT_EQ(s.webhooks.window_s, 60u);
    EXPECT_EQ(s.webhooks.max_body_bytes, 1000u);
    EXPECT_FALSE(s.scheduler.enabled);
    EXPECT_EQ(s.scheduler.batch, 16u);
    EXPECT_EQ(s.scheduler.idle_poll_ms, 250u);
    EXPECT_EQ(s.scheduler.concurrency, 3u);
    EXPECT_EQ(s.shutdown_grace_ms, 500u);
    EXPECT_TRUE(parse(R"({"auth": "none"})")->serve.auth_none);
}

TEST(ServeOptions, ErrorsNameTheKey) {
    EXPECT_EQ(error_of(R"({"listen": "8080"})"), "serve.listen: expected HOST:PORT, e.g. 127.0.0.1:8080");
    EXPECT_EQ(error_of(R"({"listen": "localhost:99999"})"),
              "serve.listen: the port must be a number from 0 to 65535");
    EXPECT_EQ(error_of(R"({"threads": 0})").rfind("serve.threads:", 0), 0u);
    EXPECT_EQ(error_of(R"({"max_body_bytes": "big"})").rfind("serve.max_body_bytes:", 0), 0u);
    EXPECT_EQ(error_of(R"({"auth": "basic"})"), "serve.auth: expected \"token\" or \"none\", not \"basic\"");
    EXPECT_EQ(error_of(R"({"tls": {"cert_file": "c.pem"}})"),
              "serve.tls.key_file: required with serve.tls.cert_file");
    EXPECT_EQ(error_of(R"({"tokens": [{"name": "erp", "sha256": "abc"}]})"),
              "serve.tokens[0].sha256: expected the token's SHA-256 as 64 hexadecimal digits");
    EXPECT_EQ(
        error_of(R"({"tokens": [{"name": "erp", "sha256": ")" + kDigest + R"(", "scopes": ["admin"]}]})"),
        "serve.tokens[0].scopes[0]: unknown scope \"admin\" (read or write)");
    EXPECT_EQ(error_of(R"({"tokens": [{"name": "a", "sha256": ")" + kDigest +
                       R"("}, {"name": "a", "sha256": ")" + kDigest + R"("}]})"),
              "serve.tokens[1].name: \"a\" appears twice");
    EXPECT_EQ(error_of(R"({"tokens": [{"sha256": ")" + kDigest + R"("}]})"),
              "serve.tokens[0].name: expected a name");
    EXPECT_EQ(error_of(R"({"rate_limit": {"burst": 0}})").rfind("serve.rate_limit.burst:", 0), 0u);
    EXPECT_EQ(error_of(R"({"scheduler": {"enabled": "yes"}})").rfind("serve.scheduler.enabled:", 0), 0u);
    EXPECT_EQ(error_of(R"({"webhooks": {"window": 5}})").rfind("serve.webhooks.window: unknown key", 0), 0u);
    EXPECT_EQ(error_of(R"({"port": 5})").rfind("serve.port: unknown key", 0), 0u);
    EXPECT_EQ(error_of(R"([])"), "serve: expected an object");
}

TEST(ServeOptions, TokensFromTheEnvironment) {
    ServeOptions options;
    options.tokens.push_back({"erp", kDigest, true, false});
    auto s = options.add_environment_tokens({{"UNSTUCK_SERVE_TOKEN_ERP", "erp-plain"},
                                             {"UNSTUCK_SERVE_SCOPES_ERP", "read, write"},
                                             {"UNSTUCK_SERVE_TOKEN_DASHBOARD", "dash-plain"},
                                             {"UNRELATED", "x"}});
    ASSERT_TRUE(s) << s.message();
    ASSERT_EQ(options.tokens.size(), 2u);
    EXPECT_EQ(options.tokens[0].name, "erp") << "the environment replaces the config's token of that name";
    EXPECT_EQ(options.tokens[0].sha256_hex, kit::to_hex(kit::sha256("erp-plain")));
    EXPECT_TRUE(options.tokens[0].write);
    EXPECT_EQ(options.tokens[1].name, "dashboard");
    EXPECT_TRUE(options.tokens[1].read);
    EXPECT_FALSE(options.tokens[1].write);

    ServeOptions bad;
    auto refused = bad.add_environment_tokens(
        {{"UNSTUCK_SERVE_TOKEN_X", "very-secret"}, {"UNSTUCK_SERVE_SCOPES_X", "root"}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.message(), "UNSTUCK_SERVE_SCOPES_X[0]: unknown scope \"root\" (read or write)");
    EXPECT_EQ(refused.message().find("very-secret"), std::string::npos);
}

TEST(ServeOptions, ListenTakesIpv6) {
    ServeOptions options;
    ASSERT_TRUE(options.set_listen("[::1]:0"));
    EXPECT_EQ(options.host, "::1");
    EXPECT_EQ(options.port, 0);
    EXPECT_EQ(options.listen(), "[::1]:0");
}

}  // namespace
}  // namespace unstuck::core
