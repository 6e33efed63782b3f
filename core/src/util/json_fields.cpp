#include "util/json_fields.hpp"

#include <cmath>

#include <Poco/JSON/Array.h>

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

sdk::Status JsonFields::only(const std::set<std::string, std::less<>>& known) const {
    for (const auto& [key, value] : obj_) {
        if (known.count(key)) continue;
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        return Error{path(key) + ": unknown key (known: " + list + ")"};
    }
    return {};
}

Result<std::string> JsonFields::string(const std::string& key, const std::string& fallback) const {
    if (!obj_.has(key) || obj_.isNull(key)) return fallback;
    auto v = obj_.get(key);
    if (!v.isString()) return Error{path(key) + ": expected a string"};
    return v.toString();
}

Result<std::int64_t> JsonFields::integer(const std::string& key, std::int64_t fallback,
                                         std::int64_t min) const {
    if (!obj_.has(key) || obj_.isNull(key)) return fallback;
    auto v = obj_.get(key);
    if (!v.isInteger()) return Error{path(key) + ": expected an integer"};
    auto i = v.convert<std::int64_t>();
    if (i < min) return Error{path(key) + ": must be at least " + std::to_string(min)};
    return i;
}

Result<double> JsonFields::number(const std::string& key, double fallback, double min) const {
    if (!obj_.has(key) || obj_.isNull(key)) return fallback;
    auto v = obj_.get(key);
    if (!v.isNumeric()) return Error{path(key) + ": expected a number"};
    auto d = v.convert<double>();
    if (!std::isfinite(d) || d < min)
        return Error{path(key) + ": must be a number of at least " + std::to_string(min)};
    return d;
}

Result<bool> JsonFields::boolean(const std::string& key, bool fallback) const {
    if (!obj_.has(key) || obj_.isNull(key)) return fallback;
    auto v = obj_.get(key);
    if (!v.isBoolean()) return Error{path(key) + ": expected true or false"};
    return v.convert<bool>();
}

Result<std::vector<std::string>> JsonFields::string_list(const std::string& key) const {
    std::vector<std::string> out;
    if (!obj_.has(key) || obj_.isNull(key)) return out;
    auto array = obj_.getArray(key);
    if (!array) return Error{path(key) + ": expected an array of strings"};
    for (std::size_t i = 0; i < array->size(); ++i) {
        auto v = array->get(static_cast<unsigned>(i));
        if (!v.isString()) return Error{path(key) + "[" + std::to_string(i) + "]: expected a string"};
        out.push_back(v.toString());
    }
    return out;
}

Result<Poco::JSON::Object::Ptr> JsonFields::object(const std::string& key) const {
    if (!obj_.has(key) || obj_.isNull(key)) return Poco::JSON::Object::Ptr{};
    auto o = obj_.getObject(key);
    if (!o) return Error{path(key) + ": expected an object"};
    return o;
}

}  // namespace unstuck::core
