#pragma once
//! ISO 3166-1 alpha-3 country codes (AfterShip's `country_region`, `country_iso3`) to alpha-2 (the model's).

#include <string_view>

namespace unstuck::carriers::aftership {

//! The alpha-2 code of an alpha-3 one (`USA` → `US`); a two-letter code is returned as it is; "" for a code
//! not in the table.
std::string_view alpha2_of(std::string_view code) noexcept;

}  // namespace unstuck::carriers::aftership
