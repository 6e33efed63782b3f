#include "unstuck/core/disputes/dispute_request.hpp"

#include "policy/evidence_json.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/status.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {
namespace {

using sdk::JsonWriter;

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
    write_evidence_members(w, ev, write_utc_member);
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
