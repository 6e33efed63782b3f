#include "unstuck/core/policy/policy_engine.hpp"

#include <algorithm>
#include <numeric>

#include <boost/container/small_vector.hpp>

#include "policy/explanation.hpp"

namespace unstuck::core {
namespace {

using sdk::Error;
using sdk::Event;
using sdk::Timestamp;
using sdk::TrackingStatus;
using std::chrono::floor;
using std::chrono::seconds;

// "Until" a deadline: the first whole second at which the waiting rule would fire.
Timestamp next_check(Timestamp deadline) {
    return floor<seconds>(deadline) + seconds{1};
}

// The events that define the facts, by index; ties on `at` go to the later input position.
struct EventIndex {
    int pickup = -1;         // earliest physical event that is not UNKNOWN, INFO_RECEIVED or CANCELLED
    int last_physical = -1;  // latest physical event
    int delivered = -1;      // latest DELIVERED event off the return leg
    int latest = -1;         // latest event
};

EventIndex index_events(const std::vector<Event>& events) {
    EventIndex ix;
    for (int i = 0; i < static_cast<int>(events.size()); ++i) {
        const Event& e = events[static_cast<std::size_t>(i)];
        auto at = [&](int j) { return events[static_cast<std::size_t>(j)].at; };
        if (ix.latest < 0 || e.at >= at(ix.latest)) ix.latest = i;
        if (e.physical_scan) {
            if (ix.last_physical < 0 || e.at >= at(ix.last_physical)) ix.last_physical = i;
            bool moving = e.status != TrackingStatus::kUnknown && e.status != TrackingStatus::kInfoReceived &&
                          e.status != TrackingStatus::kCancelled;
            if (moving && (ix.pickup < 0 || e.at < at(ix.pickup))) ix.pickup = i;
        }
        if (e.status == TrackingStatus::kDelivered && !e.return_leg &&
            (ix.delivered < 0 || e.at >= at(ix.delivered)))
            ix.delivered = i;
    }
    return ix;
}

PackageFacts derive_facts(const OrderCase& order, const PackageCase& pkg, const EventIndex& ix) {
    PackageFacts f;
    f.platform_status = pkg.platform_status.value_or(order.platform_status);
    f.platform_stage = stage_of(f.platform_status);
    f.carrier_not_found = pkg.carrier_not_found;
    const auto& events = pkg.events;
    auto event = [&](int i) -> const Event& { return events[static_cast<std::size_t>(i)]; };
    if (ix.pickup >= 0) f.picked_up_at = event(ix.pickup).at;
    if (ix.delivered >= 0) f.carrier_delivered_at = event(ix.delivered).at;
    if (ix.last_physical >= 0) {
        const Event& last = event(ix.last_physical);
        f.last_scan_at = last.at;
        f.carrier_terminal = last.return_leg || last.status == TrackingStatus::kReturning ||
                             last.status == TrackingStatus::kReturned ||
                             last.status == TrackingStatus::kCancelled;
    }
    int shown = ix.last_physical >= 0 ? ix.last_physical : ix.latest;
    if (shown >= 0) {
        const Event& e = event(shown);
        // As model.md derives a shipment's status: a delivery on the return leg is RETURNED, anything else on
        // it RETURNING.
        f.carrier_status = !e.return_leg                            ? e.status
                           : e.status == TrackingStatus::kDelivered ? TrackingStatus::kReturned
                           : e.status == TrackingStatus::kReturned  ? TrackingStatus::kReturned
                                                                    : TrackingStatus::kReturning;
    }
    const auto& updated = pkg.platform_updated_at ? pkg.platform_updated_at : order.platform_updated_at;
    if (updated && f.last_scan_at)
        f.last_update_at = std::min(*updated, *f.last_scan_at);
    else if (updated)
        f.last_update_at = updated;
    else
        f.last_update_at = f.last_scan_at;
    return f;
}

// The rule that matched, before tickets and switches are looked at.
struct Match {
    RuleId rule;
    Action action;
    std::optional<DisputeCode> code;
    std::optional<Timestamp> deadline;  // WAIT until
};

Match platform_rule(const Policy& policy, const BusinessCalendar& calendar, const OrderCase& order,
                    PackageFacts& f, Timestamp now) {
    const auto& t = policy.thresholds;
    if (f.platform_stage == PlatformStage::kDelivered || f.platform_stage == PlatformStage::kCancelled)
        return {RuleId::kPlatformSettled, Action::kNone, {}, {}};
    if (f.carrier_terminal) return {RuleId::kPlatformCarrierTerminal, Action::kNone, {}, {}};
    if (order.buyer_confirmed_receipt)
        return {RuleId::kPlatformBuyerConfirmedNotUpdated,
                Action::kFileDispute,
                DisputeCode::kDeliveredNotUpdated,
                {}};
    if (f.carrier_delivered_at) {
        if (now - *f.carrier_delivered_at > t.delivery_update)
            return {RuleId::kPlatformCarrierDeliveredNotUpdated,
                    Action::kFileDispute,
                    DisputeCode::kDeliveredNotUpdated,
                    {}};
        return {RuleId::kPlatformCarrierDeliveredGrace,
                Action::kWait,
                {},
                *f.carrier_delivered_at + t.delivery_update};
    }
    if (f.platform_stage == PlatformStage::kPre) {
        if (!f.picked_up_at) return {RuleId::kPlatformNotPickedUp, Action::kNone, {}, {}};
        if (now - *f.picked_up_at > t.pickup_update)
            return {RuleId::kPlatformPickedUpNotUpdated,
                    Action::kFileDispute,
                    DisputeCode::kPickedUpNotUpdated,
                    {}};
        return {RuleId::kPlatformPickupGrace, Action::kWait, {}, *f.picked_up_at + t.pickup_update};
    }
    if (!f.last_update_at) return {RuleId::kPlatformNoTracking, Action::kVerifyWithCarrier, {}, {}};
    f.stall_deadline = calendar.add_business_days(*f.last_update_at, t.stall_business_days);
    if (now > *f.stall_deadline)
        return {
            RuleId::kPlatformUnmovedTracking, Action::kFileDispute, DisputeCode::kUnmovedTrackingEvent, {}};
    return {RuleId::kPlatformWithinTimeline, Action::kWait, {}, f.stall_deadline};
}

Match seller_rule(const Policy& policy, const BusinessCalendar& calendar, PackageFacts& f, Timestamp now) {
    if (f.platform_stage == PlatformStage::kDelivered || f.platform_stage == PlatformStage::kCancelled)
        return {RuleId::kSellerSettled, Action::kNone, {}, {}};
    if (!f.last_scan_at) return {RuleId::kSellerNoTracking, Action::kVerifyWithCarrier, {}, {}};
    if (f.carrier_terminal) return {RuleId::kSellerCarrierTerminal, Action::kNone, {}, {}};
    if (f.carrier_delivered_at)
        return {RuleId::kSellerDeliveredUpdatePod, Action::kUpdateStatusWithPod, {}, {}};
    f.stall_deadline = calendar.add_business_days(*f.last_update_at, policy.thresholds.stall_business_days);
    if (now > *f.stall_deadline) return {RuleId::kSellerCarrierStalled, Action::kContactCarrier, {}, {}};
    return {RuleId::kSellerInProgress, Action::kWait, {}, f.stall_deadline};
}

bool ticket_of_order(const Ticket& t, const OrderCase& order) {
    return t.order_id.empty() || t.order_id == order.order_id;
}

bool is_open(TicketStatus s) {
    return s == TicketStatus::kOpen || s == TicketStatus::kPending;
}

// Disputes already open (policy.md section 3): turns a FILE_DISPUTE into what the tickets of its code allow.
void apply_tickets(const Policy& policy, const BusinessCalendar& calendar, const OrderCase& order,
                   PackageDecision& pd, Timestamp now) {
    std::string_view code = to_string(*pd.dispute_code);
    int young = -1, open = -1, resolved = -1;
    Timestamp young_deadline{};
    for (int i = 0; i < static_cast<int>(order.tickets.size()); ++i) {
        const Ticket& t = order.tickets[static_cast<std::size_t>(i)];
        if (t.code != code || !ticket_of_order(t, order)) continue;
        auto created = [&](int j) { return order.tickets[static_cast<std::size_t>(j)].created_at; };
        if (is_open(t.status)) {
            Timestamp deadline =
                calendar.add_business_days(t.created_at, policy.thresholds.ticket_business_days);
            if (now <= deadline) {
                if (young < 0 || t.created_at >= created(young)) {
                    young = i;
                    young_deadline = deadline;
                }
            } else if (open < 0 || t.created_at < created(open)) {
                open = i;
            }
        } else if (resolved < 0 || t.created_at >= created(resolved)) {
            resolved = i;
        }
    }
    if (young >= 0) {
        pd.action = Action::kAwaitTicket;
        pd.rule.variant = RuleVariant::kAwaitingTicket;
        pd.next_check_at = next_check(young_deadline);
        pd.ticket = young;
    } else if (open >= 0) {
        pd.action = Action::kContactSellerSupport;
        pd.rule.variant = RuleVariant::kTicketUnanswered;
        pd.ticket = open;
    } else if (resolved >= 0) {
        Timestamp created = order.tickets[static_cast<std::size_t>(resolved)].created_at;
        bool new_scan = pd.facts.last_scan_at && *pd.facts.last_scan_at > created;
        bool new_confirmation = order.buyer_confirmed_receipt && order.buyer_confirmed_receipt->at > created;
        pd.ticket = resolved;
        if (!new_scan && !new_confirmation) {
            pd.action = Action::kNone;
            pd.rule.variant = RuleVariant::kAlreadyResolved;
        }
    }
}

// Evidence is written into the decision's vectors in place, reusing the strings of earlier decisions: an
// Appender counts what this decision wrote and trims the rest when it goes away.
template <typename T>
class Appender {
  public:
    explicit Appender(std::vector<T>& items) : items_(items) {}
    ~Appender() { items_.resize(used_); }
    Appender(const Appender&) = delete;
    Appender& operator=(const Appender&) = delete;
    T& next() {
        if (used_ == items_.size()) items_.emplace_back();
        return items_[used_++];
    }

  private:
    std::vector<T>& items_;
    std::size_t used_ = 0;
};

void set_event(EventSummary& s, const Event& e) {
    s.at = e.at;
    s.status = e.status;
    s.code.assign(e.code);
    s.description.assign(e.description);
}

Evidence& evidence(Appender<Evidence>& out, EvidenceKind kind, std::string_view package) {
    Evidence& ev = out.next();
    ev.kind = kind;
    ev.package.assign(package);
    ev.value.clear();
    ev.at = {};
    ev.files.clear();
    ev.proof.reset();
    return ev;
}

void event_evidence(Appender<Evidence>& out, EvidenceKind kind, const PackageCase& pkg, int index) {
    Evidence& ev = evidence(out, kind, pkg.ref());
    ev.events.resize(1);
    set_event(ev.events[0], pkg.events[static_cast<std::size_t>(index)]);
}

Evidence& plain_evidence(Appender<Evidence>& out, EvidenceKind kind, std::string_view package) {
    Evidence& ev = evidence(out, kind, package);
    ev.events.clear();
    return ev;
}

void proof_evidence(Appender<Evidence>& out, const PackageCase& pkg) {
    if (pkg.proof_of_delivery)
        plain_evidence(out, EvidenceKind::kProofOfDelivery, pkg.ref()).proof = pkg.proof_of_delivery;
    else
        plain_evidence(out, EvidenceKind::kProofOfDeliveryMissing, pkg.ref());
}

// The evidence one package brings to its dispute (the order id and buyer confirmation are added once per
// dispute).
void add_dispute_evidence(const PackageCase& pkg, const PackageDecision& pd, const EventIndex& ix,
                          Appender<Evidence>& out) {
    switch (pd.rule.id) {
        case RuleId::kPlatformBuyerConfirmedNotUpdated:
            if (ix.delivered >= 0)
                event_evidence(out, EvidenceKind::kCarrierDeliveryEvent, pkg, ix.delivered);
            break;
        case RuleId::kPlatformCarrierDeliveredNotUpdated:
            event_evidence(out, EvidenceKind::kCarrierDeliveryEvent, pkg, ix.delivered);
            if (pkg.proof_of_delivery) proof_evidence(out, pkg);
            break;
        case RuleId::kPlatformPickedUpNotUpdated:
            event_evidence(out, EvidenceKind::kCarrierPickupEvent, pkg, ix.pickup);
            break;
        case RuleId::kPlatformUnmovedTracking: {
            Evidence& history = evidence(out, EvidenceKind::kTrackingHistory, pkg.ref());
            boost::container::small_vector<std::size_t, 16> order(pkg.events.size());
            std::iota(order.begin(), order.end(), std::size_t{0});
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                return pkg.events[a].at < pkg.events[b].at;
            });
            history.events.resize(order.size());
            for (std::size_t i = 0; i < order.size(); ++i) set_event(history.events[i], pkg.events[order[i]]);
            plain_evidence(out, EvidenceKind::kLastUpdate, pkg.ref()).at = *pd.facts.last_update_at;
            break;
        }
        default:
            break;
    }
}

void append_key(std::string& key, const OrderCase& order, DisputeCode code) {
    key.clear();
    key += order.marketplace;
    key += ':';
    key += order.shop_id;
    key += ':';
    key += order.order_id;
    key += ':';
    key += to_string(code);
    std::size_t earlier = 0;
    for (const Ticket& t : order.tickets)
        if (t.code == to_string(code) && ticket_of_order(t, order)) ++earlier;
    if (earlier > 0) {
        key += ':';
        key += std::to_string(earlier + 1);
    }
}

}  // namespace

PolicyEngine::PolicyEngine(std::shared_ptr<const Policy> policy) : policy_(std::move(policy)) {}

sdk::Result<Decision> PolicyEngine::decide(const OrderCase& order, Timestamp now) const {
    Decision d;
    if (auto s = decide(order, now, d); !s) return Error{s.message()};
    return d;
}

sdk::Status PolicyEngine::decide(const OrderCase& order, Timestamp now, Decision& out) const {
    const Policy& policy = *policy_;
    const BusinessCalendar* calendar = policy.region(order.region);
    if (!calendar) return Error{"region: \"" + order.region + "\" is not a region of policy " + policy.id};
    if (order.marketplace != policy.marketplace)
        return Error{"marketplace: \"" + order.marketplace + "\" is not covered by policy " + policy.id +
                     " (marketplace \"" + policy.marketplace + "\")"};
    if (order.packages.empty()) return Error{"packages: needs at least one package"};

    out.order_id = order.order_id;
    out.policy = &policy;
    out.explanation.clear();
    out.next_check_at.reset();
    out.packages.resize(order.packages.size());

    // Per package: facts, the first matching rule, then open disputes.
    Action action = Action::kNone;
    // The events that define each package's facts, kept for its evidence (most orders have a few packages).
    boost::container::small_vector<EventIndex, 8> indexes(order.packages.size());
    for (std::size_t i = 0; i < order.packages.size(); ++i) {
        const PackageCase& pkg = order.packages[i];
        PackageDecision& pd = out.packages[i];
        pd.package = pkg.ref();
        pd.ticket = -1;
        pd.next_check_at.reset();
        const EventIndex& ix = indexes[i] = index_events(pkg.events);
        pd.facts = derive_facts(order, pkg, ix);
        Match m = order.shipping_type == ShippingType::kPlatform
                      ? platform_rule(policy, *calendar, order, pd.facts, now)
                      : seller_rule(policy, *calendar, pd.facts, now);
        pd.rule = RuleRef{m.rule, RuleVariant::kBase};
        pd.action = m.action;
        pd.dispute_code = m.code;
        if (m.deadline) pd.next_check_at = next_check(*m.deadline);
        if (!policy.rule_on(m.rule)) {
            pd.action = Action::kNone;
            pd.rule.variant = RuleVariant::kDisabled;
            pd.dispute_code.reset();
            pd.next_check_at.reset();
        } else if (pd.action == Action::kFileDispute) {
            apply_tickets(policy, *calendar, order, pd, now);
        }
        {
            Appender<Evidence> evidence_out(pd.evidence);
            if (m.rule == RuleId::kSellerDeliveredUpdatePod && pd.action == Action::kUpdateStatusWithPod) {
                event_evidence(evidence_out, EvidenceKind::kCarrierDeliveryEvent, pkg, ix.delivered);
                proof_evidence(evidence_out, pkg);
            }
        }
        action = std::min(action, pd.action);
        if (pd.next_check_at && (!out.next_check_at || *pd.next_check_at < *out.next_check_at))
            out.next_check_at = pd.next_check_at;
    }
    out.action = action;

    // One dispute per code, in code order; packages in input order.
    std::size_t rule_package = 0;
    std::size_t used = 0;
    if (action == Action::kFileDispute) {
        for (std::size_t c = 0; c < kDisputeCodeCount; ++c) {
            auto code = static_cast<DisputeCode>(c);
            auto files = [&](const PackageDecision& pd) {
                return pd.action == Action::kFileDispute && pd.dispute_code == code;
            };
            auto first = std::find_if(out.packages.begin(), out.packages.end(), files);
            if (first == out.packages.end()) continue;
            if (used == 0) rule_package = static_cast<std::size_t>(first - out.packages.begin());
            // Disputes of earlier decisions are reused with their storage.
            Dispute& dispute = used < out.disputes.size() ? out.disputes[used] : out.disputes.emplace_back();
            ++used;
            dispute.code = code;
            append_key(dispute.key, order, code);
            Appender<std::string> packages(dispute.packages);
            Appender<Evidence> evidence_out(dispute.evidence);
            plain_evidence(evidence_out, EvidenceKind::kOrderId, {}).value.assign(order.order_id);
            bool confirmed = std::any_of(first, out.packages.end(), [&](const PackageDecision& pd) {
                return files(pd) && pd.rule.id == RuleId::kPlatformBuyerConfirmedNotUpdated;
            });
            if (confirmed) {
                Evidence& confirmation = plain_evidence(evidence_out, EvidenceKind::kBuyerConfirmation, {});
                confirmation.at = order.buyer_confirmed_receipt->at;
                confirmation.files = order.buyer_confirmed_receipt->evidence;
            }
            for (std::size_t i = 0; i < order.packages.size(); ++i) {
                const PackageDecision& pd = out.packages[i];
                if (!files(pd)) continue;
                packages.next().assign(pd.package);
                add_dispute_evidence(order.packages[i], pd, indexes[i], evidence_out);
            }
        }
    } else {
        for (std::size_t i = 0; i < out.packages.size(); ++i) {
            if (out.packages[i].action == action) {
                rule_package = i;
                break;
            }
        }
    }
    out.disputes.resize(used);
    out.rule = out.packages[rule_package].rule;
    explain(policy, order, rule_package, out.packages[rule_package], now, out.explanation);
    return {};
}

}  // namespace unstuck::core
