#include "unstuck/core/plugin/manifest.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "util/json_fields.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::PluginConfig;
using sdk::Result;

namespace {

const std::set<std::string, std::less<>> kTypes{"boolean", "integer",     "number",
                                                "string",  "string_list", "string_map"};

// Converts a JSON value to the manifest type, or explains what was expected.
Result<PluginConfig::Value> convert(const Poco::Dynamic::Var& v, const std::string& type,
                                    const std::string& where) {
    auto expected = [&](const char* what) { return Error{where + ": expected " + what}; };
    try {
        if (type == "boolean") {
            if (!v.isBoolean()) return expected("true or false");
            return PluginConfig::Value{v.convert<bool>()};
        }
        if (type == "integer") {
            if (!v.isInteger()) return expected("an integer");
            return PluginConfig::Value{v.convert<std::int64_t>()};
        }
        if (type == "number") {
            if (!v.isNumeric()) return expected("a number");
            return PluginConfig::Value{v.convert<double>()};
        }
        if (type == "string") {
            if (!v.isString()) return expected("a string");
            return PluginConfig::Value{v.toString()};
        }
        if (type == "string_list") {
            if (v.type() != typeid(Poco::JSON::Array::Ptr)) return expected("an array of strings");
            std::vector<std::string> list;
            auto array = v.extract<Poco::JSON::Array::Ptr>();
            for (std::size_t i = 0; i < array->size(); ++i) {
                auto item = array->get(static_cast<unsigned>(i));
                if (!item.isString()) return Error{where + "[" + std::to_string(i) + "]: expected a string"};
                list.push_back(item.toString());
            }
            return PluginConfig::Value{std::move(list)};
        }
        if (v.type() != typeid(Poco::JSON::Object::Ptr)) return expected("an object of strings");
        std::map<std::string, std::string> map;
        for (const auto& [k, item] : *v.extract<Poco::JSON::Object::Ptr>()) {
            if (!item.isString()) return Error{where + "." + k + ": expected a string"};
            map[k] = item.toString();
        }
        return PluginConfig::Value{std::move(map)};
    } catch (const Poco::Exception& e) {
        return Error{where + ": " + e.displayText()};
    }
}

}  // namespace

Result<Manifest> Manifest::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": no manifest"};
    std::stringstream text;
    text << in.rdbuf();
    auto fail = [&](const std::string& message) { return Error{file.string() + ": " + message}; };

    Poco::Dynamic::Var parsed;
    try {
        parsed = Poco::JSON::Parser().parse(text.str());
    } catch (const Poco::Exception& e) {
        return fail("malformed JSON: " + e.displayText());
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return fail("expected a JSON object");
    auto root = parsed.extract<Poco::JSON::Object::Ptr>();

    JsonFields f(*root, "");
    if (auto s = f.only({"name", "kind", "version", "display_name", "status", "tracking", "description",
                         "config", "secrets"});
        !s)
        return fail(s.message());
    Manifest m;
    for (auto [key, into] : {std::pair<const char*, std::string*>{"name", &m.name},
                             {"kind", &m.kind},
                             {"version", &m.version}}) {
        auto v = f.string(key, "");
        if (!v) return fail(v.error().message);
        if (v->empty()) return fail(std::string(key) + ": required");
        *into = *v;
    }
    if (m.kind != "carrier" && m.kind != "ticketing" && m.kind != "marketplace")
        return fail("kind: \"" + m.kind + "\" is not carrier, ticketing or marketplace");
    auto display_name = f.string("display_name", m.name);
    if (!display_name) return fail(display_name.error().message);
    if (display_name->find_first_not_of(" \t") == std::string::npos)
        return fail("display_name: must not be empty");
    m.display_name = *display_name;
    auto status = f.string("status", "stable");
    if (!status) return fail(status.error().message);
    if (*status != "stable" && *status != "beta")
        return fail("status: \"" + *status + "\" is not stable or beta");
    m.status = *status;
    auto tracking = f.string("tracking", "pull");
    if (!tracking) return fail(tracking.error().message);
    if (*tracking != "pull" && *tracking != "push")
        return fail("tracking: \"" + *tracking + "\" is not pull or push");
    if (m.kind != "carrier" && root->has("tracking")) return fail("tracking: only a carrier has tracking");
    m.tracking = *tracking;
    auto description = f.string("description", "");
    if (!description) return fail(description.error().message);
    m.description = *description;
    auto secrets = f.string_list("secrets");
    if (!secrets) return fail(secrets.error().message);
    m.secrets = *secrets;

    auto config = f.object("config");
    if (!config) return fail(config.error().message);
    if (*config) {
        for (const auto& [name, value] : **config) {
            auto where = "config." + name;
            auto spec = (*config)->getObject(name);
            if (!spec) return fail(where + ": expected an object");
            JsonFields kf(*spec, where);
            if (auto s = kf.only({"type", "default", "description"}); !s) return fail(s.message());
            ConfigKey key{name, "", std::nullopt, ""};
            auto type = kf.string("type", "");
            if (!type) return fail(type.error().message);
            if (!kTypes.count(*type)) return fail(where + ".type: \"" + *type + "\" is not a known type");
            key.type = *type;
            auto desc = kf.string("description", "");
            if (!desc) return fail(desc.error().message);
            key.description = *desc;
            if (spec->has("default") && !spec->isNull("default")) {
                auto d = convert(spec->get("default"), key.type, where + ".default");
                if (!d) return fail(d.error().message);
                key.default_value = std::move(*d);
            }
            m.config.push_back(std::move(key));
        }
    }
    return m;
}

Result<PluginConfig> Manifest::validate(const Poco::JSON::Object::Ptr& config) const {
    PluginConfig out;
    if (config) {
        for (const auto& [name, value] : *config) {
            auto it = std::find_if(this->config.begin(), this->config.end(),
                                   [&](const ConfigKey& k) { return k.name == name; });
            if (it == this->config.end()) {
                std::string known;
                for (const auto& k : this->config) known += (known.empty() ? "" : ", ") + k.name;
                return Error{"config." + name + ": unknown key (known: " + (known.empty() ? "none" : known) +
                             ")"};
            }
            if (value.isEmpty()) continue;  // null: take the default
            auto v = convert(value, it->type, "config." + name);
            if (!v) return std::move(v).error();
            out.set(name, std::move(*v));
        }
    }
    for (const auto& key : this->config) {
        if (out.has(key.name)) continue;
        if (!key.default_value)
            return Error{"config." + key.name + ": required" +
                         (key.description.empty() ? "" : " (" + key.description + ")")};
        out.set(key.name, *key.default_value);
    }
    return out;
}

}  // namespace unstuck::core
