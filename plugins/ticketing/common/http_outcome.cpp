#include "ticketing/common/http_outcome.hpp"

namespace unstuck::ticketing {

Failure transport_failure(std::string_view backend, std::string_view action, const sdk::HttpError& error) {
    Failure f;
    f.retry = error.transient();
    f.message = std::string(backend) + ": " + std::string(action) + ": " + error.message;
    return f;
}

Failure response_failure(std::string_view backend, std::string_view action, const sdk::HttpResponse& response,
                         std::string_view detail) {
    Failure f;
    std::string head =
        std::string(backend) + ": " + std::string(action) + ": HTTP " + std::to_string(response.status);
    std::string tail = detail.empty() ? std::string() : ": " + std::string(detail);
    if (response.status == 429) {
        f.retry = true;
        f.retry_after = response.retry_after();
        f.message = head + " (rate limited" +
                    (f.retry_after ? ", retry after " + std::to_string(f.retry_after->count()) + " s" : "") +
                    ")" + tail;
    } else if (response.status >= 500) {
        f.retry = true;
        f.retry_after = response.retry_after();
        f.message = head + " (server error)" + tail;
    } else if (response.status == 401 || response.status == 403) {
        f.message =
            head + " (bad credentials or no permission: check the email and api_token secrets)" + tail;
    } else {
        f.message = head + tail;
    }
    return f;
}

sdk::Result<sdk::HttpResponse, Failure> exchange(sdk::Http& http, const sdk::HttpRequest& request,
                                                 std::string_view backend, std::string_view action,
                                                 std::string (*detail)(std::string_view body)) {
    auto res = http.send(request);
    if (!res) return transport_failure(backend, action, res.error());
    if (!is_success(res->status)) return response_failure(backend, action, *res, detail(res->body));
    return std::move(res).value();
}

std::optional<simdjson::dom::element> parse_json(simdjson::dom::parser& parser, std::string_view body) {
    simdjson::dom::element root;
    if (parser.parse(body.data(), body.size(), true).get(root)) return std::nullopt;
    return root;
}

std::string string_at(simdjson::dom::element root, std::string_view pointer) {
    std::string_view s;
    if (root.at_pointer(pointer).get_string().get(s)) return {};
    return std::string(s);
}

std::string scalar_at(simdjson::dom::element root, std::string_view pointer) {
    simdjson::dom::element e;
    if (root.at_pointer(pointer).get(e)) return {};
    if (std::string_view s; !e.get_string().get(s)) return std::string(s);
    if (std::int64_t i; !e.get_int64().get(i)) return std::to_string(i);
    if (std::uint64_t u; !e.get_uint64().get(u)) return std::to_string(u);
    return {};
}

}  // namespace unstuck::ticketing
