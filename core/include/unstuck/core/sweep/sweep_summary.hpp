#pragma once
//! What a sweep did: orders by action and by rule, disputes and remedies by outcome, marketplace pulls,
//! errors.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace unstuck::core {

//! How the disputes left `PENDING` by earlier runs were settled before anything was filed.
struct SettleSummary {
    std::uint64_t found = 0;          //!< the backend had the key: marked FILED
    std::uint64_t refiled = 0;        //!< the backend did not have it: filed again under the same key
    std::uint64_t rejected = 0;       //!< filed again and refused: marked REJECTED
    std::uint64_t still_pending = 0;  //!< the backend could not be asked or asked to retry: stays PENDING
    std::uint64_t skipped = 0;        //!< another host holds the order: left to it

    //! Disputes looked at.
    std::uint64_t total() const noexcept { return found + refiled + rejected + still_pending + skipped; }
    //! Adds another part's counts.
    SettleSummary& operator+=(const SettleSummary& o) noexcept;
};

//! A dispute filed (or found filed) by this run.
struct FiledDispute {
    std::string key;
    std::string backend;
    std::string remote_id;
    std::string remote_url;
};

//! The counts of one sweep; workers keep their own and merge them at the end.
struct SweepSummary {
    bool dry_run = false;
    std::uint64_t lines = 0;      //!< non-blank input lines
    std::uint64_t bad_lines = 0;  //!< lines that are no valid order case (not decided)
    std::uint64_t decided = 0;    //!< orders decided (and recorded, unless a dry run)
    std::uint64_t skipped = 0;    //!< orders another host holds or already decided during this run
    std::uint64_t failed = 0;     //!< orders not decided: a carrier or store failure; they stay due
    std::map<std::string, std::uint64_t, std::less<>> by_action;
    std::map<std::string, std::uint64_t, std::less<>> by_rule;
    //! Orders by action and rule together, as the service's metrics count decisions.
    std::map<std::pair<std::string, std::string>, std::uint64_t, std::less<>> by_action_rule;

    std::uint64_t filed = 0;          //!< disputes this run filed
    std::uint64_t already_filed = 0;  //!< disputes the policy prescribes that the store already holds
    std::uint64_t pending = 0;        //!< disputes left PENDING: the backend asked to retry, or another filer
    std::uint64_t rejected = 0;       //!< disputes the backend refused (this run or before)
    std::uint64_t would_file = 0;     //!< dry run: disputes a real run would file
    std::uint64_t dispute_errors = 0;    //!< disputes that could not be started (no route, evidence, store)
    std::uint64_t tickets_followed = 0;  //!< tickets of filed disputes asked for their state at their backend
    std::uint64_t ticket_changes = 0;    //!< of those, tickets whose state changed (and was recorded)
    std::map<std::string, std::uint64_t, std::less<>> filed_by_backend;
    //! Disputes by backend and outcome: `filed`, `rejected`, `retry` (stays PENDING), `already_filed`, or
    //! `pending` (another filer holds it).
    std::map<std::pair<std::string, std::string>, std::uint64_t, std::less<>> disputes_by_backend;
    std::vector<FiledDispute> filed_disputes;  //!< the first kMaxListed filed by this run

    SettleSummary settled;  //!< the PENDING disputes of earlier runs, settled first

    // Seller-shipped remedies (delivery status with proof of delivery), by outcome, one per package.
    std::uint64_t remedies_applied = 0;   //!< sent by this run and applied
    std::uint64_t remedies_already = 0;   //!< the store already holds them applied
    std::uint64_t remedies_pending = 0;   //!< left PENDING: the marketplace asked to retry, or another sender
    std::uint64_t remedies_rejected = 0;  //!< the marketplace refused them (this run or before)
    std::uint64_t remedies_without_proof =
        0;                                   //!< no proof of delivery to send: the seller uploads it by hand
    std::uint64_t remedies_would_apply = 0;  //!< dry run: remedies a real run would send
    std::uint64_t remedy_errors = 0;         //!< remedies that could not be started (proof file, store)
    //! The PENDING remedies of earlier runs, settled first: `found` the marketplace shows them (APPLIED),
    //! `refiled` sent again under the same key and applied.
    SettleSummary settled_remedies;

    std::uint64_t pulled = 0;       //!< orders read from marketplace plugins
    std::uint64_t pull_errors = 0;  //!< marketplace pages or orders that could not be read

    std::uint64_t error_count = 0;    //!< every error, listed or not
    std::vector<std::string> errors;  //!< the first kMaxListed, one line each

    double seconds = 0;  //!< wall time of the run

    static constexpr std::size_t kMaxListed = 50;

    //! Notes one error line (kept when fewer than kMaxListed are kept).
    void error(std::string message);
    //! Counts a dispute filed by this run under its backend (listed when fewer than kMaxListed are listed).
    void filed_through(FiledDispute dispute);
    //! Counts a dispute's outcome under its backend (disputes_by_backend).
    void dispute_outcome(std::string_view backend, std::string_view outcome);
    //! Adds another worker's counts.
    void merge(const SweepSummary& other);
    //! True when no error was noted: every line was an order, every order was decided, every dispute this
    //! run started was filed or refused.
    bool clean() const noexcept { return error_count == 0; }
};

}  // namespace unstuck::core
