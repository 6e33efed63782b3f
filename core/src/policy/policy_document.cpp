#include "unstuck/core/policy/policy_document.hpp"

#include <simdjson.h>

#include <fstream>
#include <sstream>

#include "unstuck/core/policy/ics_holidays.hpp"

namespace unstuck::core {
namespace {

using sdk::Error;
using sdk::Status;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string in_quotes(std::string_view s) {
    return "\"" + std::string(s.substr(0, 80)) + "\"";
}

bool ignored_key(std::string_view key) {
    return !key.empty() && key.front() == '_';
}

Status read_string(element value, const std::string& path, std::string& out, bool allow_empty = false) {
    std::string_view s;
    if (value.get(s)) return Error{path + ": expected a string"};
    if (s.empty() && !allow_empty) return Error{path + ": must not be empty"};
    out = std::string(s);
    return {};
}

Status read_count(element value, const std::string& path, std::int64_t max, std::int64_t& out) {
    std::int64_t n = 0;
    if (value.get(n) || n < 0 || n > max)
        return Error{path + ": expected a whole number from 0 to " + std::to_string(max)};
    out = n;
    return {};
}

Status read_thresholds(element value, PolicyThresholds& t) {
    object obj;
    if (value.get(obj)) return Error{"thresholds: expected an object"};
    for (auto [key, v] : obj) {
        if (ignored_key(key)) continue;
        std::string path = "thresholds." + std::string(key);
        std::int64_t n = 0;
        if (key == "pickup_update_hours" || key == "delivery_update_hours") {
            if (auto s = read_count(v, path, 24 * 366, n); !s) return s;
            (key == "pickup_update_hours" ? t.pickup_update : t.delivery_update) = std::chrono::hours{n};
        } else if (key == "stall_business_days" || key == "ticket_business_days") {
            if (auto s = read_count(v, path, 366, n); !s) return s;
            (key == "stall_business_days" ? t.stall_business_days : t.ticket_business_days) =
                static_cast<int>(n);
        } else {
            return Error{path + ": unknown field"};
        }
    }
    return {};
}

Status read_rules(element value, std::bitset<kRuleCount>& enabled) {
    object obj;
    if (value.get(obj)) return Error{"rules: expected an object"};
    for (auto [key, v] : obj) {
        if (ignored_key(key)) continue;
        std::string path = "rules." + std::string(key);
        auto rule = parse_rule_id(key);
        if (!rule) return Error{path + ": unknown rule"};
        bool on = false;
        if (v.get(on)) return Error{path + ": expected true or false"};
        enabled.set(static_cast<std::size_t>(*rule), on);
    }
    return {};
}

Status read_paths(element value, Policy& policy) {
    object obj;
    if (value.get(obj)) return Error{"paths: expected an object"};
    for (auto [key, v] : obj) {
        if (ignored_key(key)) continue;
        std::string path = "paths." + std::string(key);
        array parts;
        if (v.get(parts) || parts.size() == 0) return Error{path + ": expected a non-empty array of strings"};
        std::vector<std::string> steps;
        std::size_t i = 0;
        for (element part : parts) {
            std::string step;
            if (auto s = read_string(part, path + "[" + std::to_string(i++) + "]", step); !s) return s;
            steps.push_back(std::move(step));
        }
        policy.all_paths[std::string(key)] = std::move(steps);
    }
    for (std::size_t c = 0; c < kDisputeCodeCount; ++c) {
        auto code = to_string(static_cast<DisputeCode>(c));
        auto it = policy.all_paths.find(code);
        if (it == policy.all_paths.end()) return Error{"paths: missing " + in_quotes(code)};
        policy.paths[c] = it->second;
    }
    return {};
}

std::optional<std::chrono::weekday> parse_weekday(std::string_view name) {
    static constexpr std::string_view kNames[] = {"sunday",   "monday", "tuesday", "wednesday",
                                                  "thursday", "friday", "saturday"};
    std::string lower;
    for (char c : name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    for (unsigned i = 0; i < 7; ++i)
        if (lower == kNames[i] || (lower.size() == 3 && kNames[i].substr(0, 3) == lower))
            return std::chrono::weekday{i};
    return std::nullopt;
}

std::optional<std::chrono::sys_days> parse_date(std::string_view s) {
    auto digits = [&](std::size_t pos, std::size_t n, int& out) {
        out = 0;
        for (std::size_t i = pos; i < pos + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            out = out * 10 + (s[i] - '0');
        }
        return true;
    };
    int y, m, d;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(0, 4, y) || !digits(5, 2, m) ||
        !digits(8, 2, d))
        return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                    std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days{ymd};
}

Status read_holiday(element value, const std::string& path, std::vector<std::chrono::sys_days>& out) {
    std::string_view text;
    std::string where = path;
    object obj;
    if (value.get(obj) == simdjson::SUCCESS) {
        bool have_date = false;
        for (auto [key, v] : obj) {
            if (ignored_key(key)) continue;
            if (key == "date") {
                if (v.get(text)) return Error{path + ".date: expected a string"};
                have_date = true;
            } else if (key == "name") {
                std::string_view name;
                if (v.get(name)) return Error{path + ".name: expected a string"};
            } else {
                return Error{path + "." + std::string(key) + ": unknown field"};
            }
        }
        if (!have_date) return Error{path + ".date: missing"};
        where = path + ".date";
    } else if (value.get(text)) {
        return Error{path + ": expected a date \"YYYY-MM-DD\" or {\"date\": ..., \"name\": ...}"};
    }
    auto date = parse_date(text);
    if (!date) return Error{where + ": not a date " + in_quotes(text) + " (YYYY-MM-DD)"};
    out.push_back(*date);
    return {};
}

Status read_ics_file(const std::filesystem::path& file, const std::string& path,
                     std::vector<std::chrono::sys_days>& out) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{path + ": cannot read " + in_quotes(file.string())};
    std::ostringstream text;
    text << in.rdbuf();
    auto dates = read_ics_holidays(text.str());
    if (!dates) return Error{path + ": " + file.filename().string() + " " + dates.error().message};
    out.insert(out.end(), dates->begin(), dates->end());
    return {};
}

Status read_region(std::string_view name, element value, const std::filesystem::path& base_dir,
                   Policy& policy) {
    std::string path = "regions." + std::string(name);
    object obj;
    if (value.get(obj)) return Error{path + ": expected an object"};
    std::string zone;
    bool have_zone = false, have_weekend = false;
    WeekdaySet weekend = 0;
    std::vector<std::chrono::sys_days> holidays;
    for (auto [key, v] : obj) {
        if (ignored_key(key)) continue;
        std::string field = path + "." + std::string(key);
        if (key == "time_zone") {
            if (auto s = read_string(v, field, zone); !s) return s;
            have_zone = true;
        } else if (key == "weekend") {
            array days;
            if (v.get(days)) return Error{field + ": expected an array of weekday names"};
            std::size_t i = 0;
            for (element day : days) {
                std::string item = field + "[" + std::to_string(i++) + "]";
                std::string_view text;
                if (day.get(text)) return Error{item + ": expected a weekday name"};
                auto wd = parse_weekday(text);
                if (!wd) return Error{item + ": " + in_quotes(text) + " is not a weekday (Mon ... Sun)"};
                weekend |= weekday_bit(*wd);
            }
            have_weekend = true;
        } else if (key == "holidays") {
            array list;
            if (v.get(list)) return Error{field + ": expected an array of dates"};
            std::size_t i = 0;
            for (element h : list)
                if (auto s = read_holiday(h, field + "[" + std::to_string(i++) + "]", holidays); !s) return s;
        } else if (key == "holidays_ics") {
            std::string file;
            if (auto s = read_string(v, field, file); !s) return s;
            std::filesystem::path p(file);
            if (p.is_relative()) p = base_dir / p;
            if (auto s = read_ics_file(p, field, holidays); !s) return s;
        } else {
            return Error{field + ": unknown field"};
        }
    }
    if (!have_zone) return Error{path + ".time_zone: missing"};
    if (!have_weekend) return Error{path + ".weekend: missing (use [] for none)"};
    auto calendar = BusinessCalendar::create(zone, weekend, std::move(holidays));
    if (!calendar) {
        bool weekend_error = (weekend & 0x7f) == 0x7f;
        return Error{path + (weekend_error ? ".weekend: " : ".time_zone: ") + calendar.error().message};
    }
    policy.regions.emplace(std::string(name), std::move(*calendar));
    return {};
}

Status read_regions(element value, const std::filesystem::path& base_dir, Policy& policy) {
    object obj;
    if (value.get(obj)) return Error{"regions: expected an object"};
    for (auto [key, v] : obj) {
        if (ignored_key(key)) continue;
        if (key.empty()) return Error{"regions: a region name must not be empty"};
        if (auto s = read_region(key, v, base_dir, policy); !s) return s;
    }
    if (policy.regions.empty()) return Error{"regions: needs at least one region"};
    return {};
}

Status read_carrier_names(element value, Policy& policy) {
    object obj;
    if (value.get(obj)) return Error{"carrier_names: expected an object"};
    for (auto [key, v] : obj) {
        if (ignored_key(key)) continue;
        std::string name;
        if (auto s = read_string(v, "carrier_names." + std::string(key), name); !s) return s;
        policy.carrier_names[std::string(key)] = std::move(name);
    }
    return {};
}

sdk::Result<std::shared_ptr<Policy>> parse_document(std::string_view json,
                                                    const std::filesystem::path& base_dir) {
    simdjson::dom::parser parser;
    element root;
    if (auto err = parser.parse(json.data(), json.size()).get(root))
        return Error{std::string("malformed JSON: ") + simdjson::error_message(err)};
    object top;
    if (root.get(top)) return Error{"expected a JSON object"};

    auto policy = std::make_shared<Policy>();
    policy->enabled.set();
    bool have_id = false, have_version = false, have_paths = false, have_regions = false;
    for (auto [key, value] : top) {
        if (ignored_key(key)) continue;
        Status status;
        std::string ignored;
        if (key == "id") {
            status = read_string(value, "id", policy->id);
            have_id = true;
        } else if (key == "version") {
            status = read_string(value, "version", policy->version);
            have_version = true;
        } else if (key == "marketplace") {
            status = read_string(value, "marketplace", policy->marketplace);
        } else if (key == "description" || key == "source") {
            status = read_string(value, std::string(key), ignored, true);
        } else if (key == "thresholds") {
            status = read_thresholds(value, policy->thresholds);
        } else if (key == "rules") {
            status = read_rules(value, policy->enabled);
        } else if (key == "paths") {
            status = read_paths(value, *policy);
            have_paths = true;
        } else if (key == "regions") {
            status = read_regions(value, base_dir, *policy);
            have_regions = true;
        } else if (key == "carrier_names") {
            status = read_carrier_names(value, *policy);
        } else {
            status = Error{std::string(key) + ": unknown field"};
        }
        if (!status) return Error{status.message()};
    }
    if (!have_id) return Error{"id: missing"};
    if (!have_version) return Error{"version: missing"};
    if (!have_paths) return Error{"paths: missing"};
    if (!have_regions) return Error{"regions: missing"};
    return policy;
}

}  // namespace

sdk::Result<std::shared_ptr<const Policy>> parse_policy(std::string_view json,
                                                        const std::filesystem::path& base_dir) {
    auto parsed = parse_document(json, base_dir);
    if (!parsed) return std::move(parsed).error();
    return std::shared_ptr<const Policy>(std::move(*parsed));
}

sdk::Result<std::shared_ptr<const Policy>> load_policy(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{"cannot read policy file " + in_quotes(file.string())};
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = parse_document(text.str(), file.parent_path());
    if (!parsed) return Error{file.string() + ": " + parsed.error().message};
    std::shared_ptr<Policy> policy = std::move(*parsed);
    policy->source = file;
    return std::shared_ptr<const Policy>(std::move(policy));
}

std::filesystem::path default_policy_file() {
    std::filesystem::path installed =
        std::filesystem::path(UNSTUCK_INSTALLED_POLICY_DIR) / kDefaultPolicyFileName;
    std::error_code ec;
    if (std::filesystem::is_regular_file(installed, ec)) return installed;
    return std::filesystem::path(UNSTUCK_DEFAULT_POLICY_DIR) / kDefaultPolicyFileName;
}

}  // namespace unstuck::core
