#include "explanation.hpp"

#include <fmt/format.h>

#include <iterator>

namespace unstuck::core {
namespace {

using sdk::Timestamp;
using sdk::TrackingStatus;
using namespace std::chrono;

class Text {
  public:
    explicit Text(std::string& out) : out_(out) {}

    template <typename... Args>
    Text& add(fmt::format_string<Args...> format, Args&&... args) {
        fmt::format_to(std::back_inserter(out_), format, std::forward<Args>(args)...);
        return *this;
    }
    Text& add(std::string_view s) {
        out_ += s;
        return *this;
    }

    // `2024-07-15 13:12 UTC`
    Text& utc(Timestamp t) {
        auto minute = floor<minutes>(t);
        auto day = floor<days>(minute);
        year_month_day ymd{day};
        hh_mm_ss<minutes> hm{minute - day};
        return add("{:04}-{:02}-{:02} {:02}:{:02} UTC", static_cast<int>(ymd.year()),
                   static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hm.hours().count(),
                   hm.minutes().count());
    }

    // `30 h 48 min`, `45 min`, `26 h`
    Text& duration(microseconds d) {
        auto total = floor<minutes>(d).count();
        if (total < 1) return add("less than a minute");
        auto h = total / 60, m = total % 60;
        if (h == 0) return add("{} min", m);
        if (m == 0) return add("{} h", h);
        return add("{} h {} min", h, m);
    }

    // `30 h 48 min ago (2024-07-15 13:12 UTC)`; a fact dated after now is shown as such.
    Text& when(Timestamp t, Timestamp now) {
        if (t > now) {
            add("at ");
            utc(t);
            return add(", later than the time of this check");
        }
        duration(now - t);
        add(" ago (");
        utc(t);
        return add(")");
    }

    Text& hours(seconds s) {
        auto h = duration_cast<std::chrono::hours>(s).count();
        return h == 1 ? add("1 hour") : add("{} hours", h);
    }

    Text& business_days(int n) { return n == 1 ? add("1 business day") : add("{} business days", n); }

  private:
    std::string& out_;
};

std::string_view leaf(const Policy& policy, DisputeCode code) {
    return policy.path(code).back();
}

std::string_view ticket_state(TicketStatus s) {
    switch (s) {
        case TicketStatus::kOpen:
            return "open";
        case TicketStatus::kPending:
            return "pending";
        case TicketStatus::kSolved:
            return "solved";
        case TicketStatus::kClosed:
            return "closed";
    }
    return "";
}

std::string_view terminal_state(std::optional<TrackingStatus> status) {
    if (status == TrackingStatus::kReturned) return "returned to the sender";
    if (status == TrackingStatus::kCancelled) return "cancelled";
    return "on its way back to the sender";
}

}  // namespace

void explain(const Policy& policy, const OrderCase& order, std::size_t package_index,
             const PackageDecision& d, Timestamp now, std::string& out) {
    const PackageCase& pkg = order.packages[package_index];
    const PackageFacts& f = d.facts;
    const auto& t = policy.thresholds;
    Text text(out);
    std::string_view carrier = pkg.carrier.empty() ? std::string_view{} : policy.carrier_name(pkg.carrier);
    std::string_view Carrier = carrier.empty() ? "The carrier" : carrier;
    if (carrier.empty()) carrier = "the carrier";
    std::string_view status = to_string(f.platform_status);
    Timestamp deadline = d.next_check_at ? *d.next_check_at - seconds{1} : Timestamp{};

    if (order.packages.size() > 1) text.add("Package {}: ", d.package);

    // What was seen.
    switch (d.rule.id) {
        case RuleId::kPlatformSettled:
        case RuleId::kSellerSettled:
            text.add("The platform shows {}: the order is settled.", status);
            break;
        case RuleId::kPlatformCarrierTerminal:
        case RuleId::kSellerCarrierTerminal:
            text.add("{} shows the package {}", Carrier, terminal_state(f.carrier_status));
            if (f.last_scan_at) text.add(" (last scan ").utc(*f.last_scan_at).add(")");
            text.add(".");
            break;
        case RuleId::kPlatformBuyerConfirmedNotUpdated:
            text.add("The buyer confirmed receipt ").when(order.buyer_confirmed_receipt->at, now);
            text.add(" but the platform still shows {}.", status);
            break;
        case RuleId::kPlatformCarrierDeliveredNotUpdated:
        case RuleId::kPlatformCarrierDeliveredGrace:
            text.add("{} shows the package delivered ", Carrier).when(*f.carrier_delivered_at, now);
            text.add("; the platform still shows {}.", status);
            break;
        case RuleId::kPlatformPickedUpNotUpdated:
        case RuleId::kPlatformPickupGrace:
            text.add("{} scanned the pickup ", Carrier).when(*f.picked_up_at, now);
            text.add("; the platform still shows {}.", status);
            break;
        case RuleId::kPlatformNotPickedUp:
            text.add(
                "The platform shows {} and no pickup scan is known: the package has not been picked up yet.",
                status);
            break;
        case RuleId::kPlatformNoTracking:
            text.add("The platform shows {} but no tracking update is known for the package.", status);
            break;
        case RuleId::kPlatformUnmovedTracking:
        case RuleId::kSellerCarrierStalled:
            text.add("The last tracking update was ").when(*f.last_update_at, now);
            text.add(", more than ").business_days(t.stall_business_days);
            text.add(" without movement ({} calendar); the platform shows {}.", order.region, status);
            break;
        case RuleId::kPlatformWithinTimeline:
        case RuleId::kSellerInProgress:
            text.add("The last tracking update was ").when(*f.last_update_at, now);
            text.add("; the package is within the normal delivery timeline.");
            break;
        case RuleId::kSellerNoTracking:
            text.add("No carrier scan is known for this seller-shipped package.");
            break;
        case RuleId::kSellerDeliveredUpdatePod:
            text.add("{} shows the package delivered ", Carrier).when(*f.carrier_delivered_at, now);
            text.add("; the platform shows {}.", status);
            break;
    }
    text.add(" ");

    // What the policy says and what happens next.
    if (d.rule.variant == RuleVariant::kDisabled) {
        text.add("Rule {} is turned off in policy {}, so nothing is done.", to_string(d.rule.id), policy.id);
        return;
    }
    if (d.ticket >= 0 && d.dispute_code) {
        const Ticket& ticket = order.tickets[static_cast<std::size_t>(d.ticket)];
        std::string_view name = leaf(policy, *d.dispute_code);
        switch (d.rule.variant) {
            case RuleVariant::kAwaitingTicket:
                text.add("A '{}' ticket is {} since ", name, ticket_state(ticket.status))
                    .utc(ticket.created_at);
                text.add("; the policy gives support ").business_days(t.ticket_business_days);
                text.add(" and checks again after ").utc(deadline).add(".");
                return;
            case RuleVariant::kTicketUnanswered:
                text.add("A '{}' ticket has been {} since ", name, ticket_state(ticket.status))
                    .utc(ticket.created_at);
                text.add(", more than ").business_days(t.ticket_business_days);
                text.add(": contact seller support for further assistance.");
                return;
            case RuleVariant::kAlreadyResolved:
                text.add("A '{}' ticket filed ", name).utc(ticket.created_at);
                text.add(" is {} and nothing new has happened since, so the policy files nothing more.",
                         ticket_state(ticket.status));
                return;
            default:
                text.add("A '{}' ticket filed ", name).utc(ticket.created_at);
                text.add(" is {} but there is new evidence since: the policy files '{}' again.",
                         ticket_state(ticket.status), name);
                return;
        }
    }
    switch (d.rule.id) {
        case RuleId::kPlatformSettled:
        case RuleId::kSellerSettled:
            text.add("This policy has nothing to do.");
            break;
        case RuleId::kPlatformCarrierTerminal:
        case RuleId::kSellerCarrierTerminal:
            text.add(
                "This is not a stuck status: follow the failed-delivery flow (Managing Failed Delivery "
                "Orders).");
            break;
        case RuleId::kPlatformBuyerConfirmedNotUpdated:
            text.add("The policy files '{}' with the buyer's confirmation as evidence.",
                     leaf(policy, DisputeCode::kDeliveredNotUpdated));
            break;
        case RuleId::kPlatformCarrierDeliveredNotUpdated:
            text.add("More than ").hours(t.delivery_update);
            text.add(" after delivery the policy files '{}'.",
                     leaf(policy, DisputeCode::kDeliveredNotUpdated));
            break;
        case RuleId::kPlatformCarrierDeliveredGrace:
            text.add("The policy gives the platform ").hours(t.delivery_update);
            text.add(" after delivery to catch up and checks again after ").utc(deadline).add(".");
            break;
        case RuleId::kPlatformPickedUpNotUpdated:
            text.add("More than ").hours(t.pickup_update);
            text.add(" after pickup the policy files '{}'.", leaf(policy, DisputeCode::kPickedUpNotUpdated));
            break;
        case RuleId::kPlatformPickupGrace:
            text.add("The policy gives the platform ").hours(t.pickup_update);
            text.add(" after pickup to update and checks again after ").utc(deadline).add(".");
            break;
        case RuleId::kPlatformNotPickedUp:
            text.add("Not-yet-collected orders are outside this policy.");
            break;
        case RuleId::kPlatformNoTracking:
        case RuleId::kSellerNoTracking:
            text.add("Check the tracking with {} to confirm it matches the platform's.", carrier);
            break;
        case RuleId::kPlatformUnmovedTracking:
            text.add("The policy files '{}' so support follows up with the carrier.",
                     leaf(policy, DisputeCode::kUnmovedTrackingEvent));
            break;
        case RuleId::kPlatformWithinTimeline:
        case RuleId::kSellerInProgress:
            text.add("The policy waits ").business_days(t.stall_business_days);
            text.add(" ({} calendar) for movement and checks again after ", order.region)
                .utc(deadline)
                .add(".");
            break;
        case RuleId::kSellerDeliveredUpdatePod:
            if (pkg.proof_of_delivery)
                text.add("Update the delivery status yourself and upload the carrier's proof of delivery.");
            else
                text.add(
                    "Update the delivery status yourself and upload a proof of delivery: the carrier gives "
                    "none.");
            break;
        case RuleId::kSellerCarrierStalled:
            text.add("Contact {} for an update; the marketplace takes no dispute for seller shipping.",
                     carrier);
            break;
    }
}

}  // namespace unstuck::core
