// `POST /v1/webhooks/{plugin}`: a carrier's push, verified by its plugin, guarded against replays, merged
// into the stored tracking of every order holding the numbers, which are re-decided at once; or a
// marketplace's push (a plugin of `sweep.marketplaces`), verified by its plugin, guarded the same way, each
// order it names read again from the marketplace and re-decided at once.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "serve/push_merger.hpp"
#include "serve/replay_guard.hpp"
#include "serve/routes.hpp"
#include "serve/webhook_routes.hpp"
#include "unstuck/core/marketplace/marketplace_sync.hpp"
#include "unstuck/core/policy/order_reader.hpp"
#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/model_json.hpp"
#include "unstuck/sdk/substatus_check.hpp"

namespace unstuck::core {
namespace {

// One order to re-decide, with what the push brings it.
struct PushedOrder {
    OrderRecord record;
    PushedTracking pushed;
    std::vector<TrackingSnapshot> snapshots;
};

// What the push did: updates taken, orders re-decided.
struct PushOutcome {
    std::size_t accepted = 0;
    std::size_t orders = 0;
};

class WebhookEndpoint {
  public:
    explicit WebhookEndpoint(ServeContext& context)
        : context_(context), guard_(std::chrono::seconds(context.options.webhooks.window_s)) {
        for (const auto& name : context_.config.sweep.marketplaces) {
            auto sync =
                std::make_unique<MarketplaceSync>(context_.plugins, context_.sweep, &context_.store, name);
            if (auto s = sync->prepare(); !s) {
                log()->error("webhook {}: {}", name, s.message());
                continue;
            }
            markets_.emplace(name, std::move(sync));
        }
    }

    ApiResponse handle(const ApiRequest& request) {
        const std::string& plugin = request.params.at("plugin");
        if (auto market = markets_.find(plugin); market != markets_.end())
            return handle_marketplace(plugin, *market->second, request);
        auto receiver = context_.plugins.webhook_receiver(plugin);
        if (!receiver) {
            log()->debug("webhook {}: {}", plugin, receiver.error().message);
            return api_error(404, "not_found",
                             "no carrier plugin or marketplace plugin of sweep.marketplaces \"" + plugin +
                                 "\" receives webhooks");
        }
        const sdk::Timestamp now = context_.clock();
        const std::string target = target_of(request);
        sdk::WebhookResult result = (*receiver)->receive(push_request(request, target, now));
        if (auto refused = refusal(plugin, result.kind, result.message)) return *refused;
        sdk::WebhookPush& push = result.push;
        if (auto problem = check_updates(push))
            return refuse(plugin, 400, "bad_request", "malformed", *problem, "");

        const std::string key = ReplayGuard::key_of(plugin, push.delivery_id, request.body);
        if (auto seen = replayed(plugin, push.signed_at, key, now, push.reply_body)) return *seen;

        PushOutcome outcome;
        try {
            auto done = apply(plugin, push, now);
            if (!done) {
                guard_.forget(key);  // the sender's retry must get through
                log()->error("webhook {}: {}", plugin, done.error().message);
                return api_error(503, "unavailable", "the push could not be stored; retry later");
            }
            outcome = *done;
        } catch (...) {
            guard_.forget(key);
            throw;
        }
        context_.metrics.webhook(plugin, "accepted");
        log()->info("webhook {}: accepted {} update(s), {} order(s) re-decided", plugin, outcome.accepted,
                    outcome.orders);
        return reply(push.reply_body, outcome, false);
    }

  private:
    // A marketplace's push: verified by the plugin, refused or acknowledged as a carrier's push is, then each
    // order it names read from the marketplace and re-decided at once. An order that could not be read or
    // decided is left to the next pull (its change moved it past the stored cursor), so the push is still
    // acknowledged.
    ApiResponse handle_marketplace(const std::string& plugin, MarketplaceSync& sync,
                                   const ApiRequest& request) {
        auto market = context_.plugins.marketplace(plugin);
        if (!market) {
            log()->error("webhook {}: {}", plugin, market.error().message);
            return api_error(503, "unavailable", "the marketplace plugin is not available; retry later");
        }
        const sdk::Timestamp now = context_.clock();
        const std::string target = target_of(request);
        sdk::MarketplacePushResult result = (*market)->receive(push_request(request, target, now));
        if (auto refused = refusal(plugin, result.kind, result.message)) return *refused;
        sdk::MarketplacePush& push = result.push;
        for (std::size_t i = 0; i < push.orders.size(); ++i)
            if (push.orders[i].order_id.empty())
                return refuse(plugin, 400, "bad_request", "malformed",
                              "orders[" + std::to_string(i) + "]: no order id", "");

        const std::string key = ReplayGuard::key_of(plugin, push.delivery_id, request.body);
        if (auto seen = replayed(plugin, push.signed_at, key, now, push.reply_body)) return *seen;

        PushOutcome outcome;
        outcome.accepted = push.orders.size();
        SweepSummary part;
        for (const auto& change : push.orders) {
            const std::uint64_t decided = part.decided;
            sync.refresh(change.shop_id, change.order_id, part, now);
            outcome.orders += part.decided - decided;
        }
        context_.metrics.marketplace_orders(plugin, part.pulled, part.pull_errors);
        context_.metrics.count(part);
        for (const auto& e : part.errors) log()->warn("webhook {}: {}", plugin, e);
        context_.metrics.webhook(plugin, "accepted");
        log()->info("webhook {}: accepted {} changed order(s), {} re-decided", plugin, outcome.accepted,
                    outcome.orders);
        return reply(push.reply_body, outcome, false);
    }

    // 200 with the plugin's reply body, else `{"accepted":N,"orders":M}` (and `"duplicate":true` for a
    // delivery received before).
    static ApiResponse reply(const std::string& reply_body, const PushOutcome& outcome, bool duplicate) {
        if (!reply_body.empty()) return api_json(200, reply_body);
        std::string body;
        sdk::JsonWriter w(body);
        w.begin_object();
        w.field("accepted", static_cast<std::int64_t>(outcome.accepted));
        w.field("orders", static_cast<std::int64_t>(outcome.orders));
        if (duplicate) w.field("duplicate", true);
        w.end_object();
        return api_json(200, std::move(body));
    }

    static std::shared_ptr<spdlog::logger> log() { return logger("serve.webhooks"); }

    // The path and query as the plugin sees them (the query re-encoded from its decoded parameters).
    static std::string target_of(const ApiRequest& request) {
        std::string target = request.path;
        char sep = '?';
        for (const auto& [name, value] : request.query) {
            target += sep;
            target += name;
            target += '=';
            target += value;
            sep = '&';
        }
        return target;
    }

    // The push as its plugin reads it; `target` outlives it.
    static sdk::WebhookRequest push_request(const ApiRequest& request, const std::string& target,
                                            sdk::Timestamp now) {
        sdk::WebhookRequest push;
        push.method = request.method;
        push.target = target;
        push.headers = request.headers;
        push.body = request.body;
        push.received_at = now;
        return push;
    }

    // The answer to a push its plugin did not accept (401 unsigned or badly signed, 400 malformed), or none.
    std::optional<ApiResponse> refusal(const std::string& plugin, sdk::WebhookResult::Kind kind,
                                       const std::string& message) {
        switch (kind) {
            case sdk::WebhookResult::Kind::kUnsigned:
                return refuse(plugin, 401, "unsigned", "unsigned", message, "the push is not signed");
            case sdk::WebhookResult::Kind::kBadSignature:
                return refuse(plugin, 401, "bad_signature", "bad_signature", message,
                              "the push's signature does not verify");
            case sdk::WebhookResult::Kind::kMalformed:
                return refuse(plugin, 400, "bad_request", "malformed", message,
                              "the push is not a document the plugin reads");
            case sdk::WebhookResult::Kind::kAccepted:
                break;
        }
        return std::nullopt;
    }

    // The answer to a push seen before: 409 when signed outside the replay window; 200 for a delivery
    // received within it (a sender retrying one whose answer it missed: acknowledged, so it stops, and
    // applied no second time); none for a fresh push.
    std::optional<ApiResponse> replayed(const std::string& plugin,
                                        const std::optional<sdk::Timestamp>& signed_at,
                                        const std::string& key, sdk::Timestamp now,
                                        const std::string& reply_body) {
        switch (guard_.check(signed_at, key, now)) {
            case ReplayGuard::Verdict::kOutsideWindow:
                return refuse(plugin, 409, "replayed", "replayed",
                              "signed outside the replay window of " +
                                  std::to_string(context_.options.webhooks.window_s) + " s",
                              "");
            case ReplayGuard::Verdict::kSeen:
                context_.metrics.webhook(plugin, "duplicate");
                log()->info("webhook {}: a delivery received before, acknowledged again", plugin);
                return reply(reply_body, PushOutcome{}, true);
            case ReplayGuard::Verdict::kFresh:
                break;
        }
        return std::nullopt;
    }

    ApiResponse refuse(const std::string& plugin, int status, std::string_view code, std::string_view outcome,
                       const std::string& why, std::string_view fallback) {
        context_.metrics.webhook(plugin, outcome);
        const std::string message = why.empty() ? std::string(fallback) : why;
        log()->warn("webhook {}: refused ({}): {}", plugin, outcome, message);
        return api_error(status, code, message);
    }

    // A push the host cannot take: an update without a number, or a shipment outside the model.
    static std::optional<std::string> check_updates(const sdk::WebhookPush& push) {
        for (std::size_t i = 0; i < push.updates.size(); ++i) {
            const auto& u = push.updates[i];
            const std::string where = "updates[" + std::to_string(i) + "]";
            if (u.tracking_number.empty()) return where + ": no tracking number";
            auto mismatches = sdk::find_substatus_mismatches(u.shipment);
            if (!mismatches.empty())
                return where + ": a shipment outside the model: " + sdk::describe(mismatches.front());
        }
        return std::nullopt;
    }

    // Merges each update into the stored tracking of the orders holding its number, stores it and
    // re-decides those orders on it.
    sdk::Result<PushOutcome> apply(const std::string& plugin, const sdk::WebhookPush& push,
                                   sdk::Timestamp now) {
        PushOutcome outcome;
        outcome.accepted = push.updates.size();
        std::map<std::string, PushedOrder> orders;
        {
            std::lock_guard lock(merge_mutex_);  // one read-merge-write of a snapshot at a time
            OrderReader reader;
            std::map<std::string, std::vector<TrackingSnapshot>> stored;  // by order key
            for (const auto& update : push.updates) {
                auto holding = context_.store.orders_with_tracking(update.tracking_number);
                if (!holding) return holding.error();
                for (auto& record : *holding) {
                    const std::string order_key = record.order.key();
                    if (record.order_json.empty()) continue;  // claimed, never decided: nothing to re-decide
                    auto order = reader.read(record.order_json);
                    if (!order) {
                        log()->warn("webhook {}: order {}: its stored case: {}", plugin, order_key,
                                    order.error().message);
                        continue;
                    }
                    auto held = stored.find(order_key);
                    if (held == stored.end()) {
                        auto snapshots = context_.store.snapshots(record.order);
                        if (!snapshots) return snapshots.error();
                        held = stored.emplace(order_key, std::move(*snapshots)).first;
                    }
                    PushedOrder& pending = orders[order_key];
                    for (const auto& p : order->packages) {
                        if (p.tracking_number != update.tracking_number) continue;
                        const std::string carrier = !p.carrier.empty()        ? p.carrier
                                                    : !update.carrier.empty() ? update.carrier
                                                                              : plugin;
                        sdk::Shipment merged =
                            merge_pushed(stored_shipment(held->second, p.ref(), p.tracking_number),
                                         update.shipment, carrier, p.tracking_number);
                        TrackingSnapshot snapshot{p.ref(), carrier, p.tracking_number, sdk::to_json(merged),
                                                  now};
                        // A later update of the same package in this push sees this one.
                        std::erase_if(held->second,
                                      [&](const TrackingSnapshot& s) { return s.package == p.ref(); });
                        held->second.push_back(snapshot);
                        pending.snapshots.push_back(std::move(snapshot));
                        pending.pushed[p.tracking_number] = std::move(merged);
                    }
                    if (pending.snapshots.empty()) {
                        orders.erase(order_key);
                        continue;
                    }
                    pending.record = std::move(record);
                }
            }
            for (auto& [order_key, pending] : orders)
                if (auto s = context_.store.save_snapshots(pending.record.order, pending.snapshots); !s)
                    return sdk::Error{s.message()};
        }
        for (auto& [order_key, pending] : orders) {
            SweepSummary part;
            context_.sweep.process_pushed(pending.record.order_json, pending.pushed, part, now);
            context_.metrics.count(part);
            for (const auto& e : part.errors) log()->warn("webhook {}: order {}: {}", plugin, order_key, e);
            outcome.orders += part.decided;
        }
        return outcome;
    }

    static std::optional<sdk::Shipment> stored_shipment(const std::vector<TrackingSnapshot>& snapshots,
                                                        const std::string& package,
                                                        const std::string& tracking_number) {
        for (const auto& s : snapshots) {
            if (s.package != package || s.tracking_number != tracking_number) continue;
            auto shipment = sdk::shipment_from_json(s.shipment_json);
            if (shipment) return std::move(*shipment);
        }
        return std::nullopt;
    }

    ServeContext& context_;
    ReplayGuard guard_;
    std::mutex merge_mutex_;
    std::map<std::string, std::unique_ptr<MarketplaceSync>, std::less<>> markets_;  // by plugin name
};

}  // namespace

void count_oversized_webhook(ServeContext& context, const std::string& plugin) {
    const LoadedPlugin* loaded = context.plugins.loader().find(plugin);
    if (loaded && (loaded->manifest.kind == "carrier" || loaded->manifest.kind == "marketplace"))
        context.metrics.webhook(plugin, "too_large");
}

void add_webhook_routes(ApiRouter& router, ServeContext& context) {
    auto endpoint = std::make_shared<WebhookEndpoint>(context);
    router.add("POST", "/v1/webhooks/{plugin}", Scope::kSigned,
               [endpoint](const ApiRequest& request) { return endpoint->handle(request); });
}

}  // namespace unstuck::core
