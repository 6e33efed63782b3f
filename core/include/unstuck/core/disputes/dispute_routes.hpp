#pragma once
//! Which ticketing plugin files a dispute: the host config's `routes` section, first matching route wins.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/policy/policy.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! One route: a dispute whose marketplace, shop and code are each among the listed ones (an empty list
//! matches any) goes to `backend`.
struct DisputeRoute {
    std::vector<std::string> marketplaces;
    std::vector<std::string> shops;
    std::vector<std::string> codes;
    std::string backend;  //!< ticketing plugin name
    std::string where;    //!< the route's JSON path, e.g. `routes[1]`, for messages

    //! True when the dispute matches every list of the route.
    bool matches(std::string_view marketplace, std::string_view shop, std::string_view code) const;
};

//! The routes of a host config, in order.
class DisputeRoutes {
  public:
    //! Reads the `routes` section (an array of objects with `backend` and the optional `marketplace`,
    //! `shop_id` and `code`, each a string or an array of strings). No section: no routes. Errors name the
    //! path: `routes[1].code[0]: expected a string`.
    static sdk::Result<DisputeRoutes> from_config(const HostConfig& config);

    //! Checks every route's codes against the dispute codes the policy knows; errors name the path.
    sdk::Status check_codes(const Policy& policy) const;

    //! The first route that matches, or null.
    const DisputeRoute* route(std::string_view marketplace, std::string_view shop,
                              std::string_view code) const;

    //! The routes in order.
    const std::vector<DisputeRoute>& routes() const noexcept { return routes_; }
    //! Every backend named, once each, in order of first appearance.
    std::vector<std::string> backends() const;
    bool empty() const noexcept { return routes_.empty(); }

  private:
    std::vector<DisputeRoute> routes_;
};

}  // namespace unstuck::core
