#pragma once
// The jira-sm plugin's settings, read from the host's validated config and secrets.

#include <map>
#include <string>
#include <vector>

#include "unstuck/sdk/host_services.hpp"
#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::ticketing::jira_sm {

//! What the plugin needs to raise requests in one Jira Service Management service desk.
struct Config {
    std::string base_url;  //!< no trailing slash
    std::string service_desk_id;
    std::map<std::string, std::string> request_types;  //!< path code → requestTypeId
    std::vector<std::string> labels;
    std::string search_path;
    bool public_attachments = false;
    std::map<std::string, sdk::TicketState> status_map;  //!< lower-cased status name → state
    std::string email;
    std::string api_token;

    //! Reads and checks the settings; throws std::invalid_argument naming the key that is wrong.
    static Config from(const sdk::HostServices& host);
};

}  // namespace unstuck::ticketing::jira_sm
