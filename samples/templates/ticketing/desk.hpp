#pragma once
// @DISPLAY_NAME@'s desk: a folder with one ticket folder per dispute key (ticket.json, its evidence, and a
// `state` file the desk's people write: OPEN, PENDING, SOLVED or CLOSED). Calls may throw; the plugin
// contains them. Replace the file system calls with your helpdesk's API (through the host's HTTP service).

#include <filesystem>
#include <string_view>

#include <unstuck/sdk/ticketing.hpp>

namespace @IDENT@ {

//! The desk folder as a ticketing backend.
class Desk {
  public:
    //! The desk in `dir`, created when missing.
    explicit Desk(std::filesystem::path dir);

    //! Files the dispute once: a second call with the same key answers the ticket already there.
    unstuck::sdk::FileResult file(const unstuck::sdk::DisputeRequest& request);
    //! The ticket filed under `key`, or not found.
    unstuck::sdk::FindResult find(std::string_view key);
    //! The ticket's state: its `state` file, OPEN without one.
    unstuck::sdk::StateResult state(const unstuck::sdk::RemoteTicket& ticket);
    //! Copies an evidence file into the ticket's folder.
    unstuck::sdk::AttachResult attach(const unstuck::sdk::RemoteTicket& ticket,
                                      const unstuck::sdk::EvidenceFile& file);

  private:
    unstuck::sdk::RemoteTicket ticket_for(std::string_view key) const;
    std::filesystem::path dir_;
};

}  // namespace @IDENT@
