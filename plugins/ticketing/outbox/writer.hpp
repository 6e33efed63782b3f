#pragma once
// Writes each dispute as a folder a person files by hand: dispute.json, evidence/, README.txt, and later
// `state`.

#include <filesystem>
#include <string>
#include <string_view>

#include "ticketing/outbox/config.hpp"
#include "unstuck/sdk/host_services.hpp"
#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::ticketing::outbox {

//! The outbox folder and what is in it.
class Writer {
  public:
    Writer(Config config, const sdk::Clock* clock, sdk::Logger* log);

    //! Writes the dispute's folder atomically (temporary folder, fsync, rename); a key already written is
    //! left as it is and gives the same result.
    sdk::FileResult file(const sdk::DisputeRequest& request);
    //! The folder of the key, if written.
    sdk::FindResult find(std::string_view key);
    //! The folder's `state` file (OPEN, PENDING, SOLVED or CLOSED); OPEN while there is none.
    sdk::StateResult state(const sdk::RemoteTicket& ticket);
    //! Adds a file to the folder's evidence/ (atomically); the same file again is a no-op.
    sdk::AttachResult attach(const sdk::RemoteTicket& ticket, const sdk::EvidenceFile& file);

    //! The dispute.json document (pretty-printed).
    std::string dispute_json(const sdk::DisputeRequest& request, const std::string& folder,
                             const std::string& filed_at) const;
    //! The README.txt text.
    static std::string readme(const sdk::DisputeRequest& request, const std::string& filed_at);

  private:
    sdk::RemoteTicket remote(const std::string& folder) const;

    Config config_;
    const sdk::Clock* clock_;
    sdk::Logger* log_;
};

}  // namespace unstuck::ticketing::outbox
