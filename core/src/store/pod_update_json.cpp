#include "unstuck/core/store/pod_update_json.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "unstuck/sdk/json_writer.hpp"
#include "util/json_fields.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

std::string to_json(const sdk::PodUpdate& update) {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object();
    w.field("key", update.key);
    w.field("marketplace", update.marketplace);
    w.field("shop_id", update.shop_id);
    w.field("order_id", update.order_id);
    w.field("package_id", update.package_id);
    w.field("tracking_number", update.tracking_number);
    w.field("delivered_at", sdk::format_utc(update.delivered_at));
    w.key("proof").begin_array();
    for (const auto& f : update.proof) {
        w.begin_object();
        w.field("name", f.name);
        w.field("path", f.path);
        w.field("media_type", f.media_type);
        w.end_object();
    }
    w.end_array();
    w.field("proof_url", update.proof_url);
    w.end_object();
    return out;
}

Result<sdk::PodUpdate> parse_pod_update(std::string_view json) {
    Poco::Dynamic::Var parsed;
    try {
        parsed = Poco::JSON::Parser().parse(std::string(json));
    } catch (const Poco::Exception& e) {
        return Error{"update: malformed JSON: " + e.displayText()};
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return Error{"update: expected an object"};
    auto root = parsed.extract<Poco::JSON::Object::Ptr>();
    JsonFields f(*root, "update");
    sdk::PodUpdate u;
    auto text = [](const JsonFields& fields, const char* key, std::string& into) -> sdk::Status {
        auto v = fields.string(key, "");
        if (!v) return std::move(v).error();
        into = std::move(*v);
        return {};
    };
    for (auto [key, into] : {std::pair{"key", &u.key},
                             {"marketplace", &u.marketplace},
                             {"shop_id", &u.shop_id},
                             {"order_id", &u.order_id},
                             {"package_id", &u.package_id},
                             {"tracking_number", &u.tracking_number},
                             {"proof_url", &u.proof_url}})
        if (auto s = text(f, key, *into); !s) return Error{s.message()};
    if (u.key.empty()) return Error{"update.key: missing"};
    std::string delivered;
    if (auto s = text(f, "delivered_at", delivered); !s) return Error{s.message()};
    auto at = sdk::parse_timestamp(delivered);
    if (!at) return Error{"update.delivered_at: " + at.error().message};
    u.delivered_at = *at;
    if (root->has("proof") && !root->isNull("proof")) {
        auto array = root->getArray("proof");
        if (!array) return Error{"update.proof: expected an array of objects"};
        for (std::size_t i = 0; i < array->size(); ++i) {
            auto item = array->getObject(static_cast<unsigned>(i));
            std::string where = "update.proof[" + std::to_string(i) + "]";
            if (!item) return Error{where + ": expected an object"};
            JsonFields p(*item, where);
            sdk::EvidenceFile file;
            for (auto [key, into] :
                 {std::pair{"name", &file.name}, {"path", &file.path}, {"media_type", &file.media_type}})
                if (auto s = text(p, key, *into); !s) return Error{s.message()};
            u.proof.push_back(std::move(file));
        }
    }
    return u;
}

}  // namespace unstuck::core
