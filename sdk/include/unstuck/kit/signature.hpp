#pragma once
//! Digests, HMAC signatures and their encodings for request signing and webhook verification (OpenSSL's
//! libcrypto underneath).

#include <optional>
#include <string>
#include <string_view>

namespace unstuck::kit {

//! The raw 32-byte HMAC-SHA256 of `data` keyed with `key`.
std::string hmac_sha256(std::string_view key, std::string_view data);
//! The raw 32-byte SHA-256 digest of `data`.
std::string sha256(std::string_view data);
//! The raw 16-byte MD5 digest of `data` (only where an API prescribes it, e.g. J&T's `digest`).
std::string md5(std::string_view data);

//! `bytes` as lowercase hexadecimal.
std::string to_hex(std::string_view bytes);
//! `bytes` in standard base64 with padding.
std::string to_base64(std::string_view bytes);
//! The bytes of standard base64 text (padding optional), or nothing when it is not base64.
std::optional<std::string> from_base64(std::string_view text);

//! Whether `a` equals `b`, in a time that does not depend on where they differ (for signatures and tokens).
bool constant_time_equals(std::string_view a, std::string_view b) noexcept;

}  // namespace unstuck::kit
