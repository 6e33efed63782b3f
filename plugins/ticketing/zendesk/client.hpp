#pragma once
// Files, finds and follows disputes as Zendesk Support tickets through the host's HTTP service.

#include <string>
#include <string_view>
#include <vector>

#include "ticketing/zendesk/config.hpp"
#include "unstuck/sdk/host_services.hpp"
#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::ticketing::zendesk {

//! The Zendesk Support API calls behind the plugin.
class Client {
  public:
    Client(Config config, sdk::Http& http, sdk::Logger* log);

    //! Finds the ticket whose external id is the key; else uploads the evidence, then creates the ticket with
    //! the key as Idempotency-Key and external id. A key clash with another body means another filer won:
    //! its ticket is returned.
    sdk::FileResult file(const sdk::DisputeRequest& request);
    //! The ticket whose external id is the key (the oldest when several carry it).
    sdk::FindResult find(std::string_view key);
    //! The ticket's status mapped onto the policy's four states.
    sdk::StateResult state(const sdk::RemoteTicket& ticket);
    //! Uploads the file and adds it to the ticket in an internal note; returns the attachment id.
    sdk::AttachResult attach(const sdk::RemoteTicket& ticket, const sdk::EvidenceFile& file);

    //! The JSON body of the ticket create call for a request and its upload tokens.
    std::string ticket_json(const sdk::DisputeRequest& request,
                            const std::vector<std::string>& upload_tokens) const;

  private:
    struct Upload {
        std::string token;
        std::string attachment_id;
    };
    sdk::TicketingResult<Upload> upload(const sdk::EvidenceFile& file, std::string bytes);
    sdk::HttpRequest request(std::string method, std::string path) const;
    sdk::RemoteTicket remote(const std::string& id) const;

    Config config_;
    sdk::Http& http_;
    sdk::Logger* log_;
    std::string auth_;
};

}  // namespace unstuck::ticketing::zendesk
