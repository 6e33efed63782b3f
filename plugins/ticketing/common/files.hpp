#pragma once
// Reading evidence files for upload.

#include <string>
#include <vector>

#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::ticketing {

//! The whole file; the error names the file and the reason.
sdk::Result<std::string> read_file(const std::string& path);

//! Every file's bytes, in order, read before anything is sent: a file that cannot be read stops the filing
//! before the backend sees any of it.
sdk::Result<std::vector<std::string>> read_files(const std::vector<sdk::EvidenceFile>& files);

}  // namespace unstuck::ticketing
