// `/v1/orders`: submit order cases (one, or a batch of up to 1000) to be decided at once by the sweep's
// per-order step at the service clock, read an order's latest decision and history, list orders page by page.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <simdjson.h>

#include "serve/api_inputs.hpp"
#include "serve/order_json.hpp"
#include "serve/routes.hpp"
#include "unstuck/core/policy/order_reader.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {
namespace {

// Submissions of one order in this process take turns: the second finds the first's disputes in the store
// and files nothing again. (The scheduler and other hosts are kept apart by the store's claims and unique
// dispute keys.)
class OrderTurns {
  public:
    class Turn {
      public:
        Turn(OrderTurns& turns, std::string key) : turns_(turns), key_(std::move(key)) {
            std::unique_lock lock(turns_.mutex_);
            turns_.done_.wait(lock, [&] { return !turns_.busy_.contains(key_); });
            turns_.busy_.insert(key_);
        }
        ~Turn() {
            {
                std::lock_guard lock(turns_.mutex_);
                turns_.busy_.erase(key_);
            }
            turns_.done_.notify_all();
        }
        Turn(const Turn&) = delete;
        Turn& operator=(const Turn&) = delete;

      private:
        OrderTurns& turns_;
        std::string key_;
    };

  private:
    std::mutex mutex_;
    std::condition_variable done_;
    std::set<std::string, std::less<>> busy_;
};

// One submitted case: the order as recorded, or the error to answer.
struct Submitted {
    std::string order_key;  // empty when the case could not be read
    std::optional<OrderRecord> order;
    ApiResponse error;
};

class OrderApi {
  public:
    explicit OrderApi(ServeContext& context) : c_(context) {}

    ApiResponse post(const ApiRequest& request) {
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        if (auto err = parser.parse(request.body).get(root))
            return api_error(400, "bad_request",
                             std::string("body: malformed JSON: ") + simdjson::error_message(err));
        simdjson::dom::element orders;
        if (!root.is_object() || root.get_object()["orders"].get(orders) != simdjson::SUCCESS)
            return answer(submit(request.body, nullptr));
        simdjson::dom::array items;
        if (orders.get_array().get(items))
            return api_error(400, "invalid_field", "orders: expected an array of order cases", "orders");
        if (items.size() == 0)
            return api_error(400, "invalid_field", "orders: needs at least one order case", "orders");
        if (items.size() > kMaxPage)
            return api_error(400, "invalid_field",
                             "orders: at most " + std::to_string(kMaxPage) + " order cases a request, got " +
                                 std::to_string(items.size()),
                             "orders");
        // The cases are decided on `sweep.concurrency` threads (the same order twice takes turns); the
        // results keep the batch's order.
        std::vector<std::string> cases;
        cases.reserve(items.size());
        for (auto item : items) cases.push_back(simdjson::minify(item));
        std::vector<Submitted> results(cases.size());
        std::atomic<std::size_t> next{0};
        auto work = [&] {
            for (std::size_t i; (i = next.fetch_add(1)) < cases.size();)
                results[i] = submit(cases[i], nullptr);
        };
        const std::size_t threads = std::clamp<std::size_t>(c_.config.sweep.concurrency, 1, cases.size());
        std::vector<std::thread> pool;
        for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
        for (auto& t : pool) t.join();

        std::string body;
        sdk::JsonWriter w(body);
        w.begin_object().key("results").begin_array();
        std::int64_t index = 0;
        for (const auto& done : results) {
            w.begin_object().field("index", index++);
            if (!done.order_key.empty()) w.field("order_key", done.order_key);
            if (done.order) {
                w.field("status", 200).key("order");
                write_order_summary(w, *done.order, true);
            } else {
                w.field("status", done.error.status).key("error").raw(error_object(done.error.body));
            }
            w.end_object();
        }
        w.end_array().end_object();
        return api_json(200, std::move(body));
    }

    ApiResponse put(const ApiRequest& request) {
        const auto& key = request.params.at("order_key");
        return answer(submit(request.body, &key));
    }

    ApiResponse get(const ApiRequest& request) {
        auto ref = order_in_path(request);
        if (!ref) return unknown(request);
        auto found = c_.store.find_order(*ref);
        if (!found) return store_failure(found.error());
        if (!*found) return unknown(request);
        return order_answer(**found);
    }

    ApiResponse history(const ApiRequest& request) {
        auto ref = order_in_path(request);
        if (!ref) return unknown(request);
        auto found = c_.store.find_order(*ref);
        if (!found) return store_failure(found.error());
        if (!*found) return unknown(request);
        auto entries = c_.store.history(*ref);
        if (!entries) return store_failure(entries.error());
        std::string body;
        sdk::JsonWriter w(body);
        w.begin_object().key("history").begin_array();
        for (const auto& e : *entries) write_history_entry(w, e);
        w.end_array().end_object();
        return api_json(200, std::move(body));
    }

    ApiResponse list(const ApiRequest& request) {
        auto page = read_page(request, &is_order_cursor);
        if (auto* error = std::get_if<ApiResponse>(&page)) return *error;
        const auto& params = std::get<PageParams>(page);
        OrderQuery query;
        query.action = request.query_value("action").value_or("");
        query.rule = request.query_value("rule").value_or("");
        if (auto due = request.query_value("due_before"); due && !due->empty()) {
            auto at = sdk::parse_timestamp(*due);
            if (!at)
                return api_error(400, "invalid_field", "due_before: " + at.error().message, "due_before");
            query.due_before = *at;
        }
        auto found = c_.store.list_orders(query, params.limit, params.cursor);
        if (!found) return store_failure(found.error());
        std::string body;
        sdk::JsonWriter w(body);
        w.begin_object().key("orders").begin_array();
        for (const auto& o : found->orders) write_order_summary(w, o, false);
        w.end_array();
        w.key("next_cursor").value_or_null(found->next_cursor);
        w.end_object();
        return api_json(200, std::move(body));
    }

  private:
    // Reads the case, checks it against the path's key, runs the sweep's per-order step on it at the
    // service clock and reads the order back as recorded.
    Submitted submit(std::string_view json, const std::string* path_key) {
        Submitted out;
        OrderReader reader;
        auto parsed = reader.read(json);
        if (!parsed) {
            out.error = bad_input(parsed.error().message);
            return out;
        }
        const OrderRef ref = OrderRef::of(*parsed);
        out.order_key = ref.key();
        if (path_key && *path_key != out.order_key) {
            out.error = key_mismatch(ref, *path_key);
            return out;
        }

        SweepSummary part;
        {
            OrderTurns::Turn turn(turns_, out.order_key);
            c_.sweep.process(json, part, 0, c_.clock());
        }
        c_.metrics.count(part);
        const std::string first = part.errors.empty() ? std::string("no reason given") : part.errors.front();
        const std::string who = "order " + parsed->order_id + ": ";
        if (part.bad_lines) {
            out.error =
                bad_input(first.starts_with(who) ? std::string_view(first).substr(who.size()) : first);
            return out;
        }
        if (part.skipped) {
            out.error = api_error(
                409, "conflict",
                "order " + out.order_key + ": another host is checking it now; submit it again in a moment");
            return out;
        }
        if (part.failed || part.decided == 0) {
            out.error = api_error(503, "unavailable", first + " (nothing was recorded; submit it again)");
            return out;
        }
        auto found = c_.store.find_order(ref);
        if (!found) {
            out.error = store_failure(found.error());
            return out;
        }
        if (!*found) {
            out.error = api_error(
                500, "internal", "order " + out.order_key + ": decided but not found in the store: " + first);
            return out;
        }
        out.order = std::move(**found);
        if (c_.wake_scheduler) c_.wake_scheduler();
        return out;
    }

    // 400 naming the first part of the case's key that differs from the path's.
    static ApiResponse key_mismatch(const OrderRef& ref, const std::string& path_key) {
        std::string field = "order_id";
        if (auto path = parse_order_key(path_key)) {
            if (path->marketplace != ref.marketplace)
                field = "marketplace";
            else if (path->shop_id != ref.shop_id)
                field = "shop_id";
        }
        return api_error(
            400, "invalid_field",
            field + ": the case's order key " + ref.key() + " differs from the path's " + path_key, field);
    }

    static std::optional<OrderRef> order_in_path(const ApiRequest& request) {
        return parse_order_key(request.params.at("order_key"));
    }

    static ApiResponse unknown(const ApiRequest& request) {
        return api_error(404, "not_found", "order " + request.params.at("order_key") + ": not in the store");
    }

    static ApiResponse order_answer(const OrderRecord& order) {
        std::string body;
        sdk::JsonWriter w(body);
        w.begin_object().key("order");
        write_order_summary(w, order, true);
        w.end_object();
        return api_json(200, std::move(body));
    }

    static ApiResponse answer(const Submitted& done) {
        return done.order ? order_answer(*done.order) : done.error;
    }

    // The `{code, message, field}` object inside an error body `{"error": {...}}`.
    static std::string error_object(const std::string& body) {
        constexpr std::string_view kPrefix = "{\"error\":";
        if (body.starts_with(kPrefix) && body.ends_with('}'))
            return body.substr(kPrefix.size(), body.size() - kPrefix.size() - 1);
        return R"({"code":"internal","message":"an error without its object"})";
    }

    ServeContext& c_;
    OrderTurns turns_;
};

}  // namespace

void add_order_routes(ApiRouter& router, ServeContext& context) {
    auto api = std::make_shared<OrderApi>(context);
    router.add("POST", "/v1/orders", Scope::kWrite, [api](const ApiRequest& r) { return api->post(r); });
    router.add("GET", "/v1/orders", Scope::kRead, [api](const ApiRequest& r) { return api->list(r); });
    router.add("PUT", "/v1/orders/{order_key}", Scope::kWrite,
               [api](const ApiRequest& r) { return api->put(r); });
    router.add("GET", "/v1/orders/{order_key}", Scope::kRead,
               [api](const ApiRequest& r) { return api->get(r); });
    router.add("GET", "/v1/orders/{order_key}/history", Scope::kRead,
               [api](const ApiRequest& r) { return api->history(r); });
}

}  // namespace unstuck::core
