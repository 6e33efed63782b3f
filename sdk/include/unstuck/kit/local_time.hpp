#pragma once
//! Turning a carrier's wall time into a UTC instant, in the model's order: (1) the timestamp's own offset,
//! (2) the carrier's UTC fields, (3) the zone of the event's place, (4) the zone of the origin country, the
//! time then being uncertain.

#include <optional>
#include <string>
#include <string_view>

#include "unstuck/sdk/model.hpp"
#include "unstuck/sdk/time.hpp"

namespace date {
class time_zone;
}

namespace unstuck::kit {

//! A zone found for a place.
struct PlaceZone {
    const date::time_zone* zone = nullptr;  //!< null when the place names no zone
    bool exact = false;                     //!< true when the whole place keeps one zone
};

//! The zone of a place: a US state or territory, a Canadian province or an Australian state (`region`, as its
//! postal abbreviation) or a country (ISO alpha-2). For a region that spans several zones (Texas, Ontario)
//! the zone of most of its people with `exact` false; null for an unknown place or a multi-zone country
//! without region.
PlaceZone zone_of_place(std::string_view country, std::string_view region) noexcept;

//! The zone assumed for a country when nothing narrower is known: its only zone, or the zone of most of its
//! people (US: America/Chicago); null for an unknown country.
const date::time_zone* assumed_zone_of_country(std::string_view country) noexcept;

//! A wall time placed on the UTC line.
struct ResolvedTime {
    sdk::Timestamp at{};                //!< the UTC instant
    std::optional<int> offset_minutes;  //!< the zone's offset; none when the zone was assumed
    bool uncertain = false;             //!< the zone was assumed (step 4)
};

//! Steps 3 and 4: the wall time in the zone of the place (`country` empty means `home_country`);
//! otherwise in the zone assumed for the origin country (uncertain); otherwise read as UTC (uncertain).
//! A wall time in a daylight-saving gap or overlap takes the earlier offset.
ResolvedTime resolve_wall_time(sdk::LocalTimestamp wall, std::string_view country, std::string_view region,
                               std::string_view home_country, std::string_view origin_country) noexcept;

//! What a carrier says about when an event happened; every part optional.
struct CarrierTime {
    std::optional<sdk::LocalTimestamp> wall;  //!< the wall time the carrier printed
    std::optional<int> own_offset;      //!< an offset written in that timestamp itself (`...T09:12:00-04:00`)
    std::optional<sdk::Timestamp> utc;  //!< the carrier's own UTC field (e.g. a `gmtDate` and `gmtTime` pair)
    std::optional<int> offset_field;    //!< the carrier's separate offset field (e.g. `gmtOffset`)
};

//! Fills `at`, `local_time`, `utc_offset` and `time_uncertain` of an event whose location is already set, in
//! steps 1 to 4. Without a carrier offset beside a UTC field the offset is derived from wall and UTC
//! (to the quarter hour). Returns false when the carrier gave no usable time; the event is then left
//! untouched.
bool set_event_time(sdk::Event& event, const CarrierTime& time, std::string_view home_country,
                    std::string_view origin_country);

//! Parses an offset into minutes: `±HH:MM`, `±H:MM`, `±HHMM`, `±HH` or `Z`.
std::optional<int> parse_utc_offset(std::string_view text) noexcept;

//! Formats a wall time as `YYYY-MM-DDTHH:MM:SS` (a fraction only when non-zero), quickly.
std::string format_wall_time(sdk::LocalTimestamp wall);

//! Formats an offset as `+HH:MM` / `-HH:MM`.
std::string format_utc_offset(int minutes);

}  // namespace unstuck::kit
