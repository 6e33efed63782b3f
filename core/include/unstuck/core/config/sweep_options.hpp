#pragma once
//! How the sweep fetches, files and keeps evidence: the host config's `sweep` section.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

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
    //! The folders the files an order names (buyer confirmation, proof of delivery) must lie in, symlinks
    //! resolved; a file elsewhere fails its order. Empty (not configured): the orders file's folder and
    //! `config_dir`.
    std::vector<std::filesystem::path> evidence_roots;
    //! The config's folder (a default evidence root); empty without a config.
    std::filesystem::path config_dir;
    //! The carrier plugin that fetches each carrier's tracking, by carrier name (e.g. `{"ups": "replay"}`);
    //! a carrier not listed is fetched by the plugin of its own name.
    std::map<std::string, std::string, std::less<>> carrier_plugins;
    //! The carriers asked to recognise a number when an order names none, in order of preference; empty:
    //! every loaded carrier plugin, by name.
    std::vector<std::string> detect;
    //! The aggregator carrier plugin (e.g. `17track`, `aftership`) that fetches a package whose carrier has
    //! no plugin of its own, and a number no detector claims; empty: none, such packages fail.
    std::string aggregator;
    //! The marketplace plugins (by name, which is the `marketplace` of the orders they serve) that apply the
    //! seller-shipped remedy, delivery status with proof of delivery, and that pulls read changed orders
    //! from.
    std::vector<std::string> marketplaces;

    //! The plugin that fetches `carrier`'s tracking.
    std::string_view fetcher(std::string_view carrier) const {
        auto it = carrier_plugins.find(carrier);
        return it == carrier_plugins.end() ? carrier : std::string_view(it->second);
    }

    //! The evidence roots of a sweep whose relative order file names resolve in `orders_dir`: the
    //! configured ones, else `orders_dir` and the config's folder.
    std::vector<std::filesystem::path> evidence_roots_for(const std::filesystem::path& orders_dir) const;

    //! Reads the `sweep` section (null: the defaults); relative paths resolve against `base_dir`, the
    //! config's folder; errors name `sweep.<key>`.
    static sdk::Result<SweepOptions> from_json(const Poco::JSON::Object::Ptr& section,
                                               const std::filesystem::path& base_dir);
};

}  // namespace unstuck::core
