// The service's metrics: every family of docs/service.md is exposed, with the labels given.
#include <gtest/gtest.h>

#include "serve/metrics.hpp"
#include "unstuck/core/sweep/sweep_summary.hpp"

namespace unstuck::core {
namespace {

TEST(Metrics, ExposesEveryFamilyEvenBeforeAnyValue) {
    Metrics metrics;
    const auto text = metrics.serialize();
    for (const char* family :
         {"unstuck_orders_decided_total", "unstuck_disputes_filed_total", "unstuck_plugin_call_seconds",
          "unstuck_http_requests_total", "unstuck_http_request_seconds", "unstuck_scheduler_due_orders",
          "unstuck_webhooks_total", "unstuck_sweep_orders_total"})
        EXPECT_NE(text.find(std::string("# TYPE ") + family + " "), std::string::npos) << family << "\n"
                                                                                       << text;
}

TEST(Metrics, CountsByLabel) {
    Metrics metrics;
    metrics.order_decided("FILE_DISPUTE", "R3");
    metrics.order_decided("FILE_DISPUTE", "R3");
    metrics.dispute_filed("outbox", "filed");
    metrics.plugin_call("ups", "fetch", 0.02);
    metrics.http_request("/v1/orders/{order_key}", "GET", 200, 0.003);
    metrics.scheduler_due_orders(7);
    metrics.webhook("ninjavan", "replayed");
    metrics.sweep_orders("decided", 5);
    const auto text = metrics.serialize();
    EXPECT_NE(text.find(R"(unstuck_orders_decided_total{action="FILE_DISPUTE",rule="R3"} 2)"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(R"(unstuck_disputes_filed_total{backend="outbox",outcome="filed"} 1)"),
              std::string::npos);
    EXPECT_NE(text.find(R"(unstuck_plugin_call_seconds_count{operation="fetch",plugin="ups"} 1)"),
              std::string::npos);
    EXPECT_NE(
        text.find(R"(unstuck_http_requests_total{code="200",method="GET",route="/v1/orders/{order_key}"} 1)"),
        std::string::npos);
    EXPECT_NE(
        text.find(R"(unstuck_http_request_seconds_bucket{route="/v1/orders/{order_key}",le="0.005"} 1)"),
        std::string::npos);
    EXPECT_NE(text.find("unstuck_scheduler_due_orders 7"), std::string::npos);
    EXPECT_NE(text.find(R"(unstuck_webhooks_total{outcome="replayed",plugin="ninjavan"} 1)"),
              std::string::npos);
    EXPECT_NE(text.find(R"(unstuck_sweep_orders_total{outcome="decided"} 5)"), std::string::npos);
}

TEST(Metrics, CountsASweepStepsOrdersDecisionsAndDisputesByBackendAndOutcome) {
    Metrics metrics;
    SweepSummary part;
    part.decided = 3;
    part.failed = 1;
    part.by_action_rule[{"FILE_DISPUTE", "platform.unmoved_tracking"}] = 2;
    part.by_action_rule[{"WAIT", "platform.within_timeline"}] = 1;
    part.dispute_outcome("zendesk", "filed");
    part.dispute_outcome("zendesk", "filed");
    part.dispute_outcome("zendesk", "retry");
    part.dispute_outcome("outbox", "already_filed");
    metrics.count(part);
    const auto text = metrics.serialize();
    for (const char* line :
         {R"(unstuck_sweep_orders_total{outcome="decided"} 3)",
          R"(unstuck_sweep_orders_total{outcome="failed"} 1)",
          R"(unstuck_sweep_orders_total{outcome="skipped"} 0)",
          R"(unstuck_orders_decided_total{action="FILE_DISPUTE",rule="platform.unmoved_tracking"} 2)",
          R"(unstuck_orders_decided_total{action="WAIT",rule="platform.within_timeline"} 1)",
          R"(unstuck_disputes_filed_total{backend="zendesk",outcome="filed"} 2)",
          R"(unstuck_disputes_filed_total{backend="zendesk",outcome="retry"} 1)",
          R"(unstuck_disputes_filed_total{backend="outbox",outcome="already_filed"} 1)"})
        EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
}

}  // namespace
}  // namespace unstuck::core
