#include "unstuck/core/policy/ics_holidays.hpp"

#include <optional>
#include <string>

namespace unstuck::core {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

// One content line after unfolding, with the physical line it starts on.
struct ContentLine {
    std::size_t number = 0;
    std::string text;
};

std::vector<ContentLine> unfold(std::string_view text) {
    std::vector<ContentLine> lines;
    std::size_t number = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        ++number;
        if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !lines.empty()) {
            lines.back().text.append(line.substr(1));
        } else if (!line.empty()) {
            lines.push_back({number, std::string(line)});
        }
        if (end == text.size()) break;
        pos = end + 1;
    }
    return lines;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'a' && a[i] <= 'z' ? static_cast<char>(a[i] - 32) : a[i];
        char y = b[i] >= 'a' && b[i] <= 'z' ? static_cast<char>(b[i] - 32) : b[i];
        if (x != y) return false;
    }
    return true;
}

// Splits `NAME;PARAM=V;PARAM=V:value` (a colon inside a quoted parameter value does not end the name part).
struct Property {
    std::string_view name;
    std::string_view params;  // without the leading ';' (VALUE=DATE is implied by an 8-digit value)
    std::string_view value;
};

std::optional<Property> split(std::string_view line) {
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (c == '"') quoted = !quoted;
        if (c == ':' && !quoted) {
            std::string_view head = line.substr(0, i);
            std::size_t semi = head.find(';');
            Property p;
            p.name = head.substr(0, semi);
            p.params = semi == std::string_view::npos ? std::string_view{} : head.substr(semi + 1);
            p.value = line.substr(i + 1);
            return p;
        }
    }
    return std::nullopt;
}

std::optional<sys_days> parse_date(std::string_view v) {
    if (v.size() != 8) return std::nullopt;
    int n[8];
    for (std::size_t i = 0; i < 8; ++i) {
        if (v[i] < '0' || v[i] > '9') return std::nullopt;
        n[i] = v[i] - '0';
    }
    std::chrono::year_month_day ymd{std::chrono::year{n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3]},
                                    std::chrono::month{static_cast<unsigned>(n[4] * 10 + n[5])},
                                    std::chrono::day{static_cast<unsigned>(n[6] * 10 + n[7])}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd};
}

// `P3D`, `P1W` (the only durations an all-day event needs).
std::optional<days> parse_day_duration(std::string_view v) {
    if (v.size() < 3 || (v[0] != 'P' && v[0] != 'p')) return std::nullopt;
    char unit = v.back();
    int n = 0;
    for (char c : v.substr(1, v.size() - 2)) {
        if (c < '0' || c > '9' || n > 10000) return std::nullopt;
        n = n * 10 + (c - '0');
    }
    if (unit == 'D' || unit == 'd') return days{n};
    if (unit == 'W' || unit == 'w') return days{7 * n};
    return std::nullopt;
}

std::string at_line(std::size_t number) {
    return "line " + std::to_string(number) + ": ";
}

}  // namespace

sdk::Result<std::vector<sys_days>> read_ics_holidays(std::string_view text) {
    std::vector<sys_days> out;
    bool calendar = false;
    bool in_event = false;
    int nested = 0;  // components inside the event (VALARM): their properties are not the event's
    std::size_t event_line = 0;
    std::optional<sys_days> start, end;
    std::optional<days> duration;
    bool cancelled = false;

    for (const ContentLine& line : unfold(text)) {
        auto prop = split(line.text);
        if (!prop) return sdk::Error{at_line(line.number) + "not an iCalendar content line"};
        if (iequals(prop->name, "BEGIN")) {
            if (iequals(prop->value, "VCALENDAR")) {
                calendar = true;
            } else if (iequals(prop->value, "VEVENT") && !in_event) {
                in_event = true;
                nested = 0;
                event_line = line.number;
                start.reset();
                end.reset();
                duration.reset();
                cancelled = false;
            } else if (in_event) {
                ++nested;
            }
            continue;
        }
        if (iequals(prop->name, "END")) {
            if (in_event && nested > 0) {
                --nested;
            } else if (in_event && iequals(prop->value, "VEVENT")) {
                in_event = false;
                if (!start) return sdk::Error{at_line(event_line) + "VEVENT without DTSTART"};
                if (cancelled) continue;
                sys_days stop = end ? *end : *start + (duration ? *duration : days{1});
                if (stop <= *start) return sdk::Error{at_line(event_line) + "VEVENT ends before it starts"};
                if (stop - *start > days{366})
                    return sdk::Error{at_line(event_line) + "VEVENT spans more than a year"};
                for (sys_days d = *start; d < stop; d += days{1}) out.push_back(d);
            }
            continue;
        }
        if (!in_event || nested > 0) continue;

        if (iequals(prop->name, "DTSTART") || iequals(prop->name, "DTEND")) {
            bool is_start = iequals(prop->name, "DTSTART");
            auto date = parse_date(prop->value);
            if (!date) {
                if (prop->value.size() > 8 && prop->value[8] == 'T')
                    return sdk::Error{at_line(line.number) + std::string(prop->name) +
                                      " is a time, not an all-day date (use VALUE=DATE)"};
                return sdk::Error{at_line(line.number) + std::string(prop->name) + ": not a date \"" +
                                  std::string(prop->value.substr(0, 32)) + "\" (YYYYMMDD)"};
            }
            (is_start ? start : end).emplace(*date);
        } else if (iequals(prop->name, "DURATION")) {
            duration = parse_day_duration(prop->value);
            if (!duration)
                return sdk::Error{at_line(line.number) + "DURATION \"" +
                                  std::string(prop->value.substr(0, 32)) +
                                  "\" is not a number of days or weeks"};
        } else if (iequals(prop->name, "RRULE") || iequals(prop->name, "RDATE")) {
            return sdk::Error{at_line(line.number) + std::string(prop->name) +
                              " is not supported: list each holiday as its own event"};
        } else if (iequals(prop->name, "STATUS")) {
            cancelled = iequals(prop->value, "CANCELLED");
        }
    }
    if (in_event) return sdk::Error{at_line(event_line) + "VEVENT without END:VEVENT"};
    if (!calendar) return sdk::Error{"not an iCalendar document (no BEGIN:VCALENDAR)"};
    return out;
}

}  // namespace unstuck::core
