#pragma once
//! Which ticketing plugin files a dispute: the host config's `routes` section, first matching route wins.

#include <string>
#include <string_view>
#include <vector>

#include "unstuck/core/config/route_options.hpp"
#include "unstuck/core/policy/policy.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! Matches disputes to the configured routes, in order.
class DisputeRoutes {
  public:
    //! No routes.
    DisputeRoutes() = default;
    //! The routes of the config's `routes` section (HostConfig::routes).
    explicit DisputeRoutes(RouteOptions options) : routes_(std::move(options.routes)) {}

    //! Checks every route's codes against the dispute codes the policy knows; errors name the path.
    sdk::Status check_codes(const Policy& policy) const;

    //! The first route that matches, or null.
    const DisputeRoute* route(std::string_view marketplace, std::string_view shop,
                              std::string_view code) const;

    //! The routes in order.
    const std::vector<DisputeRoute>& routes() const noexcept { return routes_; }
    //! Every backend named, once each, in order of first appearance.
    std::vector<std::string> backends() const;
    //! True when there are no routes.
    bool empty() const noexcept { return routes_.empty(); }

  private:
    std::vector<DisputeRoute> routes_;
};

}  // namespace unstuck::core
