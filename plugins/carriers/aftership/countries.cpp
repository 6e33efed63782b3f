#include "countries.hpp"

#include <array>
#include <utility>

namespace unstuck::carriers::aftership {
namespace {

// The countries AfterShip's couriers most often name; a code not here leaves the event's country unknown.
constexpr std::pair<std::string_view, std::string_view> kCountries[] = {
    {"USA", "US"}, {"CAN", "CA"}, {"MEX", "MX"}, {"BRA", "BR"}, {"ARG", "AR"}, {"CHL", "CL"}, {"COL", "CO"},
    {"PER", "PE"}, {"GBR", "GB"}, {"IRL", "IE"}, {"FRA", "FR"}, {"DEU", "DE"}, {"NLD", "NL"}, {"BEL", "BE"},
    {"LUX", "LU"}, {"CHE", "CH"}, {"AUT", "AT"}, {"ITA", "IT"}, {"ESP", "ES"}, {"PRT", "PT"}, {"DNK", "DK"},
    {"SWE", "SE"}, {"NOR", "NO"}, {"FIN", "FI"}, {"ISL", "IS"}, {"POL", "PL"}, {"CZE", "CZ"}, {"SVK", "SK"},
    {"HUN", "HU"}, {"ROU", "RO"}, {"BGR", "BG"}, {"GRC", "GR"}, {"HRV", "HR"}, {"SVN", "SI"}, {"SRB", "RS"},
    {"EST", "EE"}, {"LVA", "LV"}, {"LTU", "LT"}, {"UKR", "UA"}, {"TUR", "TR"}, {"ISR", "IL"}, {"ARE", "AE"},
    {"SAU", "SA"}, {"QAT", "QA"}, {"KWT", "KW"}, {"EGY", "EG"}, {"ZAF", "ZA"}, {"NGA", "NG"}, {"KEN", "KE"},
    {"MAR", "MA"}, {"IND", "IN"}, {"PAK", "PK"}, {"BGD", "BD"}, {"LKA", "LK"}, {"CHN", "CN"}, {"HKG", "HK"},
    {"MAC", "MO"}, {"TWN", "TW"}, {"JPN", "JP"}, {"KOR", "KR"}, {"SGP", "SG"}, {"MYS", "MY"}, {"IDN", "ID"},
    {"THA", "TH"}, {"VNM", "VN"}, {"PHL", "PH"}, {"KHM", "KH"}, {"MMR", "MM"}, {"AUS", "AU"}, {"NZL", "NZ"}};

}  // namespace

std::string_view alpha2_of(std::string_view code) noexcept {
    if (code.size() == 2) return code;
    for (const auto& [alpha3, alpha2] : kCountries)
        if (alpha3 == code) return alpha2;
    return {};
}

}  // namespace unstuck::carriers::aftership
