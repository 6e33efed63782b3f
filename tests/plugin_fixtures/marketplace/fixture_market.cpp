// fixture-market: a marketplace plugin for tests, steered through files its config names.
//
// - `orders_file`: {"<shop_id>": [page, ...]}, a page {"orders": [order case, ...], "errors": [{"order_id",
//   "message"}]}. shops() lists its shops; changed_orders(shop, cursor) gives page N for cursor "N" (empty:
//   0), next cursor "N+1", more while pages follow; past the last page an empty page that keeps the cursor.
//   order(shop, id) finds the order case in the shop's pages.
// - `control_file`: {"update": {"<package_id>": outcome}, "find": {"<package_id>": outcome},
//   "pull": {"<shop_id>": outcome}, "order": {"<order_id>": outcome}}, outcome `ok`, `retry`, `rejected`,
//   `not_found` or `throw`. Defaults: update ok; find ok when an earlier update of the key answered ok (this
//   object's, or one in the log file), else not_found; pull and order ok.
// - `log_file`: every call appended as one JSON line {"call", "outcome", ...the call's arguments}.
// - `push_token`: a push carries it as `X-Fixture-Token`; its body {"id", "orders": [{"shop_id", "order_id",
//   "what"}]}.
// Both files are read at every call, so a test changes the answers between sweeps.

#include <simdjson.h>

#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include "unstuck/sdk/export.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace fixture {

namespace sdk = unstuck::sdk;

std::string read_file(const std::string& path) {
    if (path.empty()) return {};
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

class FixtureMarket : public sdk::MarketplacePlugin {
  public:
    explicit FixtureMarket(const sdk::HostServices& host) {
        if (!host.config) throw std::invalid_argument("the host lent no config");
        orders_file_ = host.config->get_string("orders_file");
        control_file_ = host.config->get_string("control_file");
        log_file_ = host.config->get_string("log_file");
        push_token_ = host.config->get_string("push_token");
    }

    std::vector<std::string> shops() override {
        std::vector<std::string> out;
        simdjson::dom::parser parser;
        std::string text = read_file(orders_file_);
        simdjson::dom::object shops;
        if (!text.empty() && !parser.parse(text).get(shops))
            for (auto field : shops) out.emplace_back(field.key);
        log(R"({"call":"shops"})");
        return out;
    }

    sdk::MarketplaceResult<sdk::OrderPage> changed_orders(std::string_view shop_id,
                                                          std::string_view cursor) override {
        std::string outcome = control("pull", shop_id);
        log_call("changed_orders", outcome, {{"shop_id", shop_id}, {"cursor", cursor}});
        if (outcome != "ok") return failure<sdk::OrderPage>(outcome, "pull of shop " + std::string(shop_id));
        std::size_t index = 0;
        if (!cursor.empty()) {
            try {
                index = std::stoul(std::string(cursor));
            } catch (const std::exception&) {
                return sdk::MarketplaceResult<sdk::OrderPage>::rejected("cursor \"" + std::string(cursor) +
                                                                        "\": not a page number");
            }
        }
        simdjson::dom::parser parser;
        std::string text = read_file(orders_file_);
        simdjson::dom::array pages;
        sdk::OrderPage page;
        if (text.empty() || parser.parse(text)[shop_id].get(pages) || index >= pages.size()) {
            page.next_cursor = std::string(cursor);
            return sdk::MarketplaceResult<sdk::OrderPage>::ok(std::move(page));
        }
        simdjson::dom::element current = pages.at(index);
        simdjson::dom::array orders, errors;
        if (!current["orders"].get(orders))
            for (auto order : orders) page.orders.push_back(simdjson::to_string(order));
        if (!current["errors"].get(errors))
            for (auto error : errors) {
                std::string_view id, message;
                if (error["order_id"].get(id)) id = {};
                if (error["message"].get(message)) message = {};
                page.errors.push_back({std::string(id), std::string(message)});
            }
        page.next_cursor = std::to_string(index + 1);
        page.more = index + 1 < pages.size();
        return sdk::MarketplaceResult<sdk::OrderPage>::ok(std::move(page));
    }

    sdk::MarketplaceResult<std::string> order(std::string_view shop_id, std::string_view order_id) override {
        std::string outcome = control("order", order_id);
        log_call("order", outcome, {{"shop_id", shop_id}, {"order_id", order_id}});
        if (outcome != "ok") return failure<std::string>(outcome, "order " + std::string(order_id));
        simdjson::dom::parser parser;
        std::string text = read_file(orders_file_);
        simdjson::dom::array pages;
        if (!text.empty() && !parser.parse(text)[shop_id].get(pages))
            for (auto page : pages) {
                simdjson::dom::array orders;
                if (page["orders"].get(orders)) continue;
                for (auto order : orders) {
                    std::string_view id;
                    if (!order["order_id"].get(id) && id == order_id)
                        return sdk::MarketplaceResult<std::string>::ok(simdjson::to_string(order));
                }
            }
        return sdk::MarketplaceResult<std::string>::not_found();
    }

    sdk::MarketplaceResult<sdk::PodReceipt> update_delivery_status(const sdk::PodUpdate& update) override {
        std::string outcome = control("update", update.package_id, "ok");
        log_update("update_delivery_status", outcome, update);
        if (outcome != "ok") return failure<sdk::PodReceipt>(outcome, "package " + update.package_id);
        std::lock_guard lock(mutex_);
        applied_.insert(update.key);
        return sdk::MarketplaceResult<sdk::PodReceipt>::ok(
            {update.package_id, "https://market.invalid/pod/" + update.package_id});
    }

    sdk::MarketplaceResult<sdk::PodReceipt> find_delivery_status(const sdk::PodUpdate& update) override {
        std::string outcome = control("find", update.package_id, "");
        if (outcome.empty()) {
            std::lock_guard lock(mutex_);
            // Applied by this object, or by an earlier process that logged to the same file.
            const std::string logged =
                R"({"call":"update_delivery_status","outcome":"ok","key":")" + update.key + "\"";
            outcome = applied_.count(update.key) || read_file(log_file_).find(logged) != std::string::npos
                          ? "ok"
                          : "not_found";
        }
        log_update("find_delivery_status", outcome, update);
        if (outcome != "ok") return failure<sdk::PodReceipt>(outcome, "package " + update.package_id);
        return sdk::MarketplaceResult<sdk::PodReceipt>::ok({update.package_id, ""});
    }

    sdk::MarketplacePushResult receive(const sdk::WebhookRequest& request) override {
        auto token = request.header("X-Fixture-Token");
        if (!token) return sdk::MarketplacePushResult::unsigned_push("no X-Fixture-Token header");
        if (push_token_.empty() || *token != push_token_)
            return sdk::MarketplacePushResult::bad_signature("X-Fixture-Token does not match");
        simdjson::dom::parser parser;
        simdjson::dom::object body;
        if (parser.parse(request.body.data(), request.body.size()).get(body))
            return sdk::MarketplacePushResult::malformed("body: not a JSON object");
        sdk::MarketplacePush push;
        std::string_view id;
        if (!body["id"].get(id)) push.delivery_id = std::string(id);
        simdjson::dom::array orders;
        if (!body["orders"].get(orders))
            for (auto o : orders) {
                std::string_view shop, order, what;
                if (o["shop_id"].get(shop) || o["order_id"].get(order))
                    return sdk::MarketplacePushResult::malformed(
                        "orders[]: shop_id and order_id are required");
                if (o["what"].get(what)) what = {};
                push.orders.push_back({std::string(shop), std::string(order), std::string(what)});
            }
        log_call("receive", "accepted", {{"id", push.delivery_id}});
        return sdk::MarketplacePushResult::accepted(std::move(push));
    }

  private:
    // The outcome the control file names for `id` under `section`, else `fallback`.
    std::string control(std::string_view section, std::string_view id, std::string fallback = "ok") const {
        std::string text = read_file(control_file_);
        if (text.empty()) return fallback;
        simdjson::dom::parser parser;
        std::string_view outcome;
        if (parser.parse(text)[section][id].get(outcome)) return fallback;
        return std::string(outcome);
    }

    template <typename T>
    static sdk::MarketplaceResult<T> failure(const std::string& outcome, const std::string& what) {
        if (outcome == "throw") throw std::runtime_error("fixture-market: " + what + " threw as told");
        if (outcome == "retry")
            return sdk::MarketplaceResult<T>::retry("fixture-market: " + what + ": try again",
                                                    std::chrono::seconds(30));
        if (outcome == "not_found") return sdk::MarketplaceResult<T>::not_found();
        return sdk::MarketplaceResult<T>::rejected("fixture-market: " + what + ": refused as told");
    }

    void log_call(std::string_view call, std::string_view outcome,
                  std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
        std::string line;
        sdk::JsonWriter w(line);
        w.begin_object().field("call", call).field("outcome", outcome);
        for (const auto& [k, v] : fields) w.field(k, v);
        w.end_object();
        log(line);
    }

    void log_update(std::string_view call, std::string_view outcome, const sdk::PodUpdate& u) {
        std::string line;
        sdk::JsonWriter w(line);
        w.begin_object().field("call", call).field("outcome", outcome).field("key", u.key);
        w.field("shop_id", u.shop_id).field("order_id", u.order_id).field("package_id", u.package_id);
        w.field("tracking_number", u.tracking_number).field("delivered_at", sdk::format_utc(u.delivered_at));
        w.key("proof").begin_array();
        for (const auto& f : u.proof)
            w.begin_object()
                .field("name", f.name)
                .field("path", f.path)
                .field("media_type", f.media_type)
                .end_object();
        w.end_array().field("proof_url", u.proof_url).end_object();
        log(line);
    }

    void log(const std::string& line) {
        if (log_file_.empty()) return;
        std::lock_guard lock(mutex_);
        std::ofstream out(log_file_, std::ios::app | std::ios::binary);
        out << line << '\n';
    }

    std::string orders_file_, control_file_, log_file_, push_token_;
    std::mutex mutex_;
    std::set<std::string> applied_;
};

}  // namespace fixture

UNSTUCK_MARKETPLACE_PLUGIN(fixture::FixtureMarket, "fixture-market", "1.0.0", "unstuck")
