#pragma once
// Private: the API's routes, by method and path pattern (`/v1/orders/{order_key}`), with the scope each
// needs.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "serve/api_types.hpp"

namespace unstuck::core {

//! What a route needs from the caller.
enum class Scope : std::uint8_t {
    kNone,    //!< nothing (health, metrics)
    kRead,    //!< a token with the `read` scope
    kWrite,   //!< a token with the `write` scope
    kSigned,  //!< no token: the handler verifies a signature (webhooks)
};

//! The routes of the API. Register them all before serving; find() is then safe from any thread.
class ApiRouter {
  public:
    using Handler = std::function<ApiResponse(const ApiRequest&)>;

    //! One registered route.
    struct Route {
        std::string method;
        std::string pattern;
        Scope scope = Scope::kNone;
        Handler handler;
        std::vector<std::string> segments;  //!< the pattern cut at `/`
        int literals = 0;                   //!< segments that are not `{name}`
    };

    //! What a path and method found.
    struct Match {
        const Route* route = nullptr;               //!< the route; null when none matched
        std::map<std::string, std::string> params;  //!< its `{name}` segments, percent-decoded
        std::string allow;                          //!< no route for the method: the methods the path has
        std::string pattern;                        //!< the route's pattern, or the path's (405), or empty
        bool bad_escape = false;                    //!< a segment had a bad `%` escape
    };

    //! Registers a route; `pattern` is an absolute path whose segments may be `{name}` (one whole segment).
    void add(std::string method, std::string pattern, Scope scope, Handler handler);

    //! The route for `method` and `path` (percent-encoded, no query): literal segments are preferred to
    //! `{name}` segments. No route for the path: `route` null and `allow` empty (404); the path exists for
    //! other methods: `route` null and `allow` lists them (405).
    Match find(std::string_view method, std::string_view path) const;

    //! Every registered route, in registration order.
    const std::vector<Route>& routes() const noexcept { return routes_; }

  private:
    std::vector<Route> routes_;
};

}  // namespace unstuck::core
