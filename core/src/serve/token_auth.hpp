#pragma once
// Private: who a request's bearer token names and whether its scopes allow the route.

#include <optional>
#include <string>
#include <vector>

#include "serve/api_router.hpp"
#include "unstuck/core/config/serve_options.hpp"

namespace unstuck::core {

//! Checks `Authorization: Bearer <token>` against the configured tokens' SHA-256 digests. Thread-safe.
class TokenAuth {
  public:
    //! What a check found.
    struct Outcome {
        int status = 200;       //!< 200 allowed, 401 no or unknown token, 403 the token lacks the scope
        std::string principal;  //!< the token's name when it is known, else empty
        std::string message;    //!< why not, one line without the token
    };

    explicit TokenAuth(const ServeOptions& options);

    //! Checks the `Authorization` header (none when absent) for a route needing `scope`. The presented
    //! token is hashed and compared with every configured digest in constant time.
    Outcome check(Scope scope, const std::optional<std::string>& authorization) const;

  private:
    bool auth_none_;
    std::vector<ServeToken> tokens_;
};

}  // namespace unstuck::core
