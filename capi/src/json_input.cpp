#include "json_input.hpp"

#include <cstring>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include "api_error.hpp"

namespace unstuck::capi {

Poco::JSON::Object::Ptr parse_object(const char* text, const char* name) {
    Poco::Dynamic::Var parsed;
    try {
        parsed = Poco::JSON::Parser().parse(std::string(text));
    } catch (const Poco::Exception& e) {
        throw ApiError{UNSTUCK_EJSON, std::string(name) + ": malformed JSON: " + e.displayText()};
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        throw ApiError{UNSTUCK_EJSON, std::string(name) + ": $: expected an object"};
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

std::optional<std::string> string_field(const Poco::JSON::Object::Ptr& object, const char* key,
                                        const char* name) {
    if (!object->has(key) || object->isNull(key)) return std::nullopt;
    auto value = object->get(key);
    if (!value.isString())
        throw ApiError{UNSTUCK_EJSON, std::string(name) + ": $." + key + ": expected a string"};
    return value.extract<std::string>();
}

void require_keys(const Poco::JSON::Object::Ptr& object, const char* const* known, const char* name) {
    for (const auto& [key, value] : *object) {
        bool found = false;
        for (const char* const* k = known; *k; ++k) found |= key == *k;
        if (!found) throw ApiError{UNSTUCK_EJSON, std::string(name) + ": $." + key + ": unknown key"};
    }
}

}  // namespace unstuck::capi
