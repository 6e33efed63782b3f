#pragma once
//! Loading a policy document (JSON) with every field validated; errors name the JSON path.

#include <filesystem>
#include <memory>
#include <string_view>

#include "unstuck/core/policy/policy.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! The file name of the shipped default policy.
inline constexpr std::string_view kDefaultPolicyFileName = "tiktok-shop.logistics-stuck.json";

//! Parses a policy document; `holidays_ics` paths resolve against `base_dir`. Errors read
//! `regions.US.time_zone: unknown IANA zone "America/Nowhere"`.
sdk::Result<std::shared_ptr<const Policy>> parse_policy(std::string_view json,
                                                        const std::filesystem::path& base_dir);

//! Reads and parses a policy file; errors start with the file name.
sdk::Result<std::shared_ptr<const Policy>> load_policy(const std::filesystem::path& file);

//! The shipped default policy file: the installed one when it exists, else the source tree's.
std::filesystem::path default_policy_file();

}  // namespace unstuck::core
