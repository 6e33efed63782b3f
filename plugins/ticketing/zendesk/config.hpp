#pragma once
// The zendesk plugin's settings, read from the host's validated config and secrets.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "unstuck/sdk/host_services.hpp"

namespace unstuck::ticketing::zendesk {

//! What the plugin needs to file tickets in one Zendesk account.
struct Config {
    std::string base_url;  //!< no trailing slash
    std::int64_t path_field_id = 0;
    std::int64_t order_field_id = 0;  //!< 0: none
    std::map<std::string, std::string> path_values;
    std::vector<std::string> tags;
    std::string priority;     //!< empty: unset
    std::string ticket_type;  //!< empty: unset
    std::int64_t group_id = 0;
    std::string email;
    std::string api_token;

    //! Reads and checks the settings; throws std::invalid_argument naming the key that is wrong.
    static Config from(const sdk::HostServices& host);
    //! The value written into the path field for a code.
    std::string path_value(const std::string& code) const;
};

}  // namespace unstuck::ticketing::zendesk
