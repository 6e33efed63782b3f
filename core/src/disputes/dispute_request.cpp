#include "unstuck/core/disputes/dispute_request.hpp"

#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/status.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {
namespace {

using sdk::JsonWriter;

void write_event(JsonWriter& w, const EventSummary& e, bool with_status) {
    w.begin_object();
    w.field("at", sdk::format_utc(e.at));
    if (with_status) w.field("status", sdk::to_string(e.status));
    w.key("code").value_or_null(e.code);
    w.key("description").value_or_null(e.description);
    w.end_object();
}

const PackageCase* find_package(const OrderCase& order, const std::string& ref) {
    for (const auto& p : order.packages)
        if (p.ref() == ref) return &p;
    return nullptr;
}

}  // namespace

sdk::EvidenceFact to_fact(const Evidence& ev) {
    sdk::EvidenceFact fact;
    fact.kind = std::string(to_string(ev.kind));
    if (ev.kind == EvidenceKind::kOrderId) {
        fact.value = ev.value;
        return fact;
    }
    JsonWriter w(fact.value);
    w.begin_object();
    if (!ev.package.empty()) w.field("package_id", ev.package);
    switch (ev.kind) {
        case EvidenceKind::kOrderId:
            break;
        case EvidenceKind::kBuyerConfirmation:
            w.field("at", sdk::format_utc(ev.at));
            w.key("evidence").begin_array();
            for (const auto& f : ev.files) w.value(f);
            w.end_array();
            break;
        case EvidenceKind::kCarrierPickupEvent:
        case EvidenceKind::kCarrierDeliveryEvent:
            if (!ev.events.empty()) {
                w.key("event");
                write_event(w, ev.events.front(), false);
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
            for (const auto& e : ev.events) write_event(w, e, true);
            w.end_array();
            break;
        case EvidenceKind::kLastUpdate:
            w.field("at", sdk::format_utc(ev.at));
            break;
    }
    w.end_object();
    return fact;
}

sdk::DisputeRequest make_dispute_request(const Decision& decision, const Dispute& dispute,
                                         const OrderCase& order) {
    sdk::DisputeRequest r;
    r.key = dispute.key;
    r.code = std::string(to_string(dispute.code));
    if (decision.policy) r.path = decision.policy->path(dispute.code);
    r.marketplace = order.marketplace;
    r.shop_id = order.shop_id;
    r.order_id = order.order_id;
    for (const auto& ref : dispute.packages) {
        sdk::DisputePackage p;
        p.package_id = ref;
        if (const PackageCase* pkg = find_package(order, ref)) {
            p.package_id = pkg->package_id;
            p.tracking_number = pkg->tracking_number;
            p.carrier = !pkg->carrier.empty() ? pkg->carrier : pkg->raw ? pkg->raw->carrier : std::string();
        }
        r.packages.push_back(std::move(p));
    }
    for (const auto& ev : dispute.evidence) r.facts.push_back(to_fact(ev));
    r.explanation = decision.explanation;
    return r;
}

}  // namespace unstuck::core
