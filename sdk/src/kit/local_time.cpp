#include "unstuck/kit/local_time.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>

#include <date/tz.h>

namespace unstuck::kit {
namespace {

using namespace std::chrono;

struct ZoneEntry {
    const char* place;  // `CC` for a country, `CC-RRR` for a region
    const char* zone;
    bool exact;  // the whole place keeps this one zone
};

// Regions of the multi-zone countries whose carriers print a region code, then countries. A region or country
// spanning zones is listed with the zone of most of its people and `exact` false.
constexpr ZoneEntry kZones[] = {
    // United States: states, DC, territories.
    {"US-AL", "America/Chicago", true},
    {"US-AK", "America/Anchorage", false},
    {"US-AZ", "America/Phoenix", true},
    {"US-AR", "America/Chicago", true},
    {"US-CA", "America/Los_Angeles", true},
    {"US-CO", "America/Denver", true},
    {"US-CT", "America/New_York", true},
    {"US-DC", "America/New_York", true},
    {"US-DE", "America/New_York", true},
    {"US-FL", "America/New_York", false},
    {"US-GA", "America/New_York", true},
    {"US-HI", "Pacific/Honolulu", true},
    {"US-IA", "America/Chicago", true},
    {"US-ID", "America/Boise", false},
    {"US-IL", "America/Chicago", true},
    {"US-IN", "America/Indiana/Indianapolis", false},
    {"US-KS", "America/Chicago", false},
    {"US-KY", "America/New_York", false},
    {"US-LA", "America/Chicago", true},
    {"US-MA", "America/New_York", true},
    {"US-MD", "America/New_York", true},
    {"US-ME", "America/New_York", true},
    {"US-MI", "America/Detroit", false},
    {"US-MN", "America/Chicago", true},
    {"US-MO", "America/Chicago", true},
    {"US-MS", "America/Chicago", true},
    {"US-MT", "America/Denver", true},
    {"US-NC", "America/New_York", true},
    {"US-ND", "America/Chicago", false},
    {"US-NE", "America/Chicago", false},
    {"US-NH", "America/New_York", true},
    {"US-NJ", "America/New_York", true},
    {"US-NM", "America/Denver", true},
    {"US-NV", "America/Los_Angeles", true},
    {"US-NY", "America/New_York", true},
    {"US-OH", "America/New_York", true},
    {"US-OK", "America/Chicago", true},
    {"US-OR", "America/Los_Angeles", false},
    {"US-PA", "America/New_York", true},
    {"US-RI", "America/New_York", true},
    {"US-SC", "America/New_York", true},
    {"US-SD", "America/Chicago", false},
    {"US-TN", "America/Chicago", false},
    {"US-TX", "America/Chicago", false},
    {"US-UT", "America/Denver", true},
    {"US-VA", "America/New_York", true},
    {"US-VT", "America/New_York", true},
    {"US-WA", "America/Los_Angeles", true},
    {"US-WI", "America/Chicago", true},
    {"US-WV", "America/New_York", true},
    {"US-WY", "America/Denver", true},
    {"US-PR", "America/Puerto_Rico", true},
    {"US-VI", "America/St_Thomas", true},
    {"US-GU", "Pacific/Guam", true},
    {"US-AS", "Pacific/Pago_Pago", true},
    {"US-MP", "Pacific/Saipan", true},
    // Canada.
    {"CA-AB", "America/Edmonton", true},
    {"CA-BC", "America/Vancouver", false},
    {"CA-MB", "America/Winnipeg", true},
    {"CA-NB", "America/Moncton", true},
    {"CA-NL", "America/St_Johns", false},
    {"CA-NS", "America/Halifax", true},
    {"CA-NT", "America/Yellowknife", true},
    {"CA-NU", "America/Iqaluit", false},
    {"CA-ON", "America/Toronto", false},
    {"CA-PE", "America/Halifax", true},
    {"CA-QC", "America/Toronto", false},
    {"CA-SK", "America/Regina", false},
    {"CA-YT", "America/Whitehorse", true},
    // Australia.
    {"AU-ACT", "Australia/Sydney", true},
    {"AU-NSW", "Australia/Sydney", false},
    {"AU-NT", "Australia/Darwin", true},
    {"AU-QLD", "Australia/Brisbane", true},
    {"AU-SA", "Australia/Adelaide", true},
    {"AU-TAS", "Australia/Hobart", true},
    {"AU-VIC", "Australia/Melbourne", true},
    {"AU-WA", "Australia/Perth", true},
    // Countries with several zones: the zone assumed when only the country is known.
    {"US", "America/Chicago", false},
    {"CA", "America/Toronto", false},
    {"AU", "Australia/Sydney", false},
    {"BR", "America/Sao_Paulo", false},
    {"MX", "America/Mexico_City", false},
    {"RU", "Europe/Moscow", false},
    {"ID", "Asia/Jakarta", false},
    {"KZ", "Asia/Almaty", false},
    {"MN", "Asia/Ulaanbaatar", false},
    {"CD", "Africa/Kinshasa", false},
    {"CL", "America/Santiago", false},
    {"EC", "America/Guayaquil", false},
    {"ES", "Europe/Madrid", false},
    {"PT", "Europe/Lisbon", false},
    {"NZ", "Pacific/Auckland", false},
    {"GL", "America/Nuuk", false},
    {"PF", "Pacific/Tahiti", false},
    {"KI", "Pacific/Tarawa", false},
    {"FM", "Pacific/Pohnpei", false},
    {"UA", "Europe/Kyiv", false},
    // Countries with one zone.
    {"AD", "Europe/Andorra", true},
    {"AE", "Asia/Dubai", true},
    {"AF", "Asia/Kabul", true},
    {"AG", "America/Antigua", true},
    {"AI", "America/Anguilla", true},
    {"AL", "Europe/Tirane", true},
    {"AM", "Asia/Yerevan", true},
    {"AO", "Africa/Luanda", true},
    {"AR", "America/Argentina/Buenos_Aires", true},
    {"AS", "Pacific/Pago_Pago", true},
    {"AT", "Europe/Vienna", true},
    {"AW", "America/Aruba", true},
    {"AZ", "Asia/Baku", true},
    {"BA", "Europe/Sarajevo", true},
    {"BB", "America/Barbados", true},
    {"BD", "Asia/Dhaka", true},
    {"BE", "Europe/Brussels", true},
    {"BF", "Africa/Ouagadougou", true},
    {"BG", "Europe/Sofia", true},
    {"BH", "Asia/Bahrain", true},
    {"BI", "Africa/Bujumbura", true},
    {"BJ", "Africa/Porto-Novo", true},
    {"BM", "Atlantic/Bermuda", true},
    {"BN", "Asia/Brunei", true},
    {"BO", "America/La_Paz", true},
    {"BS", "America/Nassau", true},
    {"BT", "Asia/Thimphu", true},
    {"BW", "Africa/Gaborone", true},
    {"BY", "Europe/Minsk", true},
    {"BZ", "America/Belize", true},
    {"CF", "Africa/Bangui", true},
    {"CG", "Africa/Brazzaville", true},
    {"CH", "Europe/Zurich", true},
    {"CI", "Africa/Abidjan", true},
    {"CM", "Africa/Douala", true},
    {"CN", "Asia/Shanghai", true},
    {"CO", "America/Bogota", true},
    {"CR", "America/Costa_Rica", true},
    {"CU", "America/Havana", true},
    {"CV", "Atlantic/Cape_Verde", true},
    {"CW", "America/Curacao", true},
    {"CY", "Asia/Nicosia", true},
    {"CZ", "Europe/Prague", true},
    {"DE", "Europe/Berlin", true},
    {"DJ", "Africa/Djibouti", true},
    {"DK", "Europe/Copenhagen", true},
    {"DM", "America/Dominica", true},
    {"DO", "America/Santo_Domingo", true},
    {"DZ", "Africa/Algiers", true},
    {"EE", "Europe/Tallinn", true},
    {"EG", "Africa/Cairo", true},
    {"ER", "Africa/Asmara", true},
    {"ET", "Africa/Addis_Ababa", true},
    {"FI", "Europe/Helsinki", true},
    {"FJ", "Pacific/Fiji", true},
    {"FO", "Atlantic/Faroe", true},
    {"FR", "Europe/Paris", true},
    {"GA", "Africa/Libreville", true},
    {"GB", "Europe/London", true},
    {"GD", "America/Grenada", true},
    {"GE", "Asia/Tbilisi", true},
    {"GF", "America/Cayenne", true},
    {"GG", "Europe/Guernsey", true},
    {"GH", "Africa/Accra", true},
    {"GI", "Europe/Gibraltar", true},
    {"GM", "Africa/Banjul", true},
    {"GN", "Africa/Conakry", true},
    {"GP", "America/Guadeloupe", true},
    {"GQ", "Africa/Malabo", true},
    {"GR", "Europe/Athens", true},
    {"GT", "America/Guatemala", true},
    {"GU", "Pacific/Guam", true},
    {"GW", "Africa/Bissau", true},
    {"GY", "America/Guyana", true},
    {"HK", "Asia/Hong_Kong", true},
    {"HN", "America/Tegucigalpa", true},
    {"HR", "Europe/Zagreb", true},
    {"HT", "America/Port-au-Prince", true},
    {"HU", "Europe/Budapest", true},
    {"IE", "Europe/Dublin", true},
    {"IL", "Asia/Jerusalem", true},
    {"IM", "Europe/Isle_of_Man", true},
    {"IN", "Asia/Kolkata", true},
    {"IQ", "Asia/Baghdad", true},
    {"IR", "Asia/Tehran", true},
    {"IS", "Atlantic/Reykjavik", true},
    {"IT", "Europe/Rome", true},
    {"JE", "Europe/Jersey", true},
    {"JM", "America/Jamaica", true},
    {"JO", "Asia/Amman", true},
    {"JP", "Asia/Tokyo", true},
    {"KE", "Africa/Nairobi", true},
    {"KG", "Asia/Bishkek", true},
    {"KH", "Asia/Phnom_Penh", true},
    {"KN", "America/St_Kitts", true},
    {"KR", "Asia/Seoul", true},
    {"KW", "Asia/Kuwait", true},
    {"KY", "America/Cayman", true},
    {"LA", "Asia/Vientiane", true},
    {"LB", "Asia/Beirut", true},
    {"LC", "America/St_Lucia", true},
    {"LI", "Europe/Vaduz", true},
    {"LK", "Asia/Colombo", true},
    {"LR", "Africa/Monrovia", true},
    {"LS", "Africa/Maseru", true},
    {"LT", "Europe/Vilnius", true},
    {"LU", "Europe/Luxembourg", true},
    {"LV", "Europe/Riga", true},
    {"LY", "Africa/Tripoli", true},
    {"MA", "Africa/Casablanca", true},
    {"MC", "Europe/Monaco", true},
    {"MD", "Europe/Chisinau", true},
    {"ME", "Europe/Podgorica", true},
    {"MG", "Indian/Antananarivo", true},
    {"MK", "Europe/Skopje", true},
    {"ML", "Africa/Bamako", true},
    {"MM", "Asia/Yangon", true},
    {"MO", "Asia/Macau", true},
    {"MP", "Pacific/Saipan", true},
    {"MQ", "America/Martinique", true},
    {"MR", "Africa/Nouakchott", true},
    {"MT", "Europe/Malta", true},
    {"MU", "Indian/Mauritius", true},
    {"MV", "Indian/Maldives", true},
    {"MW", "Africa/Blantyre", true},
    {"MY", "Asia/Kuala_Lumpur", true},
    {"MZ", "Africa/Maputo", true},
    {"NA", "Africa/Windhoek", true},
    {"NC", "Pacific/Noumea", true},
    {"NE", "Africa/Niamey", true},
    {"NG", "Africa/Lagos", true},
    {"NI", "America/Managua", true},
    {"NL", "Europe/Amsterdam", true},
    {"NO", "Europe/Oslo", true},
    {"NP", "Asia/Kathmandu", true},
    {"OM", "Asia/Muscat", true},
    {"PA", "America/Panama", true},
    {"PE", "America/Lima", true},
    {"PG", "Pacific/Port_Moresby", false},
    {"PH", "Asia/Manila", true},
    {"PK", "Asia/Karachi", true},
    {"PL", "Europe/Warsaw", true},
    {"PR", "America/Puerto_Rico", true},
    {"PY", "America/Asuncion", true},
    {"QA", "Asia/Qatar", true},
    {"RE", "Indian/Reunion", true},
    {"RO", "Europe/Bucharest", true},
    {"RS", "Europe/Belgrade", true},
    {"RW", "Africa/Kigali", true},
    {"SA", "Asia/Riyadh", true},
    {"SC", "Indian/Mahe", true},
    {"SD", "Africa/Khartoum", true},
    {"SE", "Europe/Stockholm", true},
    {"SG", "Asia/Singapore", true},
    {"SI", "Europe/Ljubljana", true},
    {"SK", "Europe/Bratislava", true},
    {"SL", "Africa/Freetown", true},
    {"SM", "Europe/San_Marino", true},
    {"SN", "Africa/Dakar", true},
    {"SO", "Africa/Mogadishu", true},
    {"SR", "America/Paramaribo", true},
    {"SV", "America/El_Salvador", true},
    {"SY", "Asia/Damascus", true},
    {"SZ", "Africa/Mbabane", true},
    {"TC", "America/Grand_Turk", true},
    {"TD", "Africa/Ndjamena", true},
    {"TG", "Africa/Lome", true},
    {"TH", "Asia/Bangkok", true},
    {"TJ", "Asia/Dushanbe", true},
    {"TL", "Asia/Dili", true},
    {"TM", "Asia/Ashgabat", true},
    {"TN", "Africa/Tunis", true},
    {"TO", "Pacific/Tongatapu", true},
    {"TR", "Europe/Istanbul", true},
    {"TT", "America/Port_of_Spain", true},
    {"TW", "Asia/Taipei", true},
    {"TZ", "Africa/Dar_es_Salaam", true},
    {"UG", "Africa/Kampala", true},
    {"UY", "America/Montevideo", true},
    {"UZ", "Asia/Tashkent", true},
    {"VA", "Europe/Vatican", true},
    {"VC", "America/St_Vincent", true},
    {"VE", "America/Caracas", true},
    {"VG", "America/Tortola", true},
    {"VI", "America/St_Thomas", true},
    {"VN", "Asia/Ho_Chi_Minh", true},
    {"WS", "Pacific/Apia", true},
    {"YE", "Asia/Aden", true},
    {"ZA", "Africa/Johannesburg", true},
    {"ZM", "Africa/Lusaka", true},
    {"ZW", "Africa/Harare", true},
};

// Places packed into an integer key: up to 2 country letters, a dash, up to 3 region characters, upper case.
std::uint64_t place_key(std::string_view country, std::string_view region) noexcept {
    if (country.size() != 2 || region.size() > 3) return 0;
    std::uint64_t key = 0;
    auto push = [&key](char c) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        key = (key << 8) | static_cast<unsigned char>(c);
    };
    push(country[0]);
    push(country[1]);
    if (!region.empty()) {
        push('-');
        for (char c : region) push(c);
    }
    return key;
}

std::uint64_t place_key(std::string_view place) noexcept {
    auto dash = place.find('-');
    if (dash == std::string_view::npos) return place_key(place, {});
    return place_key(place.substr(0, dash), place.substr(dash + 1));
}

class ZoneTable {
  public:
    ZoneTable() {
        for (const ZoneEntry& e : kZones) {
            const date::time_zone* zone = nullptr;
            try {
                zone = date::locate_zone(e.zone);
            } catch (const std::exception&) {
                continue;  // a system tzdb without this zone: the place stays unknown
            }
            map_.emplace(place_key(e.place), PlaceZone{zone, e.exact});
        }
    }

    PlaceZone find(std::uint64_t key) const noexcept {
        if (key == 0) return {};
        auto it = map_.find(key);
        return it == map_.end() ? PlaceZone{} : it->second;
    }

    static const ZoneTable& instance() {
        static const ZoneTable table;
        return table;
    }

  private:
    std::unordered_map<std::uint64_t, PlaceZone> map_;
};

bool has_regions(std::string_view country) noexcept {
    return country == "US" || country == "CA" || country == "AU" || country == "us" || country == "ca" ||
           country == "au";
}

// The offset in minutes of a wall time in a zone; a gap or an overlap takes the earlier offset.
int offset_of_wall(const date::time_zone* zone, sdk::LocalTimestamp wall) {
    date::local_seconds local{floor<seconds>(wall).time_since_epoch()};
    date::local_info info = zone->get_info(local);
    return static_cast<int>(duration_cast<minutes>(info.first.offset).count());
}

char* put2(char* p, unsigned v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
    return p + 2;
}

}  // namespace

PlaceZone zone_of_place(std::string_view country, std::string_view region) noexcept {
    try {
        const ZoneTable& table = ZoneTable::instance();
        if (has_regions(country)) {
            if (region.empty()) return {};
            return table.find(place_key(country, region));
        }
        PlaceZone z = table.find(place_key(country, {}));
        return z;
    } catch (...) {
        return {};
    }
}

const date::time_zone* assumed_zone_of_country(std::string_view country) noexcept {
    try {
        return ZoneTable::instance().find(place_key(country, {})).zone;
    } catch (...) {
        return nullptr;
    }
}

ResolvedTime resolve_wall_time(sdk::LocalTimestamp wall, std::string_view country, std::string_view region,
                               std::string_view home_country, std::string_view origin_country) noexcept {
    ResolvedTime out;
    try {
        if (country.empty()) country = home_country;
        PlaceZone place = zone_of_place(country, region);
        const date::time_zone* zone = place.zone;
        bool exact = place.exact;
        if (!zone) {
            zone = assumed_zone_of_country(origin_country.empty() ? country : origin_country);
            exact = false;
        }
        if (zone) {
            int offset = offset_of_wall(zone, wall);
            out.at = sdk::Timestamp{wall.time_since_epoch() - minutes{offset}};
            if (exact) out.offset_minutes = offset;
            out.uncertain = !exact;
            return out;
        }
    } catch (...) {
    }
    out.at = sdk::Timestamp{wall.time_since_epoch()};
    out.uncertain = true;
    return out;
}

bool set_event_time(sdk::Event& event, const CarrierTime& t, std::string_view home_country,
                    std::string_view origin_country) {
    if (t.wall && t.own_offset) {
        event.at = sdk::Timestamp{t.wall->time_since_epoch() - minutes{*t.own_offset}};
        event.utc_offset = format_utc_offset(*t.own_offset);
        event.time_uncertain = false;
    } else if (t.utc) {
        event.at = *t.utc;
        std::optional<int> offset = t.offset_field;
        if (!offset && t.wall) {
            // Wall minus UTC, rounded to the quarter hour: carriers' UTC fields carry seconds the wall time
            // lacks.
            auto diff =
                duration_cast<seconds>(t.wall->time_since_epoch() - t.utc->time_since_epoch()).count();
            long long quarters = (diff >= 0 ? diff + 450 : diff - 450) / 900;
            if (quarters >= -14 * 4 && quarters <= 14 * 4) offset = static_cast<int>(quarters * 15);
        }
        if (offset)
            event.utc_offset = format_utc_offset(*offset);
        else
            event.utc_offset.reset();
        event.time_uncertain = false;
    } else if (t.wall && t.offset_field) {
        event.at = sdk::Timestamp{t.wall->time_since_epoch() - minutes{*t.offset_field}};
        event.utc_offset = format_utc_offset(*t.offset_field);
        event.time_uncertain = false;
    } else if (t.wall) {
        ResolvedTime r = resolve_wall_time(*t.wall, event.location.country, event.location.region,
                                           home_country, origin_country);
        event.at = r.at;
        if (r.offset_minutes)
            event.utc_offset = format_utc_offset(*r.offset_minutes);
        else
            event.utc_offset.reset();
        event.time_uncertain = r.uncertain;
    } else {
        return false;
    }
    if (t.wall)
        event.local_time = format_wall_time(*t.wall);
    else
        event.local_time.reset();
    return true;
}

std::optional<int> parse_utc_offset(std::string_view s) noexcept {
    if (s == "Z" || s == "z") return 0;
    if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
    std::string_view rest = s.substr(1);
    std::string_view h, m;
    if (auto colon = rest.find(':'); colon != std::string_view::npos) {
        h = rest.substr(0, colon);
        m = rest.substr(colon + 1);
    } else if (rest.size() == 4) {
        h = rest.substr(0, 2);
        m = rest.substr(2);
    } else {
        h = rest;
    }
    if (h.empty() || h.size() > 2 || (!m.empty() && m.size() != 2) ||
        (m.empty() && s.find(':') != std::string_view::npos))
        return std::nullopt;
    int hours = 0, mins = 0;
    for (char c : h) {
        if (c < '0' || c > '9') return std::nullopt;
        hours = hours * 10 + (c - '0');
    }
    for (char c : m) {
        if (c < '0' || c > '9') return std::nullopt;
        mins = mins * 10 + (c - '0');
    }
    if (hours > 18 || mins > 59) return std::nullopt;
    int total = hours * 60 + mins;
    return s[0] == '-' ? -total : total;
}

std::string format_wall_time(sdk::LocalTimestamp wall) {
    auto day = floor<days>(wall);
    year_month_day ymd{sys_days{day.time_since_epoch()}};
    hh_mm_ss<microseconds> hms{wall - day};
    int year = static_cast<int>(ymd.year());
    if (year < 0 || year > 9999 || hms.subseconds().count() != 0) return sdk::format_local(wall);
    char buf[19];
    char* p = buf;
    p = put2(p, static_cast<unsigned>(year / 100));
    p = put2(p, static_cast<unsigned>(year % 100));
    *p++ = '-';
    p = put2(p, static_cast<unsigned>(ymd.month()));
    *p++ = '-';
    p = put2(p, static_cast<unsigned>(ymd.day()));
    *p++ = 'T';
    p = put2(p, static_cast<unsigned>(hms.hours().count()));
    *p++ = ':';
    p = put2(p, static_cast<unsigned>(hms.minutes().count()));
    *p++ = ':';
    p = put2(p, static_cast<unsigned>(hms.seconds().count()));
    return std::string(buf, sizeof buf);
}

std::string format_utc_offset(int minutes_total) {
    char buf[6];
    unsigned a = static_cast<unsigned>(minutes_total < 0 ? -minutes_total : minutes_total);
    buf[0] = minutes_total < 0 ? '-' : '+';
    put2(buf + 1, (a / 60) % 100);
    buf[3] = ':';
    put2(buf + 4, a % 60);
    return std::string(buf, sizeof buf);
}

}  // namespace unstuck::kit
