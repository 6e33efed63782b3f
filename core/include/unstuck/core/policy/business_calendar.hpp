#pragma once
//! A region's business calendar: its IANA time zone, weekend days and holidays (policy.md section 2).

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

//! A set of weekdays as a bit mask, bit `weekday.c_encoding()` (Sunday 0 ... Saturday 6).
using WeekdaySet = std::uint8_t;

//! The mask of one weekday.
constexpr WeekdaySet weekday_bit(std::chrono::weekday day) noexcept {
    return static_cast<WeekdaySet>(1u << day.c_encoding());
}

//! Business-day arithmetic in one region. Immutable once built; safe to share between threads.
//! The zone's offsets are read once from the system tzdb (Howard Hinnant's date/tz) into a table, so lookups
//! never touch the tz library again.
class BusinessCalendar {
  public:
    //! Builds the calendar; fails when the zone is not in the tzdb or the weekend leaves no business day.
    static sdk::Result<BusinessCalendar> create(std::string_view time_zone, WeekdaySet weekend,
                                                std::vector<std::chrono::sys_days> holidays);

    //! The IANA zone name, e.g. `America/Los_Angeles`.
    const std::string& time_zone() const noexcept { return time_zone_; }
    //! The weekend days.
    WeekdaySet weekend() const noexcept { return weekend_; }
    //! The holidays, sorted and unique.
    const std::vector<std::chrono::sys_days>& holidays() const noexcept { return holidays_; }

    //! True when the local date is neither a weekend day nor a holiday.
    bool is_business_day(std::chrono::local_days date) const noexcept;
    //! The zone's UTC offset at an instant.
    std::chrono::seconds offset_at(std::chrono::sys_seconds t) const noexcept;
    //! The local wall time of an instant.
    sdk::LocalTimestamp to_local(sdk::Timestamp t) const noexcept;
    //! The instant of a local wall time: a repeated wall time takes the later instant, a nonexistent one
    //! moves forward by the length of the gap.
    sdk::Timestamp to_sys(sdk::LocalTimestamp wall) const noexcept;
    //! policy.md's add_business_days: a non-business local date moves `t` to 00:00:00 of the next business
    //! day, then `n` business days are stepped keeping the local wall time.
    sdk::Timestamp add_business_days(sdk::Timestamp t, int n) const noexcept;

  private:
    BusinessCalendar() = default;
    std::chrono::local_days next_business_day(std::chrono::local_days date) const noexcept;

    std::string time_zone_;
    WeekdaySet weekend_ = 0;
    std::vector<std::chrono::sys_days> holidays_;
    // Holiday lookup: one bit per day from holiday_base_.
    std::int64_t holiday_base_ = 0;
    std::vector<std::uint64_t> holiday_bits_;
    // Offset table: offsets_[i] applies from begins_[i] (UTC seconds); local_begins_[i] = begins_[i] +
    // offsets_[i].
    std::vector<std::int64_t> begins_;
    std::vector<std::int64_t> local_begins_;
    std::vector<std::int32_t> offsets_;
};

}  // namespace unstuck::core
