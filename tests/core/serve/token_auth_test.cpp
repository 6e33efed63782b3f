// Bearer tokens: hashed, compared in constant time, scopes enforced, secure by default.
#include <gtest/gtest.h>

#include "serve/token_auth.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::core {
namespace {

ServeOptions with_tokens() {
    ServeOptions options;
    options.tokens.push_back({"reader", kit::to_hex(kit::sha256("read-secret")), true, false});
    options.tokens.push_back({"erp", kit::to_hex(kit::sha256("erp-secret")), true, true});
    return options;
}

TEST(TokenAuth, KnownTokensGetTheirScopes) {
    TokenAuth auth(with_tokens());
    auto read = auth.check(Scope::kRead, "Bearer read-secret");
    EXPECT_EQ(read.status, 200);
    EXPECT_EQ(read.principal, "reader");
    auto write = auth.check(Scope::kWrite, "Bearer read-secret");
    EXPECT_EQ(write.status, 403);
    EXPECT_EQ(write.principal, "reader");
    EXPECT_NE(write.message.find("write"), std::string::npos);
    EXPECT_EQ(auth.check(Scope::kWrite, "Bearer erp-secret").status, 200);
    EXPECT_EQ(auth.check(Scope::kWrite, "bearer erp-secret").status, 200) << "the scheme is case-insensitive";
}

TEST(TokenAuth, UnknownOrMissingTokensAre401AndNeverEchoed) {
    TokenAuth auth(with_tokens());
    for (const std::optional<std::string>& header :
         {std::optional<std::string>(), std::optional<std::string>("Bearer nope-secret"),
          std::optional<std::string>("Basic ZXJwOnNlY3JldA=="), std::optional<std::string>("Bearer ")}) {
        auto outcome = auth.check(Scope::kRead, header);
        EXPECT_EQ(outcome.status, 401);
        EXPECT_TRUE(outcome.principal.empty());
        EXPECT_EQ(outcome.message.find("nope-secret"), std::string::npos);
        EXPECT_EQ(outcome.message.find("ZXJw"), std::string::npos);
    }
}

TEST(TokenAuth, NoTokenConfiguredRefusesEverythingButOpenRoutes) {
    ServeOptions options;
    TokenAuth auth(options);
    EXPECT_EQ(auth.check(Scope::kRead, "Bearer anything").status, 401);
    EXPECT_EQ(auth.check(Scope::kNone, std::nullopt).status, 200);
    EXPECT_EQ(auth.check(Scope::kSigned, std::nullopt).status, 200);
}

TEST(TokenAuth, AuthNoneGrantsEveryScope) {
    ServeOptions options;
    options.auth_none = true;
    TokenAuth auth(options);
    EXPECT_EQ(auth.check(Scope::kWrite, std::nullopt).status, 200);
}

}  // namespace
}  // namespace unstuck::core
