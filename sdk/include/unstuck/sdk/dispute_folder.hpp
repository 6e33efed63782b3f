#pragma once
//! The folder name of a dispute: where the core writes its evidence and the outbox plugin its packet.

#include <string>
#include <string_view>

namespace unstuck::sdk {

//! A dispute key as one safe folder name, the same for every key and reversible: letters, digits, `_`, `-`
//! and `.` (not first) stay, `:` becomes `+`, every other byte `%XX` (e.g. `tiktok-shop:1:a` →
//! `tiktok-shop+1+a`, `../x` → `%2E.%2Fx`).
std::string dispute_folder_name(std::string_view key);

}  // namespace unstuck::sdk
