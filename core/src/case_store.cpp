#include "unstuck/core/case_store.hpp"

#include "unstuck/core/decision_writer.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

std::string_view to_string(DisputeState state) noexcept {
    switch (state) {
        case DisputeState::kPending:
            return "PENDING";
        case DisputeState::kFiled:
            return "FILED";
        case DisputeState::kRejected:
            return "REJECTED";
    }
    return "PENDING";
}

std::optional<DisputeState> parse_dispute_state(std::string_view name) noexcept {
    if (name == "PENDING") return DisputeState::kPending;
    if (name == "FILED") return DisputeState::kFiled;
    if (name == "REJECTED") return DisputeState::kRejected;
    return std::nullopt;
}

OrderRef OrderRef::of(const OrderCase& order) {
    return {order.marketplace, order.shop_id, order.order_id};
}

std::string OrderRef::key() const {
    return marketplace + ":" + shop_id + ":" + order_id;
}

DecisionRecord DecisionRecord::of(const OrderCase& order, const Decision& decision,
                                  sdk::Timestamp decided_at) {
    DecisionRecord record;
    record.order = OrderRef::of(order);
    record.action = std::string(to_string(decision.action));
    record.rule = decision.rule.name();
    record.next_check_at = decision.next_check_at;
    record.decision_json = to_json(decision);
    record.decided_at = decided_at;
    return record;
}

struct CaseStore::Impl {
    StoreOptions options;
    std::string description;
};

CaseStore::CaseStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CaseStore::~CaseStore() = default;

int CaseStore::latest_schema_version() noexcept {
    return 0;
}
const StoreOptions& CaseStore::options() const noexcept {
    return impl_->options;
}
const std::string& CaseStore::describe() const noexcept {
    return impl_->description;
}

namespace {
Error not_ready() {
    return Error{"case store: not available in this build"};
}
}  // namespace

Result<std::unique_ptr<CaseStore>> CaseStore::open(const StoreOptions&) {
    return not_ready();
}
Result<int> CaseStore::schema_version() {
    return not_ready();
}
sdk::Status CaseStore::record_decision(const DecisionRecord& record) {
    return record_decisions(std::span(&record, 1));
}
sdk::Status CaseStore::record_decisions(std::span<const DecisionRecord>) {
    return not_ready();
}
Result<std::optional<OrderRecord>> CaseStore::find_order(const OrderRef&) {
    return not_ready();
}
Result<std::vector<HistoryEntry>> CaseStore::history(const OrderRef&) {
    return not_ready();
}
Result<std::vector<TrackingSnapshot>> CaseStore::snapshots(const OrderRef&) {
    return not_ready();
}
Result<std::vector<OrderRecord>> CaseStore::due_orders(sdk::Timestamp, std::size_t) {
    return not_ready();
}
Result<std::vector<bool>> CaseStore::claim_orders(std::span<const OrderRef>, sdk::Timestamp,
                                                  std::optional<sdk::Timestamp>) {
    return not_ready();
}
Result<std::vector<OrderRecord>> CaseStore::claim_due(sdk::Timestamp, std::size_t) {
    return not_ready();
}
sdk::Status CaseStore::release_claims(std::span<const OrderRef>) {
    return not_ready();
}
Result<std::vector<Ticket>> CaseStore::tickets(const OrderRef&) {
    return not_ready();
}
Result<std::vector<DisputeRecord>> CaseStore::disputes_of(const OrderRef&) {
    return not_ready();
}
Result<DisputeBegin> CaseStore::begin_dispute(const sdk::DisputeRequest&, std::string_view, sdk::Timestamp) {
    return not_ready();
}
Result<std::optional<DisputeRecord>> CaseStore::find_dispute(std::string_view) {
    return not_ready();
}
sdk::Status CaseStore::mark_filed(std::string_view, const sdk::RemoteTicket&, sdk::Timestamp) {
    return not_ready();
}
sdk::Status CaseStore::mark_rejected(std::string_view, std::string_view, sdk::Timestamp) {
    return not_ready();
}
sdk::Status CaseStore::record_attempt_failure(std::string_view, std::string_view, sdk::Timestamp) {
    return not_ready();
}
sdk::Status CaseStore::record_remote_state(std::string_view, sdk::TicketState, sdk::Timestamp) {
    return not_ready();
}
Result<std::vector<DisputeRecord>> CaseStore::list_disputes(std::optional<DisputeState>) {
    return not_ready();
}

}  // namespace unstuck::core
