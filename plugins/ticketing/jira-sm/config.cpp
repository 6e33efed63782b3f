#include "ticketing/jira-sm/config.hpp"

#include <cctype>
#include <stdexcept>

#include "ticketing/common/base_url.hpp"
#include "ticketing/common/dispute_text.hpp"
#include "unstuck/sdk/ticket_state.hpp"

namespace unstuck::ticketing::jira_sm {
namespace {

[[noreturn]] void refuse(const std::string& message) {
    throw std::invalid_argument(message);
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

Config Config::from(const sdk::HostServices& host) {
    if (!host.config || !host.http || !host.secrets)
        refuse("the host lent no config, HTTP or secrets service");
    const sdk::PluginConfig& config = *host.config;
    Config c;
    c.base_url = base_url_setting(config);
    c.service_desk_id = config.get_string("service_desk_id");
    if (c.service_desk_id.empty()) refuse("config.service_desk_id: required (the service desk's id)");
    c.request_types = config.get_string_map("request_types");
    for (std::string_view code : kPolicyCodes) {
        auto it = c.request_types.find(std::string(code));
        if (it == c.request_types.end() || it->second.empty())
            refuse("config.request_types: no request type for path code '" + std::string(code) + "'");
    }
    for (const auto& [code, id] : c.request_types)
        if (id.empty()) refuse("config.request_types." + code + ": empty request type id");
    c.labels = config.get_string_list("labels");
    for (const auto& l : c.labels) {
        if (l.empty() || l.find_first_of(" \t\r\n") != std::string::npos)
            refuse("config.labels: '" + l + "' is not a Jira label (empty or has a space)");
    }
    c.search_path = config.get_string("search_path", "/rest/api/3/search/jql");
    if (c.search_path.empty() || c.search_path.front() != '/')
        refuse("config.search_path: expected a path starting with '/', got '" + c.search_path + "'");
    c.public_attachments = config.get_bool("public_attachments");
    for (const auto& [name, state] : config.get_string_map("status_map")) {
        auto s = sdk::parse_ticket_state(state);
        if (!s)
            refuse("config.status_map." + name + ": '" + state + "' is not " +
                   std::string(sdk::kTicketStateNames));
        c.status_map[lower(name)] = *s;
    }
    auto email = host.secrets->get("email");
    auto token = host.secrets->get("api_token");
    if (!email || email->empty()) refuse("secret email: not configured (the Atlassian account's email)");
    if (!token || token->empty()) refuse("secret api_token: not configured (an Atlassian API token)");
    c.email = *email;
    c.api_token = *token;
    return c;
}

}  // namespace unstuck::ticketing::jira_sm
