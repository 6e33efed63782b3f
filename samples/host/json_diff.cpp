#include "json_diff.hpp"

#include <simdjson.h>

#include <set>

namespace unstuck::host {
namespace {

using simdjson::dom::element;

std::string compact(element e) {
    std::string text = simdjson::minify(e);
    constexpr std::size_t kLimit = 120;
    if (text.size() > kLimit) text = text.substr(0, kLimit) + "...";
    return text;
}

std::optional<JsonDifference> differ(element expected, element actual, const std::string& path) {
    if (expected.type() != actual.type()) return JsonDifference{path, compact(expected), compact(actual)};
    switch (expected.type()) {
        case simdjson::dom::element_type::OBJECT: {
            simdjson::dom::object e = expected.get_object().value_unsafe();
            simdjson::dom::object a = actual.get_object().value_unsafe();
            std::set<std::string_view> seen;
            for (auto [key, value] : e) {
                seen.insert(key);
                std::string where = path + "." + std::string(key);
                element other;
                if (a[key].get(other)) return JsonDifference{where, compact(value), "(absent)"};
                if (auto d = differ(value, other, where)) return d;
            }
            for (auto [key, value] : a)
                if (!seen.count(key))
                    return JsonDifference{path + "." + std::string(key), "(absent)", compact(value)};
            return std::nullopt;
        }
        case simdjson::dom::element_type::ARRAY: {
            simdjson::dom::array e = expected.get_array().value_unsafe();
            simdjson::dom::array a = actual.get_array().value_unsafe();
            std::size_t i = 0;
            auto ai = a.begin();
            for (element value : e) {
                std::string where = path + "[" + std::to_string(i++) + "]";
                if (ai == a.end()) return JsonDifference{where, compact(value), "(absent)"};
                if (auto d = differ(value, *ai, where)) return d;
                ++ai;
            }
            if (ai != a.end())
                return JsonDifference{path + "[" + std::to_string(i) + "]", "(absent)", compact(*ai)};
            return std::nullopt;
        }
        default:
            if (compact(expected) != compact(actual))
                return JsonDifference{path, compact(expected), compact(actual)};
            return std::nullopt;
    }
}

}  // namespace

std::optional<JsonDifference> first_json_difference(std::string_view expected, std::string_view actual) {
    simdjson::dom::parser expected_parser, actual_parser;
    element e, a;
    if (expected_parser.parse(expected.data(), expected.size()).get(e))
        return JsonDifference{"$", "(not JSON)", "(a JSON document)"};
    if (actual_parser.parse(actual.data(), actual.size()).get(a))
        return JsonDifference{"$", "(a JSON document)", "(not JSON)"};
    return differ(e, a, "$");
}

}  // namespace unstuck::host
