#pragma once
//! How the sweep fetches, files and keeps evidence: the host config's `sweep` section.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/core/config/host_config.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! The `sweep` section, with its defaults.
struct SweepOptions {
    //! Orders in flight at once (carrier fetches and filings run on this many threads).
    unsigned concurrency = 8;
    //! Orders claimed, decided and recorded together by one thread. Larger batches make fewer store round
    //! trips; smaller ones share the work between hosts more finely.
    unsigned batch_size = 128;
    //! Where the evidence files of disputes are written, one folder per dispute key; they must stay until
    //! the dispute is filed. Default: `evidence` beside the config.
    std::filesystem::path evidence_dir;
    //! The carrier plugin that fetches each carrier's tracking, by carrier name (e.g. `{"ups": "replay"}`);
    //! a carrier not listed is fetched by the plugin of its own name.
    std::map<std::string, std::string, std::less<>> carrier_plugins;
    //! The carriers asked to recognise a number when an order names none, in order of preference; empty:
    //! every loaded carrier plugin, by name.
    std::vector<std::string> detect;

    //! The plugin that fetches `carrier`'s tracking.
    std::string_view fetcher(std::string_view carrier) const {
        auto it = carrier_plugins.find(carrier);
        return it == carrier_plugins.end() ? carrier : std::string_view(it->second);
    }

    //! Reads the `sweep` section; relative paths resolve against the config's folder; errors name
    //! `sweep.<key>`.
    static sdk::Result<SweepOptions> from_config(const HostConfig& config);
};

}  // namespace unstuck::core
