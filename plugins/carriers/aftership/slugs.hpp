#pragma once
//! Our carrier names to AfterShip courier slugs and back: the defaults below, changed by the plugin's
//! `carrier_codes` setting.

#include <map>
#include <string>
#include <string_view>

namespace unstuck::carriers::aftership {

//! Which AfterShip slug each of our carriers has.
class Slugs {
  public:
    //! The defaults (ups, fedex, usps, dhl, jnt as `jtexpress`, ninjavan, and a few postal services), with
    //! `overrides` applied: a name mapped to a slug adds or replaces it, a name mapped to "" removes it
    //! (AfterShip then detects the courier).
    explicit Slugs(const std::map<std::string, std::string>& overrides = {});

    //! The slug of our carrier `name`, or "" when it has none.
    std::string_view slug_of(std::string_view name) const;
    //! Our carrier with slug `slug`, or "" when none is mapped to it.
    std::string_view name_of(std::string_view slug) const;

  private:
    std::map<std::string, std::string, std::less<>> slugs_;
    std::map<std::string, std::string, std::less<>> names_;
};

}  // namespace unstuck::carriers::aftership
