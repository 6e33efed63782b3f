#include "summary_json.hpp"

#include "unstuck/core/sweep/sweep_summary_json.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::capi {
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

std::string summary_json(const core::SweepSummary& s, core::CaseStore* store) {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object();
    w.field("dry_run", s.dry_run);
    w.field("lines", n(s.lines)).field("decided", n(s.decided)).field("skipped", n(s.skipped));
    w.field("failed", n(s.failed)).field("bad_lines", n(s.bad_lines));
    w.field("filed", n(s.filed)).field("already_filed", n(s.already_filed)).field("pending", n(s.pending));
    w.field("rejected", n(s.rejected)).field("would_file", n(s.would_file));
    w.field("dispute_errors", n(s.dispute_errors));
    w.key("by_action");
    write_counts(w, s.by_action);
    w.key("by_rule");
    write_counts(w, s.by_rule);
    w.key("filed_by_backend");
    write_counts(w, s.filed_by_backend);
    w.key("filed_disputes").begin_array();
    for (const auto& f : s.filed_disputes) {
        std::string order_id;
        if (store)
            if (auto found = store->find_dispute(f.key); found && *found) order_id = (*found)->order.order_id;
        w.begin_object().field("order_id", order_id).field("key", f.key).field("backend", f.backend);
        w.field("remote_id", f.remote_id).field("remote_url", f.remote_url).end_object();
    }
    w.end_array();
    w.key("settled").begin_object();
    w.field("found", n(s.settled.found)).field("refiled", n(s.settled.refiled));
    w.field("rejected", n(s.settled.rejected)).field("still_pending", n(s.settled.still_pending));
    w.field("skipped", n(s.settled.skipped)).end_object();
    w.key("remedies");
    core::write_remedies_json(w, s);
    w.field("error_count", n(s.error_count));
    w.key("errors").begin_array();
    for (const auto& e : s.errors) w.value(e);
    w.end_array();
    w.field("seconds", s.seconds);
    w.end_object();
    return out;
}

}  // namespace unstuck::capi
