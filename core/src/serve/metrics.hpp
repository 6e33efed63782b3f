#pragma once
// Private: the service's Prometheus metrics (names fixed, docs/service.md lists them), one method per family.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace unstuck::core {

struct SweepSummary;

//! The metric families of `unstuck serve` in one registry. Thread-safe.
class Metrics {
  public:
    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    //! `unstuck_orders_decided_total{action,rule}`: one order decided.
    void order_decided(std::string_view action, std::string_view rule, std::uint64_t count = 1);
    //! `unstuck_disputes_filed_total{backend,outcome}` by `count`; outcome `filed`, `rejected`, `retry`,
    //! `already_filed` or `pending`.
    void dispute_filed(std::string_view backend, std::string_view outcome, std::uint64_t count = 1);
    //! `unstuck_plugin_call_seconds{plugin,operation}`: one plugin call's duration.
    void plugin_call(std::string_view plugin, std::string_view operation, double seconds);
    //! `unstuck_http_requests_total{route,method,code}` and `unstuck_http_request_seconds{route}`; `route` is
    //! the pattern (`/v1/orders/{order_key}`), never the path.
    void http_request(std::string_view route, std::string_view method, int code, double seconds);
    //! `unstuck_scheduler_due_orders`: the orders due now.
    void scheduler_due_orders(double count);
    //! `unstuck_webhooks_total{plugin,outcome}`; outcome `accepted`, `unsigned`, `bad_signature`,
    //! `malformed`, `replayed` or `too_large`.
    void webhook(std::string_view plugin, std::string_view outcome);
    //! `unstuck_sweep_orders_total{outcome}` by `count`; outcome `decided`, `skipped`, `failed` or `bad`.
    void sweep_orders(std::string_view outcome, std::uint64_t count = 1);

    //! `unstuck_marketplace_pulls_total{plugin}`: one scheduled pull of a marketplace plugin's shops.
    void marketplace_pull(std::string_view plugin);
    //! `unstuck_marketplace_orders_pulled_total{plugin}` by `pulled` and
    //! `unstuck_marketplace_pull_errors_total{plugin}` by `errors`: orders read from a marketplace plugin (by
    //! pulls and by pushes), and pages or orders it could not give.
    void marketplace_orders(std::string_view plugin, std::uint64_t pulled, std::uint64_t errors);
    //! `unstuck_remedies_total{outcome}` by `count`; outcome `applied`, `already_applied`, `pending`,
    //! `rejected`, `without_proof` or `error`.
    void remedy(std::string_view outcome, std::uint64_t count = 1);

    //! A sweep step's orders by outcome, decisions by action and rule, disputes by backend and outcome and
    //! remedies by outcome.
    void count(const SweepSummary& part);

    //! Every family in the Prometheus text format.
    std::string serialize() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace unstuck::core
