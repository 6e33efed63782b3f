#pragma once
//! J&T's request signature and the form encoding its requests and pushes travel in.

#include <optional>
#include <string>
#include <string_view>

namespace unstuck::carriers::jnt {

//! The `digest` header: base64(md5(bizContent + privateKey)), over the JSON text exactly as sent.
std::string digest(std::string_view biz_content, std::string_view private_key);

//! The decoded value of the first field `name` of an `application/x-www-form-urlencoded` body, or nothing
//! when the body has no such field or its encoding is broken.
std::optional<std::string> form_field(std::string_view body, std::string_view name);

}  // namespace unstuck::carriers::jnt
