// `/healthz` (the process runs), `/readyz` (the store answers, plugins are loaded), `/metrics`, and
// `/v1/whoami` (the caller's token name and scopes, to check a token).
#include "serve/routes.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::core {

void add_health_routes(ApiRouter& router, ServeContext& context) {
    router.add("GET", "/healthz", Scope::kNone,
               [](const ApiRequest&) { return api_json(200, R"({"status":"ok"})"); });
    router.add("GET", "/readyz", Scope::kNone, [&context](const ApiRequest&) {
        std::string reason;
        if (auto version = context.store.schema_version(); !version)
            reason = "the store does not answer: " + version.error().message;
        else if (context.plugins.names("carrier").empty())
            reason = "no carrier plugin is loaded";
        std::string body;
        sdk::JsonWriter w(body);
        w.begin_object().field("status", reason.empty() ? "ready" : "unavailable");
        if (!reason.empty()) w.field("reason", reason);
        w.end_object();
        return api_json(reason.empty() ? 200 : 503, std::move(body));
    });
    router.add("GET", "/v1/whoami", Scope::kRead, [&context](const ApiRequest& request) {
        bool read = true, write = context.options.auth_none;
        for (const auto& token : context.options.tokens) {
            if (token.name != request.principal) continue;
            read = token.read;
            write = token.write;
        }
        std::string body;
        sdk::JsonWriter w(body);
        w.begin_object().key("principal").value_or_null(request.principal);
        w.key("scopes").begin_array();
        if (read) w.value("read");
        if (write) w.value("write");
        w.end_array().end_object();
        return api_json(200, std::move(body));
    });
    router.add("GET", "/metrics", Scope::kNone, [&context](const ApiRequest&) {
        auto response = api_json(200, context.metrics.serialize());
        response.content_type = "text/plain; version=0.0.4; charset=utf-8";
        return response;
    });
}

}  // namespace unstuck::core
