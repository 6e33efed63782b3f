#include "unstuck/core/config/log_options.hpp"

#include <set>

#include "util/json_fields.hpp"

namespace unstuck::core {

sdk::Result<LogOptions> LogOptions::from_json(const Poco::JSON::Object::Ptr& section) {
    LogOptions options;
    if (!section) return options;
    JsonFields f(*section, "log");
    if (auto s = f.only({"level", "json"}); !s) return sdk::Error{s.message()};
    auto level = f.string("level", options.level);
    if (!level) return std::move(level).error();
    static const std::set<std::string, std::less<>> levels{"trace", "debug", "info", "warn", "error", "off"};
    if (!levels.count(*level))
        return sdk::Error{"log.level: \"" + *level + "\" is not one of trace, debug, info, warn, error, off"};
    options.level = *level;
    auto json_lines = f.boolean("json", options.json);
    if (!json_lines) return std::move(json_lines).error();
    options.json = *json_lines;
    return options;
}

}  // namespace unstuck::core
