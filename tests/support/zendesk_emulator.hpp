#pragma once
// A Zendesk Support API on the loopback server: uploads, tickets, external-id lookup, idempotent creates,
// API-token authentication and injected failures, answering with the documented shapes.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "support/loopback_server.hpp"

namespace unstuck::test {

//! An answer the emulator gives instead of (or after) handling a request.
struct EmulatorFault {
    std::string method;  //!< e.g. `POST`
    std::string path;    //!< exact path, query ignored, e.g. `/api/v2/tickets`
    int status = 500;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    //! Handle the request first (the ticket is created), then answer with the fault: a lost response.
    bool after_handling = false;
    int times = 1;  //!< how many matching requests get it
};

//! Zendesk Support as the plugin sees it. Thread-safe.
class ZendeskEmulator {
  public:
    //! A stored upload.
    struct Upload {
        std::string token;
        std::int64_t attachment_id = 0;
        std::string file_name;
        std::string content_type;
        std::string bytes;
    };
    //! A comment on a ticket.
    struct Comment {
        std::string body;
        bool is_public = true;
        std::vector<std::string> upload_tokens;
    };
    //! A stored ticket.
    struct Ticket {
        std::int64_t id = 0;
        std::string external_id;
        std::string subject;
        std::string status = "new";
        std::string priority;
        std::string type;
        std::vector<std::string> tags;
        std::map<std::int64_t, std::string> custom_fields;
        std::vector<Comment> comments;
    };

    //! Starts the server; requests must authenticate as `{email}/token:{api_token}`. Ticket fields with ids
    //! in `field_ids` exist; a create naming another field is refused with 422 as Zendesk does.
    ZendeskEmulator(std::string email, std::string api_token, std::set<std::int64_t> field_ids);

    std::string base_url() const { return server_.base_url(); }
    LoopbackServer& server() { return server_; }

    //! Adds a failure for the next matching requests.
    void inject(EmulatorFault fault);
    //! Runs once, right before the next ticket create is handled (e.g. another filer winning the race).
    void before_next_create(std::function<void(ZendeskEmulator&)> hook);

    //! Creates a ticket directly, as another filer would, under an idempotency key with another body.
    std::int64_t seed_ticket(const std::string& external_id, const std::string& idempotency_key);
    //! Sets a ticket's status (`new`, `open`, `pending`, `hold`, `solved`, `closed`).
    void set_status(std::int64_t id, const std::string& status);

    std::vector<Ticket> tickets() const;
    std::optional<Upload> upload(const std::string& token) const;
    std::size_t upload_count() const;
    //! Ticket creates that reached the handler (replays and refusals included).
    std::size_t create_calls() const;
    //! Creates answered as idempotent replays (`x-idempotency-lookup: hit`).
    std::size_t replays() const;

  private:
    LoopbackResponse handle(const LoopbackRequest& request);
    LoopbackResponse create_ticket(const LoopbackRequest& request);
    LoopbackResponse update_ticket(std::int64_t id, const LoopbackRequest& request);
    LoopbackResponse store_upload(const LoopbackRequest& request);
    LoopbackResponse list_tickets(const LoopbackRequest& request) const;
    std::string ticket_json(const Ticket& t) const;

    std::string authorization_;
    std::set<std::int64_t> field_ids_;
    mutable std::mutex mutex_;
    std::vector<EmulatorFault> faults_;
    std::function<void(ZendeskEmulator&)> before_create_;
    std::map<std::int64_t, Ticket> tickets_;
    std::map<std::string, Upload> uploads_;
    struct Stored {
        std::string body;
        LoopbackResponse response;
    };
    std::map<std::string, Stored> idempotency_;
    std::int64_t next_ticket_ = 35436;
    std::int64_t next_attachment_ = 498483;
    std::size_t create_calls_ = 0;
    std::size_t replays_ = 0;
    LoopbackServer server_;  // last: stops (and joins its threads) before the state above goes
};

//! The first matching fault in `faults` (its count taken), if any.
std::optional<EmulatorFault> take_fault(std::vector<EmulatorFault>& faults, const LoopbackRequest& request);
//! The fault as a loopback answer.
LoopbackResponse fault_response(const EmulatorFault& fault);

}  // namespace unstuck::test
