#include "serve/token_auth.hpp"

#include <strings.h>

#include "unstuck/kit/signature.hpp"

namespace unstuck::core {

TokenAuth::TokenAuth(const ServeOptions& options) : auth_none_(options.auth_none), tokens_(options.tokens) {}

TokenAuth::Outcome TokenAuth::check(Scope scope, const std::optional<std::string>& authorization) const {
    if (scope == Scope::kNone || scope == Scope::kSigned) return {};
    if (auth_none_) return {};
    if (tokens_.empty())
        return {401, "", "no API token is configured (serve.tokens or UNSTUCK_SERVE_TOKEN_<NAME>)"};
    if (!authorization) return {401, "", "missing Authorization: Bearer <token>"};
    static constexpr std::string_view kBearer = "Bearer ";
    if (authorization->size() <= kBearer.size() ||
        ::strncasecmp(authorization->data(), kBearer.data(), kBearer.size()) != 0)
        return {401, "", "the Authorization header is not Bearer <token>"};
    std::string_view presented(*authorization);
    presented.remove_prefix(kBearer.size());
    while (!presented.empty() && presented.front() == ' ') presented.remove_prefix(1);
    while (!presented.empty() && presented.back() == ' ') presented.remove_suffix(1);
    const std::string digest = kit::to_hex(kit::sha256(presented));
    const ServeToken* found = nullptr;
    // Every digest is compared, so the time taken does not tell which one matched.
    for (const auto& token : tokens_)
        if (kit::constant_time_equals(digest, token.sha256_hex) && !found) found = &token;
    if (!found) return {401, "", "unknown API token"};
    const bool allowed = scope == Scope::kRead ? found->read : found->write;
    if (!allowed)
        return {403, found->name,
                "token \"" + found->name + "\" lacks the " + (scope == Scope::kRead ? "read" : "write") +
                    " scope"};
    return {200, found->name, ""};
}

}  // namespace unstuck::core
