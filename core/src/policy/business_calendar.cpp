#include "unstuck/core/policy/business_calendar.hpp"

#include <date/tz.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace unstuck::core {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::local_days;
using std::chrono::microseconds;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::sys_seconds;

// The table covers the tzdb's explicit transitions; before the first one the earliest offset applies.
constexpr std::int64_t kTableFloor = std::numeric_limits<std::int64_t>::min() / 4;
const sys_seconds kScanFrom = sys_days{std::chrono::year{1800} / 1 / 1};
const sys_seconds kScanTo = sys_days{std::chrono::year{2200} / 1 / 1};

}  // namespace

sdk::Result<BusinessCalendar> BusinessCalendar::create(std::string_view time_zone, WeekdaySet weekend,
                                                       std::vector<sys_days> holidays) {
    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(time_zone);
    } catch (const std::exception&) {
        return sdk::Error{"unknown IANA zone \"" + std::string(time_zone) + "\""};
    }
    if ((weekend & 0x7f) == 0x7f) return sdk::Error{"the weekend leaves no business day"};

    BusinessCalendar cal;
    cal.time_zone_ = std::string(time_zone);
    cal.weekend_ = weekend & 0x7f;

    std::sort(holidays.begin(), holidays.end());
    holidays.erase(std::unique(holidays.begin(), holidays.end()), holidays.end());
    cal.holidays_ = std::move(holidays);
    if (!cal.holidays_.empty()) {
        cal.holiday_base_ = cal.holidays_.front().time_since_epoch().count();
        auto span = cal.holidays_.back().time_since_epoch().count() - cal.holiday_base_ + 1;
        cal.holiday_bits_.assign(static_cast<std::size_t>((span + 63) / 64), 0);
        for (auto d : cal.holidays_) {
            auto bit = static_cast<std::uint64_t>(d.time_since_epoch().count() - cal.holiday_base_);
            cal.holiday_bits_[bit / 64] |= std::uint64_t{1} << (bit % 64);
        }
    }

    try {
        sys_seconds t = kScanFrom;
        bool first = true;
        while (true) {
            auto info = zone->get_info(t);
            auto offset = static_cast<std::int32_t>(info.offset.count());
            if (first || offset != cal.offsets_.back()) {
                std::int64_t begin = first ? kTableFloor : info.begin.time_since_epoch().count();
                cal.begins_.push_back(begin);
                cal.local_begins_.push_back(begin + offset);
                cal.offsets_.push_back(offset);
                first = false;
            }
            if (info.end >= kScanTo || info.end <= t) break;
            t = info.end;
        }
    } catch (const std::exception& e) {
        return sdk::Error{"cannot read zone \"" + std::string(time_zone) + "\": " + e.what()};
    }
    if (!std::is_sorted(cal.local_begins_.begin(), cal.local_begins_.end()))
        return sdk::Error{"zone \"" + std::string(time_zone) + "\" has overlapping local time ranges"};
    return cal;
}

bool BusinessCalendar::is_business_day(local_days date) const noexcept {
    if (weekend_ & weekday_bit(std::chrono::weekday{date})) return false;
    if (holiday_bits_.empty()) return true;
    auto bit = date.time_since_epoch().count() - holiday_base_;
    if (bit < 0 || static_cast<std::size_t>(bit) >= holiday_bits_.size() * 64) return true;
    auto b = static_cast<std::uint64_t>(bit);
    return !(holiday_bits_[b / 64] >> (b % 64) & 1);
}

seconds BusinessCalendar::offset_at(sys_seconds t) const noexcept {
    auto it = std::upper_bound(begins_.begin(), begins_.end(), t.time_since_epoch().count());
    return seconds{offsets_[static_cast<std::size_t>(it - begins_.begin()) - 1]};
}

sdk::LocalTimestamp BusinessCalendar::to_local(sdk::Timestamp t) const noexcept {
    auto offset = offset_at(floor<seconds>(t));
    return sdk::LocalTimestamp{t.time_since_epoch() + offset};
}

sdk::Timestamp BusinessCalendar::to_sys(sdk::LocalTimestamp wall) const noexcept {
    // The last range whose local start is not after the wall time: the later instant of a repeated wall time,
    // and for a nonexistent one the offset before the gap, which moves it forward by the gap's length.
    auto wall_seconds = floor<seconds>(wall).time_since_epoch().count();
    auto it = std::upper_bound(local_begins_.begin(), local_begins_.end(), wall_seconds);
    std::size_t i =
        it == local_begins_.begin() ? 0 : static_cast<std::size_t>(it - local_begins_.begin()) - 1;
    return sdk::Timestamp{wall.time_since_epoch() - seconds{offsets_[i]}};
}

local_days BusinessCalendar::next_business_day(local_days date) const noexcept {
    do {
        date += days{1};
    } while (!is_business_day(date));
    return date;
}

sdk::Timestamp BusinessCalendar::add_business_days(sdk::Timestamp t, int n) const noexcept {
    auto local = to_local(t);
    auto date = floor<days>(local);
    auto time_of_day = local - date;
    if (!is_business_day(date)) {
        date = next_business_day(date);
        time_of_day = microseconds{0};
    }
    for (int i = 0; i < n; ++i) date = next_business_day(date);
    return to_sys(date + time_of_day);
}

}  // namespace unstuck::core
