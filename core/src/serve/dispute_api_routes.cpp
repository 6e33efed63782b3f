// `/v1/disputes`: the disputes the store holds, page by page with filters, and one by its key with the states
// it went through.
#include <algorithm>
#include <cctype>

#include "serve/api_inputs.hpp"
#include "serve/routes.hpp"
#include "unstuck/core/store/dispute_event_json.hpp"
#include "unstuck/core/store/dispute_record_json.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::core {
namespace {

ApiResponse list(ServeContext& context, const ApiRequest& request) {
    auto page = read_page(request, &is_dispute_cursor);
    if (auto* error = std::get_if<ApiResponse>(&page)) return *error;
    const auto& params = std::get<PageParams>(page);

    DisputeQuery query;
    if (auto state = request.query_value("state"); state && !state->empty()) {
        std::string upper = *state;
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        query.state = parse_dispute_state(upper);
        if (!query.state)
            return api_error(400, "invalid_field",
                             "state: \"" + *state + "\" is not a dispute state (PENDING, FILED or REJECTED)",
                             "state");
    }
    query.backend = request.query_value("backend").value_or("");
    query.order_key = request.query_value("order_key").value_or("");

    auto found = context.store.list_disputes(query, params.limit, params.cursor);
    if (!found) return store_failure(found.error());
    std::string body;
    sdk::JsonWriter w(body);
    w.begin_object().key("disputes").begin_array();
    for (const auto& d : found->disputes) write_json(w, d);
    w.end_array();
    w.key("next_cursor").value_or_null(found->next_cursor);
    w.end_object();
    return api_json(200, std::move(body));
}

ApiResponse one(ServeContext& context, const ApiRequest& request) {
    const auto& key = request.params.at("key");
    auto found = context.store.find_dispute(key);
    if (!found) return store_failure(found.error());
    if (!*found) return api_error(404, "not_found", "dispute " + key + ": not in the store");
    auto history = context.store.dispute_history(key);
    if (!history) return store_failure(history.error());
    std::string body;
    sdk::JsonWriter w(body);
    w.begin_object().key("dispute");
    write_json(w, **found);
    w.key("history");
    write_json(w, *history);
    w.end_object();
    return api_json(200, std::move(body));
}

}  // namespace

void add_dispute_routes(ApiRouter& router, ServeContext& context) {
    router.add("GET", "/v1/disputes", Scope::kRead,
               [&context](const ApiRequest& request) { return list(context, request); });
    router.add("GET", "/v1/disputes/{key}", Scope::kRead,
               [&context](const ApiRequest& request) { return one(context, request); });
}

}  // namespace unstuck::core
