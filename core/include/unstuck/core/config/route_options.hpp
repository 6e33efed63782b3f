#pragma once
//! Which ticketing plugin files a dispute, as configured: the host config's `routes` section.

#include <string>
#include <string_view>
#include <vector>

#include <Poco/Dynamic/Var.h>

#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! One route: a dispute whose marketplace, shop and code are each among the listed ones (an empty list
//! matches any) goes to `backend`.
struct DisputeRoute {
    std::vector<std::string> marketplaces;  //!< marketplaces matched; empty: any
    std::vector<std::string> shops;         //!< shop ids matched; empty: any
    std::vector<std::string> codes;         //!< dispute codes matched; empty: any
    std::string backend;                    //!< ticketing plugin name
    std::string where;                      //!< the route's JSON path, e.g. `routes[1]`, for messages

    //! True when the dispute matches every list of the route.
    bool matches(std::string_view marketplace, std::string_view shop, std::string_view code) const;
};

//! The `routes` section: the routes in order, first match wins.
struct RouteOptions {
    std::vector<DisputeRoute> routes;  //!< in the order configured

    //! Reads the `routes` section (an array of objects with `backend` and the optional `marketplace`,
    //! `shop_id` and `code`, each a string or an array of strings). Empty or null: no routes. Errors name
    //! the path: `routes[1].code[0]: expected a string`.
    static sdk::Result<RouteOptions> from_json(const Poco::Dynamic::Var& section);
};

}  // namespace unstuck::core
