// A dispute's packet for the dashboard (read scope): `/v1/disputes/{key}/packet` gives the request as filed
// (path, form values, evidence files), the remote ticket and the states it went through as the store recorded
// them (dispute_history); `/v1/disputes/{key}/files/{index}` gives one evidence file of that request and
// nothing else: the index names a file the request recorded, never a path the caller chose.
#include <charconv>
#include <fstream>
#include <sstream>

#include "serve/dashboard_routes.hpp"
#include "unstuck/core/disputes/dispute_request_json.hpp"
#include "unstuck/core/store/dispute_event_json.hpp"
#include "unstuck/core/store/dispute_record_json.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::core {
namespace {

// Media types a browser may show inline; anything else is offered as a download.
bool inline_type(std::string_view type) {
    return type == "image/png" || type == "image/jpeg" || type == "image/gif" || type == "image/webp" ||
           type == "text/plain" || type == "text/csv" || type == "application/json" ||
           type == "application/pdf";
}

struct Found {
    std::optional<DisputeRecord> record;
    std::optional<sdk::DisputeRequest> request;
    std::optional<ApiResponse> error;
};

Found find(ServeContext& context, const std::string& key) {
    Found out;
    auto record = context.store.find_dispute(key);
    if (!record) {
        out.error = api_error(503, "unavailable", record.error().message);
        return out;
    }
    if (!*record) {
        out.error = api_error(404, "not_found", "no dispute " + key);
        return out;
    }
    out.record = **record;
    auto request = parse_dispute_request(out.record->request_json);
    if (request) out.request = std::move(*request);
    return out;
}

ApiResponse packet(ServeContext& context, const ApiRequest& request) {
    auto found = find(context, request.params.at("key"));
    if (found.error) return *found.error;
    const auto& d = *found.record;
    auto history = context.store.dispute_history(d.key);
    if (!history) return api_error(503, "unavailable", history.error().message);
    std::string body;
    sdk::JsonWriter w(body);
    w.begin_object().key("dispute");
    write_json(w, d);
    w.key("request");
    if (!found.request) {
        w.null();
    } else {
        const auto& r = *found.request;
        w.begin_object().field("code", r.code).key("path").begin_array();
        for (const auto& p : r.path) w.value(p);
        w.end_array().key("packages").begin_array();
        for (const auto& p : r.packages)
            w.begin_object()
                .field("package_id", p.package_id)
                .field("tracking_number", p.tracking_number)
                .field("carrier", p.carrier)
                .end_object();
        w.end_array().key("facts").begin_array();
        for (const auto& f : r.facts)
            w.begin_object().field("kind", f.kind).field("value", f.value).end_object();
        w.end_array().key("files").begin_array();
        for (std::size_t i = 0; i < r.files.size(); ++i) {
            const auto& f = r.files[i];
            std::error_code ec;
            const bool present = std::filesystem::is_regular_file(f.path, ec);
            w.begin_object().field("index", static_cast<std::int64_t>(i)).field("name", f.name);
            w.field("media_type", f.media_type).field("available", present);
            w.field("inline", inline_type(f.media_type)).end_object();
        }
        w.end_array().field("explanation", r.explanation).end_object();
    }
    w.key("history");
    write_json(w, *history);
    w.end_object();
    return api_json(200, std::move(body));
}

ApiResponse file(ServeContext& context, const ApiRequest& request) {
    auto found = find(context, request.params.at("key"));
    if (found.error) return *found.error;
    const auto& text = request.params.at("index");
    std::size_t index = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
    if (ec != std::errc() || end != text.data() + text.size() || !found.request ||
        index >= found.request->files.size())
        return api_error(404, "not_found", "no evidence file " + text + " in dispute " + found.record->key);
    const auto& f = found.request->files[index];
    std::ifstream in(f.path, std::ios::binary);
    if (!in) return api_error(404, "not_found", "evidence file " + f.name + " is no longer on disk");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    ApiResponse response;
    response.body = std::move(bytes).str();
    const bool show = inline_type(f.media_type);
    response.content_type = show ? f.media_type : "application/octet-stream";
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    response.headers.emplace_back("Cache-Control", "private, max-age=300");
    response.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
    std::string safe;
    for (char c : f.name) safe += (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
    response.headers.emplace_back(
        "Content-Disposition", std::string(show ? "inline" : "attachment") + "; filename=\"" + safe + "\"");
    return response;
}

}  // namespace

void add_dispute_packet_routes(ApiRouter& router, ServeContext& context) {
    router.add("GET", "/v1/disputes/{key}/packet", Scope::kRead,
               [&context](const ApiRequest& request) { return packet(context, request); });
    router.add("GET", "/v1/disputes/{key}/files/{index}", Scope::kRead,
               [&context](const ApiRequest& request) { return file(context, request); });
}

}  // namespace unstuck::core
