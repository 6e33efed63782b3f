#pragma once
// Files, finds and follows disputes as Jira Service Management requests through the host's HTTP service.

#include <string>
#include <string_view>
#include <vector>

#include "ticketing/jira-sm/config.hpp"
#include "unstuck/sdk/host_services.hpp"
#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::ticketing::jira_sm {

//! The Jira Service Management API calls behind the plugin.
class Client {
  public:
    Client(Config config, sdk::Http& http, sdk::Logger* log);

    //! Finds the request labelled with the key, else raises it (never retried blindly: Jira takes no
    //! idempotency key); then attaches every evidence file it does not carry yet.
    sdk::FileResult file(const sdk::DisputeRequest& request);
    //! The request labelled with the key (the oldest when several carry it), through a JQL search.
    sdk::FindResult find(std::string_view key);
    //! The request's current status mapped onto the policy's four states.
    sdk::StateResult state(const sdk::RemoteTicket& ticket);
    //! Uploads the file as a temporary attachment and attaches it to the request; returns its file name.
    sdk::AttachResult attach(const sdk::RemoteTicket& ticket, const sdk::EvidenceFile& file);

    //! The JSON body of the create-request call.
    std::string request_json(const sdk::DisputeRequest& request) const;
    //! The label that carries a dispute key (Jira labels hold no spaces: whitespace becomes '_').
    static std::string label(std::string_view key);

  private:
    sdk::HttpRequest request(std::string method, std::string path) const;
    sdk::RemoteTicket remote(const std::string& issue_key) const;
    sdk::TicketingResult<std::vector<std::string>> attached_names(const std::string& issue_key);
    //! A file and its bytes, read before anything is sent.
    struct Loaded {
        const sdk::EvidenceFile* file;
        std::string bytes;
    };
    sdk::TicketingResult<std::string> upload_temporary(const Loaded& file);
    sdk::TicketingResult<std::string> attach_files(const std::string& issue_key,
                                                   const std::vector<Loaded>& files,
                                                   const std::string& comment);

    Config config_;
    sdk::Http& http_;
    sdk::Logger* log_;
    std::string auth_;
};

}  // namespace unstuck::ticketing::jira_sm
