#include "util/json_fields.hpp"

#include <cmath>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

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

sdk::Status JsonFields::strings(std::initializer_list<std::pair<const char*, std::string*>> fields) const {
    for (auto [key, into] : fields) {
        auto v = string(key, "");
        if (!v) return std::move(v).error();
        *into = std::move(*v);
    }
    return {};
}

sdk::Status JsonFields::each_object(const std::string& key,
                                    const std::function<sdk::Status(const JsonFields&)>& each) const {
    if (!obj_.has(key) || obj_.isNull(key)) return {};
    auto array = obj_.getArray(key);
    if (!array) return Error{path(key) + ": expected an array of objects"};
    for (std::size_t i = 0; i < array->size(); ++i) {
        auto item = array->getObject(static_cast<unsigned>(i));
        std::string where = path(key) + "[" + std::to_string(i) + "]";
        if (!item) return Error{where + ": expected an object"};
        if (auto s = each(JsonFields(*item, where)); !s) return s;
    }
    return {};
}

Result<Poco::JSON::Object::Ptr> parse_json_object(std::string_view json, const std::string& what) {
    Poco::Dynamic::Var parsed;
    try {
        parsed = Poco::JSON::Parser().parse(std::string(json));
    } catch (const Poco::Exception& e) {
        return Error{what + ": malformed JSON: " + e.displayText()};
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return Error{what + ": expected an object"};
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

}  // namespace unstuck::core
