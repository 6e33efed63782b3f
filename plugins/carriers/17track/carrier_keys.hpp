#pragma once
//! Our carrier names to 17TRACK's numeric carrier keys and back: the defaults below, changed by the plugin's
//! `carrier_codes` setting.

#include <map>
#include <string>
#include <string_view>

namespace unstuck::carriers::track17 {

//! Which 17TRACK carrier key each of our carriers has.
class CarrierKeys {
  public:
    //! The defaults (`ups`, `fedex`, `usps`, `dhl`, `china-post`), with `overrides` applied: a name mapped to
    //! a key adds or replaces it, a name mapped to "" removes it (17TRACK then detects the carrier). Throws
    //! std::invalid_argument for a key that is not 1 to 9 digits.
    explicit CarrierKeys(const std::map<std::string, std::string>& overrides = {});

    //! The key of our carrier `name`, or "" when it has none (17TRACK detects the carrier). The plugin's own
    //! name and an empty name have none.
    std::string_view key_of(std::string_view name) const;
    //! Our carrier with 17TRACK key `key`, or "" when no carrier is mapped to it.
    std::string_view name_of(std::string_view key) const;

  private:
    std::map<std::string, std::string, std::less<>> keys_;
    std::map<std::string, std::string, std::less<>> names_;
};

}  // namespace unstuck::carriers::track17
