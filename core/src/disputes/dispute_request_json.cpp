#include "unstuck/core/disputes/dispute_request_json.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "unstuck/sdk/json_writer.hpp"
#include "util/json_fields.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

std::string to_json(const sdk::DisputeRequest& request) {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object();
    w.field("key", request.key);
    w.field("code", request.code);
    w.key("path").begin_array();
    for (const auto& step : request.path) w.value(step);
    w.end_array();
    w.field("marketplace", request.marketplace);
    w.field("shop_id", request.shop_id);
    w.field("order_id", request.order_id);
    w.key("packages").begin_array();
    for (const auto& p : request.packages) {
        w.begin_object();
        w.field("package_id", p.package_id);
        w.field("tracking_number", p.tracking_number);
        w.field("carrier", p.carrier);
        w.end_object();
    }
    w.end_array();
    w.key("files").begin_array();
    for (const auto& f : request.files) {
        w.begin_object();
        w.field("name", f.name);
        w.field("path", f.path);
        w.field("media_type", f.media_type);
        w.end_object();
    }
    w.end_array();
    w.key("facts").begin_array();
    for (const auto& f : request.facts) {
        w.begin_object();
        w.field("kind", f.kind);
        w.field("value", f.value);
        w.end_object();
    }
    w.end_array();
    w.field("explanation", request.explanation);
    w.end_object();
    return out;
}

namespace {

// Calls `each(JsonFields&)` for every object of the array under `key` (absent: none).
template <typename Each>
sdk::Status each_object(const JsonFields& f, const Poco::JSON::Object& obj, const std::string& key,
                        Each&& each) {
    if (!obj.has(key) || obj.isNull(key)) return {};
    auto array = obj.getArray(key);
    if (!array) return Error{f.path(key) + ": expected an array of objects"};
    for (std::size_t i = 0; i < array->size(); ++i) {
        auto item = array->getObject(static_cast<unsigned>(i));
        std::string where = f.path(key) + "[" + std::to_string(i) + "]";
        if (!item) return Error{where + ": expected an object"};
        JsonFields fields(*item, where);
        if (auto s = each(fields); !s) return s;
    }
    return {};
}

}  // namespace

Result<sdk::DisputeRequest> parse_dispute_request(std::string_view json) {
    Poco::Dynamic::Var parsed;
    try {
        parsed = Poco::JSON::Parser().parse(std::string(json));
    } catch (const Poco::Exception& e) {
        return Error{"dispute request: malformed JSON: " + e.displayText()};
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return Error{"dispute request: expected an object"};
    auto root = parsed.extract<Poco::JSON::Object::Ptr>();
    JsonFields f(*root, "request");
    sdk::DisputeRequest r;
    auto text = [](const JsonFields& fields, const char* key, std::string& into) -> sdk::Status {
        auto v = fields.string(key, "");
        if (!v) return std::move(v).error();
        into = std::move(*v);
        return {};
    };
    for (auto [key, into] : {std::pair{"key", &r.key},
                             {"code", &r.code},
                             {"marketplace", &r.marketplace},
                             {"shop_id", &r.shop_id},
                             {"order_id", &r.order_id},
                             {"explanation", &r.explanation}})
        if (auto s = text(f, key, *into); !s) return Error{s.message()};
    if (r.key.empty()) return Error{"request.key: missing"};
    auto path = f.string_list("path");
    if (!path) return std::move(path).error();
    r.path = std::move(*path);
    auto packages = each_object(f, *root, "packages", [&](const JsonFields& p) -> sdk::Status {
        sdk::DisputePackage package;
        for (auto [key, into] : {std::pair{"package_id", &package.package_id},
                                 {"tracking_number", &package.tracking_number},
                                 {"carrier", &package.carrier}})
            if (auto s = text(p, key, *into); !s) return s;
        r.packages.push_back(std::move(package));
        return {};
    });
    if (!packages) return Error{packages.message()};
    auto files = each_object(f, *root, "files", [&](const JsonFields& p) -> sdk::Status {
        sdk::EvidenceFile file;
        for (auto [key, into] :
             {std::pair{"name", &file.name}, {"path", &file.path}, {"media_type", &file.media_type}})
            if (auto s = text(p, key, *into); !s) return s;
        r.files.push_back(std::move(file));
        return {};
    });
    if (!files) return Error{files.message()};
    auto facts = each_object(f, *root, "facts", [&](const JsonFields& p) -> sdk::Status {
        sdk::EvidenceFact fact;
        for (auto [key, into] : {std::pair{"kind", &fact.kind}, {"value", &fact.value}})
            if (auto s = text(p, key, *into); !s) return s;
        r.facts.push_back(std::move(fact));
        return {};
    });
    if (!facts) return Error{facts.message()};
    return r;
}

}  // namespace unstuck::core
