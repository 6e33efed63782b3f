#include "unstuck/core/sweep/sweep_summary_json.hpp"

namespace unstuck::core {
namespace {

std::int64_t n(std::uint64_t v) {
    return static_cast<std::int64_t>(v);
}

void write_counts(sdk::JsonWriter& w, const std::map<std::string, std::uint64_t, std::less<>>& counts) {
    w.begin_object();
    for (const auto& [k, v] : counts) w.field(k, n(v));
    w.end_object();
}

}  // namespace

void write_remedies_json(sdk::JsonWriter& w, const SweepSummary& s) {
    w.begin_object();
    w.field("applied", n(s.remedies_applied)).field("already", n(s.remedies_already));
    w.field("pending", n(s.remedies_pending)).field("rejected", n(s.remedies_rejected));
    w.field("without_proof", n(s.remedies_without_proof)).field("would_apply", n(s.remedies_would_apply));
    w.field("errors", n(s.remedy_errors));
    w.key("settled").begin_object();
    w.field("found", n(s.settled_remedies.found)).field("sent_again", n(s.settled_remedies.refiled));
    w.field("rejected", n(s.settled_remedies.rejected))
        .field("still_pending", n(s.settled_remedies.still_pending));
    w.field("skipped", n(s.settled_remedies.skipped)).end_object();
    w.end_object();
}

std::string sweep_summary_json(const SweepSummary& s, std::string_view store) {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object();
    w.field("dry_run", s.dry_run);
    if (!store.empty()) w.field("store", store);
    w.key("orders").begin_object();
    w.field("lines", n(s.lines)).field("decided", n(s.decided)).field("skipped", n(s.skipped));
    w.field("failed", n(s.failed)).field("bad_lines", n(s.bad_lines));
    w.end_object();
    w.key("by_action");
    write_counts(w, s.by_action);
    w.key("by_rule");
    write_counts(w, s.by_rule);
    w.key("disputes").begin_object();
    w.field("filed", n(s.filed)).field("already_filed", n(s.already_filed)).field("pending", n(s.pending));
    w.field("rejected", n(s.rejected))
        .field("would_file", n(s.would_file))
        .field("errors", n(s.dispute_errors));
    w.field("tickets_followed", n(s.tickets_followed)).field("ticket_changes", n(s.ticket_changes));
    w.key("filed_by_backend");
    write_counts(w, s.filed_by_backend);
    w.key("filed_list").begin_array();
    for (const auto& f : s.filed_disputes) {
        w.begin_object().field("key", f.key).field("backend", f.backend);
        w.field("remote_id", f.remote_id).field("remote_url", f.remote_url).end_object();
    }
    w.end_array();
    w.end_object();
    w.key("settled").begin_object();
    w.field("found", n(s.settled.found)).field("refiled", n(s.settled.refiled));
    w.field("rejected", n(s.settled.rejected)).field("still_pending", n(s.settled.still_pending));
    w.field("skipped", n(s.settled.skipped)).end_object();
    w.key("remedies");
    write_remedies_json(w, s);
    w.key("marketplace").begin_object();
    w.field("pulled", n(s.pulled)).field("errors", n(s.pull_errors)).end_object();
    w.key("errors").begin_object();
    w.field("count", n(s.error_count));
    w.key("first").begin_array();
    for (const auto& e : s.errors) w.value(e);
    w.end_array().end_object();
    w.field("seconds", s.seconds);
    w.field("orders_per_second", s.seconds > 0 ? static_cast<double>(s.lines) / s.seconds : 0.0);
    w.end_object();
    return out;
}

}  // namespace unstuck::core
