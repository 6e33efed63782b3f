#include "unstuck/kit/url_safe.hpp"

namespace unstuck::kit {

bool url_safe_number(std::string_view number) noexcept {
    if (number.empty() || number.size() > 64) return false;
    for (char c : number)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
    return true;
}

}  // namespace unstuck::kit
