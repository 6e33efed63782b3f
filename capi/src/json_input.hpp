#pragma once
// Private: reading the small JSON documents callers pass (normalize's context, the disputes filter).

#include <optional>
#include <string>

#include <Poco/JSON/Object.h>

namespace unstuck::capi {

//! Parses `text` (the argument `name`) as a JSON object; throws EJSON naming the argument otherwise.
Poco::JSON::Object::Ptr parse_object(const char* text, const char* name);

//! The string at `key` of `object`, none when absent or null; throws EJSON naming `name: $.key` when it is
//! of another type. Unknown keys are refused the same way by require_keys.
std::optional<std::string> string_field(const Poco::JSON::Object::Ptr& object, const char* key,
                                        const char* name);

//! Throws EJSON naming the first key of `object` that is not one of `known` (a null-terminated list).
void require_keys(const Poco::JSON::Object::Ptr& object, const char* const* known, const char* name);

}  // namespace unstuck::capi
