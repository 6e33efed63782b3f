#pragma once
// A piece of evidence as JSON: the one way a decision's evidence and a dispute request's facts are written.

#include <string_view>

#include "unstuck/core/policy/decision.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/status.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

//! Writes a timestamp member as sdk::format_utc does; the decision writer passes a faster writer of its own.
inline void write_utc_member(sdk::JsonWriter& w, std::string_view key, sdk::Timestamp at) {
    w.field(key, sdk::format_utc(at));
}

//! Writes an event summary as an object: `at`, `status` (when `with_status`), `code` and `description`
//! (null when empty). `write_time(w, key, timestamp)` writes the timestamp member.
template <typename WriteTime>
void write_event_summary(sdk::JsonWriter& w, const EventSummary& e, bool with_status,
                         WriteTime&& write_time) {
    w.begin_object();
    write_time(w, "at", e.at);
    if (with_status) w.field("status", sdk::to_string(e.status));
    w.key("code").value_or_null(e.code);
    w.key("description").value_or_null(e.description);
    w.end_object();
}

//! Writes the members of a piece of evidence that follow its `kind`: `package_id` when set, then what the
//! kind carries (`value`, `at` and `evidence`, `event`, `proof`, `note`, `events` or `at`). An event or a
//! proof the evidence does not hold is left out rather than read.
template <typename WriteTime>
void write_evidence_members(sdk::JsonWriter& w, const Evidence& ev, WriteTime&& write_time) {
    if (!ev.package.empty()) w.field("package_id", ev.package);
    switch (ev.kind) {
        case EvidenceKind::kOrderId:
            w.field("value", ev.value);
            break;
        case EvidenceKind::kBuyerConfirmation:
            write_time(w, "at", ev.at);
            w.key("evidence").begin_array();
            for (const auto& f : ev.files) w.value(f);
            w.end_array();
            break;
        case EvidenceKind::kCarrierPickupEvent:
        case EvidenceKind::kCarrierDeliveryEvent:
            if (!ev.events.empty()) {
                w.key("event");
                write_event_summary(w, ev.events.front(), false, write_time);
            }
            break;
        case EvidenceKind::kProofOfDelivery:
            if (ev.proof) {
                w.key("proof").begin_object();
                w.key("kind").value_or_null(ev.proof->kind);
                w.key("received_by").value_or_null(ev.proof->received_by);
                w.key("url").value_or_null(ev.proof->url);
                w.end_object();
            }
            break;
        case EvidenceKind::kProofOfDeliveryMissing:
            w.field("note", "The carrier gives no proof of delivery: the seller must supply one.");
            break;
        case EvidenceKind::kTrackingHistory:
            w.key("events").begin_array();
            for (const auto& e : ev.events) write_event_summary(w, e, true, write_time);
            w.end_array();
            break;
        case EvidenceKind::kLastUpdate:
            write_time(w, "at", ev.at);
            break;
    }
}

}  // namespace unstuck::core
