#pragma once
// Reading evidence files for upload.

#include <string>

#include "unstuck/sdk/result.hpp"

namespace unstuck::ticketing {

//! The whole file; the error names the file and the reason.
sdk::Result<std::string> read_file(const std::string& path);

}  // namespace unstuck::ticketing
