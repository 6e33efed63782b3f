// ISO 8601 parsing by hand: the policy parses millions of timestamps a second, and date::parse and
// std::get_time go through locale-aware streams that are two orders of magnitude slower.
#include "unstuck/sdk/time.hpp"

#include <cstdio>

namespace unstuck::sdk {
namespace {

using namespace std::chrono;

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        char c = s[i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

std::string quoted(std::string_view text) {
    std::string q = "\"";
    q.append(text.substr(0, 64));
    q += '"';
    return q;
}

// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]]` and returns the position after it, or npos.
std::size_t parse_wall(std::string_view s, local_time<microseconds>& out) {
    int y, mo, d, h, mi, sec = 0;
    if (!digits(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
        !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) ||
        s[13] != ':' || !digits(s, 14, 2, mi))
        return std::string_view::npos;
    std::size_t pos = 16;
    long long micros = 0;
    if (pos < s.size() && s[pos] == ':') {
        if (!digits(s, pos + 1, 2, sec)) return std::string_view::npos;
        pos += 3;
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            std::size_t start = pos;
            long long scale = 100000;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                micros += (s[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
            if (pos == start) return std::string_view::npos;
        }
    }
    year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::string_view::npos;
    out = local_days{ymd} + hours{h} + minutes{mi} + seconds{sec} + microseconds{micros};
    return pos;
}

}  // namespace

Result<OffsetTimestamp> parse_offset_timestamp(std::string_view text) {
    local_time<microseconds> wall;
    std::size_t pos = parse_wall(text, wall);
    if (pos == std::string_view::npos) return Error{"not an ISO 8601 timestamp: " + quoted(text)};
    if (pos == text.size()) return Error{"no UTC offset in " + quoted(text)};
    int offset = 0;
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        int oh, om;
        if (!digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
            !digits(text, pos + 4, 2, om) || oh > 23 || om > 59)
            return Error{"bad UTC offset in " + quoted(text)};
        offset = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return Error{"not an ISO 8601 timestamp: " + quoted(text)};
    }
    if (pos != text.size()) return Error{"trailing characters in timestamp " + quoted(text)};
    return OffsetTimestamp{Timestamp{wall.time_since_epoch() - minutes{offset}}, offset};
}

Result<Timestamp> parse_timestamp(std::string_view text) {
    auto parsed = parse_offset_timestamp(text);
    if (!parsed) return std::move(parsed).error();
    return parsed->at;
}

Result<LocalTimestamp> parse_local_timestamp(std::string_view text) {
    local_time<microseconds> wall;
    std::size_t pos = parse_wall(text, wall);
    if (pos == std::string_view::npos || pos != text.size())
        return Error{"not a local ISO 8601 time: " + quoted(text)};
    return wall;
}

namespace {

std::string format_wall(sys_time<microseconds> t, bool fraction) {
    auto day = floor<days>(t);
    year_month_day ymd{day};
    hh_mm_ss<microseconds> hms{t - day};
    char buf[40];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                          static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                          static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                          static_cast<int>(hms.seconds().count()));
    std::string out(buf, static_cast<std::size_t>(n));
    auto us = hms.subseconds().count();
    if (fraction && us != 0) {
        std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(us));
        std::string frac(buf);
        while (frac.back() == '0') frac.pop_back();
        out += frac;
    }
    return out;
}

}  // namespace

std::string format_utc(Timestamp t) {
    return format_wall(t, true) + 'Z';
}

std::string format_utc_seconds(Timestamp t) {
    return format_wall(floor<seconds>(t), false) + 'Z';
}

std::string format_local(LocalTimestamp t) {
    return format_wall(sys_time<microseconds>{t.time_since_epoch()}, true);
}

std::string format_offset(int offset_minutes) {
    char buf[16];
    int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
    return buf;
}

}  // namespace unstuck::sdk
