#pragma once
//! The ticketing plugin interface: file a dispute once under its key, find it, follow it, attach evidence.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/sdk/plugin.hpp"

namespace unstuck::sdk {

//! A package named in a dispute.
struct DisputePackage {
    std::string package_id;
    std::string tracking_number;
    std::string carrier;
};

//! A file of evidence on disk.
struct EvidenceFile {
    std::string name;        //!< file name as the ticket shows it
    std::string path;        //!< where to read it
    std::string media_type;  //!< e.g. `text/csv`
};

//! A fact of evidence, e.g. {"order_id", "5768..."}; `value` is text or compact JSON.
struct EvidenceFact {
    std::string kind;
    std::string value;
};

//! One dispute to file, as the policy decided it (policy.md sections 4 and 5).
struct DisputeRequest {
    std::string key;                //!< the idempotency key: `{marketplace}:{shop_id}:{order_id}:{code}[:n]`
    std::string code;               //!< e.g. `pick_up_issues.picked_up_not_updated`
    std::vector<std::string> path;  //!< the Complaints & Dispute path, top first
    std::string marketplace;
    std::string shop_id;
    std::string order_id;
    std::vector<DisputePackage> packages;
    std::vector<EvidenceFile> files;
    std::vector<EvidenceFact> facts;
    std::string explanation;
};

//! Where a filed dispute lives in the backend.
struct RemoteTicket {
    std::string id;
    std::string url;
};

//! A ticket's state, mapped onto the policy's four.
enum class TicketState : std::uint8_t { kOpen, kPending, kSolved, kClosed };

//! The typed outcome of a ticketing call.
template <typename T>
struct TicketingResult {
    enum class Kind : std::uint8_t {
        kOk,        //!< done; `value` holds the answer
        kNotFound,  //!< (find) nothing carries that key
        kRetry,     //!< try again later (`retry_after` when the backend said when)
        kRejected,  //!< the backend refused; `message` says why
    };
    Kind kind = Kind::kRejected;
    T value{};
    std::string message;
    std::optional<std::chrono::seconds> retry_after;

    static TicketingResult ok(T v) { return {Kind::kOk, std::move(v), {}, {}}; }
    static TicketingResult not_found() { return {Kind::kNotFound, {}, {}, {}}; }
    static TicketingResult retry(std::string m, std::optional<std::chrono::seconds> after = {}) {
        return {Kind::kRetry, {}, std::move(m), after};
    }
    static TicketingResult rejected(std::string m) { return {Kind::kRejected, {}, std::move(m), {}}; }
};

using FileResult = TicketingResult<RemoteTicket>;   //!< filed (remote ticket) / retry / rejected
using FindResult = TicketingResult<RemoteTicket>;   //!< found / not found / retry / rejected
using StateResult = TicketingResult<TicketState>;   //!< state / retry / rejected
using AttachResult = TicketingResult<std::string>;  //!< attachment id / retry / rejected

//! A ticketing plugin. Methods must not throw: the host contains a stray exception as a rejection.
class TicketingPlugin : public Plugin {
  public:
    ~TicketingPlugin() override;
    //! Files the dispute with `request.key` as idempotency key; filing the same key again files nothing new.
    virtual FileResult file(const DisputeRequest& request) = 0;
    //! Finds the ticket filed under a key.
    virtual FindResult find(std::string_view key) = 0;
    //! The ticket's current state.
    virtual StateResult state(const RemoteTicket& ticket) = 0;
    //! Attaches one more evidence file to a filed ticket.
    virtual AttachResult attach(const RemoteTicket& ticket, const EvidenceFile& file) = 0;
};

}  // namespace unstuck::sdk
