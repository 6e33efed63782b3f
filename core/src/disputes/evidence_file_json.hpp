#pragma once
// Private: evidence files as JSON, `[{name, path, media_type}]`, as dispute requests and remedy updates store
// them.

#include <string>
#include <vector>

#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/ticketing.hpp"
#include "util/json_fields.hpp"

namespace unstuck::core {

//! Writes `files` as an array value.
void write_evidence_files(sdk::JsonWriter& w, const std::vector<sdk::EvidenceFile>& files);
//! Appends the files of the array under `key` (absent: none) to `files`; errors name the field.
sdk::Status read_evidence_files(const JsonFields& fields, const std::string& key,
                                std::vector<sdk::EvidenceFile>& files);

}  // namespace unstuck::core
