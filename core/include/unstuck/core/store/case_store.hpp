#pragma once
//! The case store: orders and their latest decision, the decision history, tracking snapshots, and the
//! disputes filed under their unique keys, in SQLite or PostgreSQL (docs/operations.md, "The store").

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/core/config/store_options.hpp"
#include "unstuck/core/policy/decision.hpp"
#include "unstuck/core/policy/order_case.hpp"
#include "unstuck/core/store/remedy_record.hpp"
#include "unstuck/sdk/marketplace.hpp"
#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/ticketing.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

//! A dispute's state: written `PENDING` before the backend is called, then `FILED` or `REJECTED`.
enum class DisputeState : std::uint8_t {
    kPending,   //!< the backend may or may not have it: settle by asking it for the key
    kFiled,     //!< the backend has it under `remote_id`
    kRejected,  //!< the backend refused it for `reason`; final for this key
};

//! `PENDING`, `FILED` or `REJECTED`.
std::string_view to_string(DisputeState state) noexcept;
//! The state named `PENDING`, `FILED` or `REJECTED`.
std::optional<DisputeState> parse_dispute_state(std::string_view name) noexcept;

//! Names an order the way dispute keys do.
struct OrderRef {
    std::string marketplace;
    std::string shop_id;  //!< empty when the order has none
    std::string order_id;

    //! The reference of an order case.
    static OrderRef of(const OrderCase& order);
    //! `{marketplace}:{shop_id}:{order_id}`: the store's order key and the prefix of the order's dispute
    //! keys.
    std::string key() const;
    bool operator==(const OrderRef&) const = default;
};

//! The latest tracking of one package of an order, as its carrier gave it.
struct TrackingSnapshot {
    std::string package;  //!< package ref: `package_id`, else the tracking number
    std::string carrier;  //!< carrier plugin name
    std::string tracking_number;
    std::string shipment_json;  //!< the canonical shipment (model.md)
    sdk::Timestamp fetched_at{};
};

//! One package of an order as the order case names it: what finds the order by tracking number.
struct OrderPackage {
    std::string package;  //!< package ref: `package_id`, else the tracking number
    std::string tracking_number;
    std::string carrier;  //!< carrier plugin name; may be empty
    bool operator==(const OrderPackage&) const = default;
};

//! One decision to record for an order, with the tracking it was made on.
struct DecisionRecord {
    OrderRef order;
    std::string action;                           //!< `FILE_DISPUTE`, `WAIT`, ...
    std::string rule;                             //!< the reported rule id
    std::optional<sdk::Timestamp> next_check_at;  //!< when to look again; none: not by itself
    std::string decision_json;                    //!< the decision as policy.md section 5 writes it
    std::string order_json;  //!< the order case as given (for a later re-check); may be empty
    sdk::Timestamp decided_at{};
    std::vector<TrackingSnapshot> snapshots;  //!< stored as the packages' latest tracking
    //! The order's packages with a tracking number; when not empty they replace the order's package index.
    std::vector<OrderPackage> packages;

    //! The record of `decision` for `order`: action, rule, next check, the decision JSON and the packages.
    static DecisionRecord of(const OrderCase& order, const Decision& decision, sdk::Timestamp decided_at);
};

//! An order as the store keeps it: its latest decision.
struct OrderRecord {
    OrderRef order;
    std::string action;  //!< empty while the order was claimed but never decided
    std::string rule;
    std::optional<sdk::Timestamp> next_check_at;
    std::string decision_json;
    std::string order_json;
    std::optional<sdk::Timestamp> decided_at;
};

//! One decision in an order's history.
struct HistoryEntry {
    std::string action;
    std::string rule;
    std::optional<sdk::Timestamp> next_check_at;
    std::string decision_json;
    sdk::Timestamp decided_at{};
};

//! Which orders list_orders() gives; an empty or absent field matches every order.
struct OrderQuery {
    std::string action;                        //!< the latest decision's action, e.g. `FILE_DISPUTE`
    std::string rule;                          //!< the latest decision's rule id
    std::optional<sdk::Timestamp> due_before;  //!< orders whose next check is at or before this instant
};

//! One page of orders, by order key.
struct OrderPage {
    std::vector<OrderRecord> orders;
    std::string next_cursor;  //!< where the next page starts; empty after the last page
};

//! Which disputes list_disputes() gives; an empty or absent field matches every dispute.
struct DisputeQuery {
    std::optional<DisputeState> state;
    std::string backend;    //!< the ticketing plugin
    std::string order_key;  //!< the order's key (OrderRef::key())
};

//! A dispute as the store keeps it.
struct DisputeRecord {
    std::string key;  //!< the idempotency key, unique
    OrderRef order;
    std::string code;     //!< dispute code, e.g. `pick_up_issues.picked_up_not_updated`
    std::string backend;  //!< the ticketing plugin it is filed through
    DisputeState state = DisputeState::kPending;
    std::string remote_id;                         //!< FILED: the backend's ticket id
    std::string remote_url;                        //!< FILED: where a person sees it; may be empty
    std::string reason;                            //!< REJECTED: why
    int attempts = 0;                              //!< backend calls whose outcome was recorded
    std::string last_error;                        //!< the last failed attempt's error; empty after none
    std::optional<sdk::TicketState> remote_state;  //!< the ticket's state as last synced from the backend
    std::string request_json;  //!< the request as filed (dispute_request_json.hpp), to file again as is
    sdk::Timestamp created_at{};
    sdk::Timestamp updated_at{};
};

//! One state a dispute went through (CaseStore::dispute_history), written with the change itself.
struct DisputeEvent {
    //! `PENDING` (written before the backend was called), `RETRY` (an attempt failed), `FILED`,
    //! `REJECTED`, or after `FILED` the ticket's synced state (`OPEN`, `PENDING`, `SOLVED`, `CLOSED`).
    std::string state;
    std::string detail;  //!< FILED: the remote id; REJECTED: the reason; RETRY: the error; else empty
    sdk::Timestamp at{};
};

//! One page of disputes, oldest first.
struct DisputePage {
    std::vector<DisputeRecord> disputes;
    std::string next_cursor;  //!< where the next page starts; empty after the last page
};

//! What the store holds, counted for the dashboard (CaseStore::counts).
struct StoreCounts {
    //! How many orders of one value (an action, a rule) or disputes of one state and backend.
    struct Count {
        std::string name;     //!< the action, the rule, or the dispute state
        std::string backend;  //!< disputes: the ticketing plugin; empty otherwise
        std::uint64_t count = 0;
    };
    std::vector<Count> by_action;  //!< orders by their latest decision's action, most first
    std::vector<Count> by_rule;    //!< orders by their latest decision's rule, most first
    std::vector<Count> disputes;   //!< disputes by state and backend
};

//! Decisions and disputes created in one time bucket (CaseStore::activity).
struct ActivityBucket {
    sdk::Timestamp start{};       //!< the bucket's first instant
    std::uint64_t decisions = 0;  //!< decisions recorded in it (the history)
    std::uint64_t filings = 0;    //!< disputes created in it, whatever became of them
};

//! One recorded decision, by its place in the history (CaseStore::decisions_after).
struct DecisionEvent {
    std::int64_t id = 0;  //!< increases with every decision recorded
    OrderRef order;
    std::string action;
    std::string rule;
    std::optional<sdk::Timestamp> next_check_at;
    sdk::Timestamp decided_at{};
};

//! True when `cursor` is empty or has the form of a cursor list_orders() gives.
bool is_order_cursor(std::string_view cursor) noexcept;
//! True when `cursor` is empty or has the form of a cursor list_disputes() gives.
bool is_dispute_cursor(std::string_view cursor) noexcept;

//! What begin_dispute found under the key.
struct DisputeBegin {
    bool created = false;  //!< true: this caller wrote the PENDING row and is the one to file it
    DisputeRecord record;  //!< the row as it stands (this caller's, or the one that was there)
};

//! The case store. Safe to call from several threads at once (each call takes a session from a pool);
//! every write is one transaction, so nothing is ever half written. Several hosts may share one PostgreSQL
//! database: the unique dispute key makes sure one of them files a dispute, order claims split the work.
class CaseStore {
  public:
    //! Opens the store, creating the database (SQLite) and its schema as needed, and runs the migrations
    //! it lacks, each once. Fails with one line naming the database when it cannot be opened, a migration
    //! fails, or its schema is newer than this code knows.
    static sdk::Result<std::unique_ptr<CaseStore>> open(const StoreOptions& options);
    ~CaseStore();
    CaseStore(const CaseStore&) = delete;
    CaseStore& operator=(const CaseStore&) = delete;

    //! The newest schema version this code knows (the number of migrations).
    static int latest_schema_version() noexcept;
    //! The options it was opened with (`host_id` filled in).
    const StoreOptions& options() const noexcept;
    //! `sqlite:<file>` or `postgresql:<connection string without password>`, for messages.
    const std::string& describe() const noexcept;
    //! The schema version recorded in the database.
    sdk::Result<int> schema_version();

    // --- Orders and decisions ---

    //! Upserts the order's latest decision, appends it to the history and stores the snapshots, in one
    //! transaction.
    sdk::Status record_decision(const DecisionRecord& record);
    //! The same for many orders, all in one transaction (faster in bulk).
    sdk::Status record_decisions(std::span<const DecisionRecord> records);
    //! The order's latest decision, or none when the store does not know the order.
    sdk::Result<std::optional<OrderRecord>> find_order(const OrderRef& order);
    //! The order's decisions, oldest first.
    sdk::Result<std::vector<HistoryEntry>> history(const OrderRef& order);
    //! The order's latest tracking snapshots, by package ref.
    sdk::Result<std::vector<TrackingSnapshot>> snapshots(const OrderRef& order);
    //! Stores the package snapshots as the order's latest tracking (replacing those of the same package
    //! refs), in one transaction. Fails naming the order when the store does not know it.
    sdk::Status save_snapshots(const OrderRef& order, std::span<const TrackingSnapshot> snapshots);
    //! Up to `limit` (at least 1) orders matching `query` by order key, after the one `cursor` (from an
    //! earlier page; empty: the first page) names. A cursor not of this list is an error starting `cursor:`.
    sdk::Result<OrderPage> list_orders(const OrderQuery& query, std::size_t limit, std::string_view cursor);
    //! The orders, by order key, whose package index (DecisionRecord::packages) holds `tracking_number`.
    sdk::Result<std::vector<OrderRecord>> orders_with_tracking(std::string_view tracking_number);
    //! Up to `limit` orders whose `next_check_at` is at or before `now`, earliest first.
    sdk::Result<std::vector<OrderRecord>> due_orders(sdk::Timestamp now, std::size_t limit);

    // --- Claims (several hosts on PostgreSQL) ---

    //! Claims orders for this host until `now` + the claim lease: one flag per order, in order, true when
    //! this host now holds it. An order is not claimed while another host's claim on it is live, nor, when
    //! `skip_decided_since` is given, once a decision for it was recorded at or after that instant (another
    //! host already did it this run). On SQLite (one host) every claim succeeds and nothing is written.
    sdk::Result<std::vector<bool>> claim_orders(std::span<const OrderRef> orders, sdk::Timestamp now,
                                                std::optional<sdk::Timestamp> skip_decided_since = {});
    //! Claims up to `limit` due orders (next_check_at <= now) that no host holds (this one included),
    //! earliest first; PostgreSQL hosts skip each other's locked rows (`FOR UPDATE SKIP LOCKED`). On SQLite
    //! (one host) it lists the due orders like due_orders().
    sdk::Result<std::vector<OrderRecord>> claim_due(sdk::Timestamp now, std::size_t limit);
    //! Gives up this host's claims on the orders.
    sdk::Status release_claims(std::span<const OrderRef> orders);
    //! The earliest `next_check_at` of the orders no host holds at `now` (held ones come back when their
    //! claim is released or lapses), or none when no order waits for a check.
    sdk::Result<std::optional<sdk::Timestamp>> next_check_time(sdk::Timestamp now);
    //! How many orders are due at `now` (next_check_at at or before it), held or not.
    sdk::Result<std::uint64_t> count_due(sdk::Timestamp now);
    //! Moves the next check of those of `orders` still due at `now` to `until`, adding nothing to their
    //! history: a re-check that could not decide or file is tried again then.
    sdk::Status defer_checks(std::span<const OrderRef> orders, sdk::Timestamp now, sdk::Timestamp until);

    // --- Disputes ---

    //! The order's disputes as the policy's tickets (order_id, code, created_at = the dispute's creation):
    //! `PENDING` and `FILED` are `OPEN` unless a state sync recorded another state (then that state);
    //! `REJECTED` is no ticket. Oldest first.
    sdk::Result<std::vector<Ticket>> tickets(const OrderRef& order);
    //! The order's disputes, oldest first.
    sdk::Result<std::vector<DisputeRecord>> disputes_of(const OrderRef& order);
    //! Writes the dispute `PENDING` under `request.key` unless a row with that key exists, and says whether
    //! this call created it. Only the creator files; anyone else finds the existing row (someone has or had
    //! it). Stores the request as JSON so the dispute can be settled or filed again after a crash.
    sdk::Result<DisputeBegin> begin_dispute(const sdk::DisputeRequest& request, std::string_view backend,
                                            sdk::Timestamp now);
    //! The dispute under `key`, or none.
    sdk::Result<std::optional<DisputeRecord>> find_dispute(std::string_view key);
    //! The states the dispute under `key` went through, oldest first (none when the store does not know it).
    //! Each transition below appends its event in its own transaction; a no-op appends none.
    sdk::Result<std::vector<DisputeEvent>> dispute_history(std::string_view key);
    //! PENDING → FILED with the remote ticket (counts an attempt, clears the last error). Marking a FILED
    //! dispute again with the same remote id is a no-op; anything else is an error naming the key and state.
    sdk::Status mark_filed(std::string_view key, const sdk::RemoteTicket& remote, sdk::Timestamp now);
    //! PENDING → REJECTED with the backend's reason (counts an attempt). Errors as mark_filed.
    sdk::Status mark_rejected(std::string_view key, std::string_view reason, sdk::Timestamp now);
    //! A failed attempt on a PENDING dispute (retry later): counts it and keeps the error; stays PENDING.
    sdk::Status record_attempt_failure(std::string_view key, std::string_view error, sdk::Timestamp now);
    //! Records the ticket's state as synced from the backend (changes what tickets() reports); the history
    //! gains the state only when it differs from the one synced before.
    sdk::Status record_remote_state(std::string_view key, sdk::TicketState state, sdk::Timestamp now);
    //! Every dispute, or those in `state`, oldest first.
    sdk::Result<std::vector<DisputeRecord>> list_disputes(std::optional<DisputeState> state = {});
    //! Up to `limit` (at least 1) disputes matching `query`, oldest first, after the one `cursor` (from an
    //! earlier page; empty: the first page) names. A cursor not of this list is an error starting `cursor:`.
    sdk::Result<DisputePage> list_disputes(const DisputeQuery& query, std::size_t limit,
                                           std::string_view cursor);
    //! The PENDING disputes, oldest first: to settle with their backends on start, before filing anything.
    sdk::Result<std::vector<DisputeRecord>> pending_disputes() {
        return list_disputes(DisputeState::kPending);
    }

    // --- Dashboard (store_stats.cpp) ---

    //! Orders by action and by rule, disputes by state and backend.
    sdk::Result<StoreCounts> counts();
    //! Up to `limit` orders with a next check, earliest first (those already due first of all).
    sdk::Result<std::vector<OrderRecord>> next_checks(std::size_t limit);
    //! Decisions and disputes created in [from, from + count * bucket), one bucket each, oldest first.
    sdk::Result<std::vector<ActivityBucket>> activity(sdk::Timestamp from, std::chrono::seconds bucket,
                                                      std::size_t count);
    //! Up to `limit` decisions recorded after the one numbered `after_id`, oldest first.
    sdk::Result<std::vector<DecisionEvent>> decisions_after(std::int64_t after_id, std::size_t limit);
    //! The number of the latest decision recorded, 0 when none is.
    sdk::Result<std::int64_t> latest_decision_id();
    //! The orders of that `order_id`, whatever their marketplace and shop, by order key.
    sdk::Result<std::vector<OrderRecord>> orders_with_id(std::string_view order_id);

    // --- Marketplaces (store_marketplace_cursors.cpp, store_remedies.cpp) ---

    //! Where the next pull of `shop_id` through marketplace plugin `plugin` starts, or none before the first.
    sdk::Result<std::optional<std::string>> marketplace_cursor(std::string_view plugin,
                                                               std::string_view shop_id);
    //! Stores the cursor the next pull of the shop starts from (replacing the one before).
    sdk::Status save_marketplace_cursor(std::string_view plugin, std::string_view shop_id,
                                        std::string_view cursor, sdk::Timestamp now);
    //! Writes the remedy `PENDING` under `update.key` unless a row with that key exists, and says whether
    //! this call created it. Only the creator sends it; anyone else finds the existing row. Stores the update
    //! as JSON so it can be settled or sent again after a crash.
    sdk::Result<RemedyBegin> begin_remedy(const sdk::PodUpdate& update, std::string_view plugin,
                                          sdk::Timestamp now);
    //! The remedy under `key`, or none.
    sdk::Result<std::optional<RemedyRecord>> find_remedy(std::string_view key);
    //! PENDING → APPLIED with where the marketplace keeps the proof (may be empty; counts an attempt, clears
    //! the last error). Marking an APPLIED remedy again is a no-op; anything else is an error naming the key
    //! and state.
    sdk::Status mark_remedy_applied(std::string_view key, std::string_view proof_url, sdk::Timestamp now);
    //! PENDING → REJECTED with the marketplace's reason as its last error (counts an attempt). Errors as
    //! mark_remedy_applied.
    sdk::Status mark_remedy_rejected(std::string_view key, std::string_view reason, sdk::Timestamp now);
    //! A failed attempt on a PENDING remedy (retry later): counts it and keeps the error; stays PENDING.
    sdk::Status record_remedy_failure(std::string_view key, std::string_view error, sdk::Timestamp now);
    //! The PENDING remedies, oldest first: to settle with their marketplaces before sending anything.
    sdk::Result<std::vector<RemedyRecord>> pending_remedies();
    //! The order's remedies, oldest first.
    sdk::Result<std::vector<RemedyRecord>> remedies_of(const OrderRef& order);

  private:
    struct Impl;
    explicit CaseStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace unstuck::core
