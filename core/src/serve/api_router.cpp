#include "serve/api_router.hpp"

#include <stdexcept>

namespace unstuck::core {
namespace {

std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> parts;
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    std::size_t start = 0;
    for (std::size_t i = 0; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == '/') {
            parts.push_back(path.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

bool is_variable(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void ApiRouter::add(std::string method, std::string pattern, Scope scope, Handler handler) {
    if (pattern.empty() || pattern.front() != '/')
        throw std::invalid_argument("route pattern must start with /");
    Route route{std::move(method), std::move(pattern), scope, std::move(handler), {}, 0};
    for (auto segment : split(route.pattern)) {
        route.segments.emplace_back(segment);
        if (!is_variable(segment)) ++route.literals;
    }
    routes_.push_back(std::move(route));
}

ApiRouter::Match ApiRouter::find(std::string_view method, std::string_view path) const {
    Match match;
    const auto parts = split(path);
    const Route* best = nullptr;
    const Route* best_any = nullptr;
    for (const auto& route : routes_) {
        if (route.segments.size() != parts.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < parts.size() && same; ++i)
            if (!is_variable(route.segments[i])) same = route.segments[i] == parts[i];
        if (!same) continue;
        if (!best_any || route.literals > best_any->literals) best_any = &route;
        if (route.method == method && (!best || route.literals > best->literals)) best = &route;
    }
    if (!best) {
        if (!best_any) return match;
        match.pattern = best_any->pattern;
        // The methods of the paths as specific as the best one.
        for (const auto& route : routes_) {
            if (route.segments != best_any->segments) continue;
            if (match.allow.find(route.method) != std::string::npos) continue;
            match.allow += (match.allow.empty() ? "" : ", ") + route.method;
        }
        return match;
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (!is_variable(best->segments[i])) continue;
        auto decoded = percent_decode(parts[i]);
        if (!decoded) {
            match.bad_escape = true;
            return match;
        }
        const auto& name = best->segments[i];
        match.params[name.substr(1, name.size() - 2)] = std::move(*decoded);
    }
    match.route = best;
    match.pattern = best->pattern;
    return match;
}

}  // namespace unstuck::core
