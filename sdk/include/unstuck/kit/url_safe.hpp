#pragma once
//! Whether a tracking number may go into a URL path as it is.

#include <string_view>

namespace unstuck::kit {

//! True for 1 to 64 ASCII letters and digits: nothing that could change the URL's path or query.
bool url_safe_number(std::string_view number) noexcept;

}  // namespace unstuck::kit
