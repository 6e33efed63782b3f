#include "unstuck/core/config/route_options.hpp"

#include <algorithm>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "util/json_fields.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

namespace {

bool listed(const std::vector<std::string>& list, std::string_view value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// A string or an array of non-empty strings; absent or null is an empty list (any).
Result<std::vector<std::string>> one_or_many(const Poco::JSON::Object& obj, const std::string& key,
                                             const std::string& where) {
    std::vector<std::string> out;
    if (!obj.has(key) || obj.isNull(key)) return out;
    const std::string path = where + "." + key;
    auto value = obj.get(key);
    if (value.isString()) {
        out.push_back(value.toString());
    } else if (auto array = obj.getArray(key)) {
        if (array->size() == 0)
            return Error{path + ": expected at least one string (leave the key out for any)"};
        for (unsigned i = 0; i < array->size(); ++i) {
            auto item = array->get(i);
            if (!item.isString()) return Error{path + "[" + std::to_string(i) + "]: expected a string"};
            out.push_back(item.toString());
        }
    } else {
        return Error{path + ": expected a string or an array of strings"};
    }
    for (std::size_t i = 0; i < out.size(); ++i)
        if (out[i].empty())
            return Error{(value.isString() ? path : path + "[" + std::to_string(i) + "]") +
                         ": must not be empty"};
    return out;
}

}  // namespace

bool DisputeRoute::matches(std::string_view marketplace, std::string_view shop, std::string_view code) const {
    return listed(marketplaces, marketplace) && listed(shops, shop) && listed(codes, code);
}

Result<RouteOptions> RouteOptions::from_json(const Poco::Dynamic::Var& section) {
    RouteOptions options;
    if (section.isEmpty()) return options;
    if (section.type() != typeid(Poco::JSON::Array::Ptr))
        return Error{"routes: expected an array of routes, e.g. [{\"backend\": \"outbox\"}]"};
    auto array = section.extract<Poco::JSON::Array::Ptr>();
    for (unsigned i = 0; i < array->size(); ++i) {
        const std::string where = "routes[" + std::to_string(i) + "]";
        auto obj = array->getObject(i);
        if (!obj) return Error{where + ": expected an object"};
        JsonFields f(*obj, where);
        if (auto s = f.only({"marketplace", "shop_id", "code", "backend"}); !s) return Error{s.message()};
        DisputeRoute route;
        route.where = where;
        auto backend = f.string("backend", "");
        if (!backend) return std::move(backend).error();
        if (backend->empty()) return Error{where + ".backend: required (the ticketing plugin that files)"};
        route.backend = *backend;
        auto marketplaces = one_or_many(*obj, "marketplace", where);
        if (!marketplaces) return std::move(marketplaces).error();
        route.marketplaces = std::move(*marketplaces);
        auto shops = one_or_many(*obj, "shop_id", where);
        if (!shops) return std::move(shops).error();
        route.shops = std::move(*shops);
        auto codes = one_or_many(*obj, "code", where);
        if (!codes) return std::move(codes).error();
        route.codes = std::move(*codes);
        options.routes.push_back(std::move(route));
    }
    return options;
}

}  // namespace unstuck::core
