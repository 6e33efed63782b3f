#include "unstuck/core/disputes/dispute_routes.hpp"

#include <algorithm>

namespace unstuck::core {

using sdk::Error;

sdk::Status DisputeRoutes::check_codes(const Policy& policy) const {
    for (const auto& route : routes_) {
        for (std::size_t i = 0; i < route.codes.size(); ++i) {
            if (policy.all_paths.count(route.codes[i])) continue;
            std::string known;
            for (const auto& [code, path] : policy.all_paths) known += (known.empty() ? "" : ", ") + code;
            std::string path = route.where + ".code";
            if (route.codes.size() > 1) path += "[" + std::to_string(i) + "]";
            return Error{path + ": unknown dispute code \"" + route.codes[i] + "\" (known: " + known + ")"};
        }
    }
    return {};
}

const DisputeRoute* DisputeRoutes::route(std::string_view marketplace, std::string_view shop,
                                         std::string_view code) const {
    for (const auto& r : routes_)
        if (r.matches(marketplace, shop, code)) return &r;
    return nullptr;
}

std::vector<std::string> DisputeRoutes::backends() const {
    std::vector<std::string> out;
    for (const auto& r : routes_)
        if (std::find(out.begin(), out.end(), r.backend) == out.end()) out.push_back(r.backend);
    return out;
}

}  // namespace unstuck::core
