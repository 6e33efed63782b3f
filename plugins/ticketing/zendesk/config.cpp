#include "ticketing/zendesk/config.hpp"

#include <algorithm>
#include <stdexcept>

#include "ticketing/common/base_url.hpp"

namespace unstuck::ticketing::zendesk {
namespace {

[[noreturn]] void refuse(const std::string& message) {
    throw std::invalid_argument(message);
}

std::string one_of(const sdk::PluginConfig& config, const char* key, std::vector<std::string> allowed) {
    std::string value = config.get_string(key);
    if (!value.empty() && std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        refuse(std::string("config.") + key + ": '" + value + "' is not one of " + list + " (or empty)");
    }
    return value;
}

}  // namespace

Config Config::from(const sdk::HostServices& host) {
    if (!host.config || !host.http || !host.secrets)
        refuse("the host lent no config, HTTP or secrets service");
    const sdk::PluginConfig& config = *host.config;
    Config c;
    c.base_url = base_url_setting(config);
    if (!config.has("path_field_id"))
        refuse("config.path_field_id: required (the id of the path code field)");
    c.path_field_id = config.get_int("path_field_id");
    if (c.path_field_id <= 0)
        refuse("config.path_field_id: expected a ticket field id, got " + std::to_string(c.path_field_id));
    c.order_field_id = config.get_int("order_field_id");
    if (c.order_field_id < 0)
        refuse("config.order_field_id: expected a ticket field id or 0, got " +
               std::to_string(c.order_field_id));
    c.path_values = config.get_string_map("path_values");
    for (const auto& [code, value] : c.path_values)
        if (value.empty()) refuse("config.path_values." + code + ": empty value");
    c.tags = config.get_string_list("tags");
    c.priority = one_of(config, "priority", {"urgent", "high", "normal", "low"});
    c.ticket_type = one_of(config, "ticket_type", {"problem", "incident", "question", "task"});
    c.group_id = config.get_int("group_id");
    auto email = host.secrets->get("email");
    auto token = host.secrets->get("api_token");
    if (!email || email->empty()) refuse("secret email: not configured (the Zendesk user's email)");
    if (!token || token->empty()) refuse("secret api_token: not configured (a Zendesk API token)");
    c.email = *email;
    c.api_token = *token;
    return c;
}

std::string Config::path_value(const std::string& code) const {
    if (auto it = path_values.find(code); it != path_values.end()) return it->second;
    std::string out;
    for (char ch : code) {
        if (ch == '.')
            out += "__";
        else
            out += ch;
    }
    return out;
}

}  // namespace unstuck::ticketing::zendesk
