// The dashboard's static files: `/` answers index.html and `/ui/{file}` the files beside it. Only plain file
// names of the folder are served (letters, digits, `-`, `_`, one `.` before a known extension), never a
// path, so nothing outside the folder can be named. Each answer carries its media type, an ETag and
// `Cache-Control: no-cache` (the browser revalidates and gets 304 while the file is unchanged).
// `/ui/config.json` tells the page whether the API needs a token.
#include <array>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

#include "serve/dashboard_routes.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::core {
namespace {

struct MediaType {
    std::string_view extension;
    std::string_view type;
};

constexpr std::array<MediaType, 8> kMediaTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".json", "application/json"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
}};

std::string_view media_type(std::string_view name) {
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return {};
    auto extension = name.substr(dot);
    for (const auto& m : kMediaTypes)
        if (m.extension == extension) return m.type;
    return {};
}

// A plain file name: [A-Za-z0-9_-]+ '.' [a-z]+, nothing else.
bool safe_name(std::string_view name) {
    if (name.empty() || name.size() > 100) return false;
    auto dot = name.find('.');
    if (dot == 0 || dot == std::string_view::npos || name.find('.', dot + 1) != std::string_view::npos)
        return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_' || i == dot;
        if (!ok) return false;
    }
    return !media_type(name).empty();
}

ApiResponse static_file(const std::filesystem::path& dir, std::string_view name, const ApiRequest& request) {
    if (!safe_name(name)) return api_error(404, "not_found", "no such dashboard file");
    const auto file = dir / std::string(name);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        return api_error(404, "not_found", "no such dashboard file: " + std::string(name));
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return api_error(500, "internal", "cannot read dashboard file " + std::string(name));
    ApiResponse response;
    response.body = std::move(text).str();
    const std::string etag = "\"" + kit::to_hex(kit::sha256(response.body)).substr(0, 32) + "\"";
    response.content_type = std::string(media_type(name));
    response.headers.emplace_back("ETag", etag);
    response.headers.emplace_back("Cache-Control", "no-cache");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    if (name == "index.html") {
        response.headers.emplace_back(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'");
        response.headers.emplace_back("Referrer-Policy", "no-referrer");
    }
    if (auto match = request.header("If-None-Match"); match && *match == etag) {
        response.status = 304;
        response.body.clear();
    }
    return response;
}

}  // namespace

std::filesystem::path default_dashboard_dir() {
    std::error_code ec;
    // Installed beside the program (<prefix>/bin/unstuck, <prefix>/share/unstuck/dashboard), wherever the
    // prefix was moved; then where the build said it would be installed; then the source tree.
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::vector<std::filesystem::path> candidates;
    if (!ec) candidates.push_back(exe.parent_path().parent_path() / "share" / "unstuck" / "dashboard");
    candidates.emplace_back(UNSTUCK_INSTALLED_DASHBOARD_DIR);
    for (const auto& dir : candidates)
        if (std::filesystem::is_regular_file(dir / "index.html", ec)) return dir.lexically_normal();
    return std::filesystem::path(UNSTUCK_SOURCE_DASHBOARD_DIR);
}

void add_dashboard_routes(ApiRouter& router, ServeContext& context) {
    const auto dir =
        context.options.dashboard_dir.empty() ? default_dashboard_dir() : context.options.dashboard_dir;
    router.add("GET", "/", Scope::kNone,
               [dir](const ApiRequest& request) { return static_file(dir, "index.html", request); });
    // Whether the API wants a token, so the page asks for one only then (no token is ever revealed here).
    router.add("GET", "/ui/config.json", Scope::kNone, [&context](const ApiRequest&) {
        auto response = api_json(
            200, context.options.auth_none ? R"({"auth_required":false})" : R"({"auth_required":true})");
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
    });
    router.add("GET", "/ui/{file}", Scope::kNone, [dir](const ApiRequest& request) {
        return static_file(dir, request.params.at("file"), request);
    });
}

}  // namespace unstuck::core
