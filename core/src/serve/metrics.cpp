#include "serve/metrics.hpp"

#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "unstuck/core/sweep/sweep_summary.hpp"

namespace unstuck::core {
namespace {

std::string text(std::string_view s) {
    return std::string(s);
}

const prometheus::Histogram::BucketBoundaries& seconds_buckets() {
    static const prometheus::Histogram::BucketBoundaries buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                                 0.25,  0.5,    1,     2.5,  5,     10,   30};
    return buckets;
}

// A family's name, help and type, as the HELP and TYPE lines give them.
struct Known {
    std::string name, help, type;
};

}  // namespace

struct Metrics::Impl {
    std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
    std::vector<Known> all;

    template <typename T>
    prometheus::Family<T>& build(prometheus::detail::Builder<T> builder, const char* type, std::string name,
                                 std::string help) {
        all.push_back({name, help, type});
        return builder.Name(name).Help(help).Register(*registry);
    }

    prometheus::Family<prometheus::Counter>& orders_decided =
        build(prometheus::BuildCounter(), "counter", "unstuck_orders_decided_total",
              "Orders decided, by action and rule");
    prometheus::Family<prometheus::Counter>& disputes_filed =
        build(prometheus::BuildCounter(), "counter", "unstuck_disputes_filed_total",
              "Dispute filings, by backend and outcome (filed, rejected, retry, already_filed)");
    prometheus::Family<prometheus::Histogram>& plugin_call =
        build(prometheus::BuildHistogram(), "histogram", "unstuck_plugin_call_seconds",
              "Plugin calls' durations, by plugin and operation");
    prometheus::Family<prometheus::Counter>& http_requests =
        build(prometheus::BuildCounter(), "counter", "unstuck_http_requests_total",
              "HTTP requests answered, by route pattern, method and status code");
    prometheus::Family<prometheus::Histogram>& http_seconds =
        build(prometheus::BuildHistogram(), "histogram", "unstuck_http_request_seconds",
              "HTTP requests' durations, by route pattern");
    prometheus::Family<prometheus::Gauge>& due_orders = build(
        prometheus::BuildGauge(), "gauge", "unstuck_scheduler_due_orders", "Orders due for a check now");
    prometheus::Family<prometheus::Counter>& webhooks =
        build(prometheus::BuildCounter(), "counter", "unstuck_webhooks_total",
              "Webhook deliveries, by plugin and outcome");
    prometheus::Family<prometheus::Counter>& sweep_orders =
        build(prometheus::BuildCounter(), "counter", "unstuck_sweep_orders_total",
              "Orders swept, by outcome (decided, skipped, failed, bad)");
    prometheus::Family<prometheus::Counter>& marketplace_pulls =
        build(prometheus::BuildCounter(), "counter", "unstuck_marketplace_pulls_total",
              "Scheduled pulls of a marketplace plugin's changed orders, by plugin");
    prometheus::Family<prometheus::Counter>& marketplace_orders =
        build(prometheus::BuildCounter(), "counter", "unstuck_marketplace_orders_pulled_total",
              "Orders read from marketplace plugins by pulls and pushes, by plugin");
    prometheus::Family<prometheus::Counter>& marketplace_errors =
        build(prometheus::BuildCounter(), "counter", "unstuck_marketplace_pull_errors_total",
              "Marketplace pages or orders that could not be read, by plugin");
    prometheus::Family<prometheus::Counter>& remedies =
        build(prometheus::BuildCounter(), "counter", "unstuck_remedies_total",
              "Seller-shipped remedies (delivery status with proof of delivery), by outcome (applied, "
              "already_applied, pending, rejected, without_proof, error)");
    prometheus::Gauge& due_gauge = due_orders.Add({});
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::order_decided(std::string_view action, std::string_view rule, std::uint64_t count) {
    impl_->orders_decided.Add({{"action", text(action)}, {"rule", text(rule)}})
        .Increment(static_cast<double>(count));
}

void Metrics::dispute_filed(std::string_view backend, std::string_view outcome, std::uint64_t count) {
    impl_->disputes_filed.Add({{"backend", text(backend)}, {"outcome", text(outcome)}})
        .Increment(static_cast<double>(count));
}

void Metrics::plugin_call(std::string_view plugin, std::string_view operation, double seconds) {
    impl_->plugin_call.Add({{"plugin", text(plugin)}, {"operation", text(operation)}}, seconds_buckets())
        .Observe(seconds);
}

void Metrics::http_request(std::string_view route, std::string_view method, int code, double seconds) {
    impl_->http_requests
        .Add({{"route", text(route)}, {"method", text(method)}, {"code", std::to_string(code)}})
        .Increment();
    impl_->http_seconds.Add({{"route", text(route)}}, seconds_buckets()).Observe(seconds);
}

void Metrics::scheduler_due_orders(double count) {
    impl_->due_gauge.Set(count);
}

void Metrics::webhook(std::string_view plugin, std::string_view outcome) {
    impl_->webhooks.Add({{"plugin", text(plugin)}, {"outcome", text(outcome)}}).Increment();
}

void Metrics::sweep_orders(std::string_view outcome, std::uint64_t count) {
    impl_->sweep_orders.Add({{"outcome", text(outcome)}}).Increment(static_cast<double>(count));
}

void Metrics::marketplace_pull(std::string_view plugin) {
    impl_->marketplace_pulls.Add({{"plugin", text(plugin)}}).Increment();
}

void Metrics::marketplace_orders(std::string_view plugin, std::uint64_t pulled, std::uint64_t errors) {
    // Both series exist from the first call, so a rate over them starts at zero.
    impl_->marketplace_orders.Add({{"plugin", text(plugin)}}).Increment(static_cast<double>(pulled));
    impl_->marketplace_errors.Add({{"plugin", text(plugin)}}).Increment(static_cast<double>(errors));
}

void Metrics::remedy(std::string_view outcome, std::uint64_t count) {
    if (count == 0) return;
    impl_->remedies.Add({{"outcome", text(outcome)}}).Increment(static_cast<double>(count));
}

void Metrics::count(const SweepSummary& part) {
    sweep_orders("decided", part.decided);
    sweep_orders("skipped", part.skipped);
    sweep_orders("failed", part.failed);
    sweep_orders("bad", part.bad_lines);
    for (const auto& [action_rule, n] : part.by_action_rule)
        order_decided(action_rule.first, action_rule.second, n);
    for (const auto& [backend_outcome, n] : part.disputes_by_backend)
        dispute_filed(backend_outcome.first, backend_outcome.second, n);
    // Those of earlier runs settled first count under what became of them.
    remedy("applied", part.remedies_applied + part.settled_remedies.refiled + part.settled_remedies.found);
    remedy("already_applied", part.remedies_already);
    remedy("pending", part.remedies_pending + part.settled_remedies.still_pending);
    remedy("rejected", part.remedies_rejected + part.settled_remedies.rejected);
    remedy("without_proof", part.remedies_without_proof);
    remedy("error", part.remedy_errors);
}

std::string Metrics::serialize() const {
    std::string out = prometheus::TextSerializer().Serialize(impl_->registry->Collect());
    // The serializer leaves out a family with no series yet: its HELP and TYPE lines still tell a scraper
    // (and a reader) that it exists.
    for (const auto& family : impl_->all) {
        if (out.find("# TYPE " + family.name + " ") != std::string::npos) continue;
        out += "# HELP " + family.name + " " + family.help + "\n# TYPE " + family.name + " " + family.type +
               "\n";
    }
    return out;
}

}  // namespace unstuck::core
