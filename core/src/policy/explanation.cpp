#include "policy/explanation.hpp"

#include <charconv>
#include <type_traits>

namespace unstuck::core {
namespace {

using sdk::Timestamp;
using sdk::TrackingStatus;
using namespace std::chrono;

// One argument of Text::add, as text (numbers are written into the argument itself).
class Arg {
  public:
    Arg(std::string_view s) : text_(s) {}    // NOLINT(google-explicit-constructor)
    Arg(const char* s) : text_(s) {}         // NOLINT(google-explicit-constructor)
    Arg(const std::string& s) : text_(s) {}  // NOLINT(google-explicit-constructor)
    template <typename N, typename = std::enable_if_t<std::is_integral_v<N>>>
    Arg(N n) {  // NOLINT(google-explicit-constructor)
        auto r = std::to_chars(buffer_, buffer_ + sizeof buffer_, n);
        text_ = std::string_view(buffer_, static_cast<std::size_t>(r.ptr - buffer_));
    }
    Arg(const Arg&) = delete;
    Arg& operator=(const Arg&) = delete;
    std::string_view text() const { return text_; }

  private:
    char buffer_[24];
    std::string_view text_;
};

// Appends sentences; `add("{} h {} min", h, m)` replaces each `{}` by the next argument. Hand-rolled because
// an explanation is written for every decision and a general formatter costs more than the decision itself.
class Text {
  public:
    explicit Text(std::string& out) : out_(out) {}

    template <typename A, typename... Rest>
    Text& add(std::string_view format, const A& first, const Rest&... rest) {
        const Arg args[] = {Arg(first), Arg(rest)...};
        std::size_t next = 0;
        for (std::size_t pos = 0;;) {
            std::size_t hole = format.find("{}", pos);
            if (hole == std::string_view::npos || next == std::size(args)) {
                out_.append(format.substr(pos));
                break;
            }
            out_.append(format.substr(pos, hole - pos));
            out_.append(args[next++].text());
            pos = hole + 2;
        }
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
        char buf[24];
        auto two = [](char* p, unsigned v) {
            p[0] = static_cast<char>('0' + v / 10 % 10);
            p[1] = static_cast<char>('0' + v % 10);
        };
        int y = static_cast<int>(ymd.year());
        if (y < 0 || y > 9999) {
            out_ += std::to_string(y);
        } else {
            two(buf, static_cast<unsigned>(y / 100));
            two(buf + 2, static_cast<unsigned>(y % 100));
            out_.append(buf, 4);
        }
        buf[0] = '-';
        two(buf + 1, static_cast<unsigned>(ymd.month()));
        buf[3] = '-';
        two(buf + 4, static_cast<unsigned>(ymd.day()));
        buf[6] = ' ';
        two(buf + 7, static_cast<unsigned>(hm.hours().count()));
        buf[9] = ':';
        two(buf + 10, static_cast<unsigned>(hm.minutes().count()));
        out_.append(buf, 12);
        out_ += " UTC";
        return *this;
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
    if (f.carrier_not_found) text.add(" {} does not know tracking number {}.", Carrier, pkg.tracking_number);
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
