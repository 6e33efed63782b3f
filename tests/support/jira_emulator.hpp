#pragma once
// A Jira Service Management (Cloud) API on the loopback server: customer requests, temporary attachments,
// request attachments, JQL label search, basic authentication and injected failures, answering with the
// documented shapes.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "support/loopback_server.hpp"
#include "support/zendesk_emulator.hpp"  // EmulatorFault

namespace unstuck::test {

//! Jira Service Management as the plugin sees it. Thread-safe.
class JiraEmulator {
  public:
    //! A file attached to a request.
    struct Attachment {
        std::string filename;
        std::string mime_type;
        std::string bytes;
        bool is_public = false;
    };
    //! A stored customer request.
    struct Request {
        std::string issue_id;
        std::string issue_key;
        std::string service_desk_id;
        std::string request_type_id;
        std::string summary;
        std::string description;
        std::vector<std::string> labels;
        std::string status = "Waiting for support";
        std::string status_category = "NEW";
        std::vector<Attachment> attachments;
        std::vector<std::string> comments;
    };

    //! Starts the server; requests must authenticate as `{email}:{api_token}`; the one service desk has the
    //! given request types.
    JiraEmulator(std::string email, std::string api_token, std::string service_desk_id,
                 std::set<std::string> request_type_ids);

    std::string base_url() const { return server_.base_url(); }
    LoopbackServer& server() { return server_; }

    //! Adds a failure for the next matching requests.
    void inject(EmulatorFault fault);
    //! Sets a request's status and its category (`NEW`, `INDETERMINATE`, `DONE`).
    void set_status(const std::string& issue_key, const std::string& status, const std::string& category);
    //! Raises a request directly, as another filer would.
    std::string seed_request(const std::string& label);

    std::vector<Request> requests() const;
    //! Temporary files uploaded and not attached yet.
    std::size_t pending_temporary_files() const;

  private:
    LoopbackResponse handle(const LoopbackRequest& request);
    LoopbackResponse create_request(const LoopbackRequest& request);
    LoopbackResponse search(const LoopbackRequest& request, bool v3) const;
    LoopbackResponse upload_temporary(const LoopbackRequest& request);
    LoopbackResponse attach(Request& r, const LoopbackRequest& request);
    LoopbackResponse list_attachments(const Request& r, const LoopbackRequest& request) const;
    std::string request_json(const Request& r) const;
    Request* find(const std::string& id_or_key);

    std::string authorization_;
    std::string service_desk_id_;
    std::set<std::string> request_type_ids_;
    mutable std::mutex mutex_;
    std::vector<EmulatorFault> faults_;
    std::vector<Request> requests_;
    std::map<std::string, Attachment> temporary_;
    int next_temporary_ = 8186986;
    LoopbackServer server_;  // last: stops before the state above goes
};

}  // namespace unstuck::test
