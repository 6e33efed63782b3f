#pragma once
//! Evidence files for a dispute: each package's tracking history (CSV and JSON), the carrier event that fired
//! the rule, and the files the order names (the buyer's confirmation, proof of delivery).

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/core/policy/decision.hpp"
#include "unstuck/core/policy/order_case.hpp"
#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::core {

//! Where evidence goes and where the order's own file names are found.
struct EvidenceOptions {
    //! Generated files go to `<out_dir>/<dispute folder>/` (see dispute_folder_name).
    std::filesystem::path out_dir;
    //! A relative file name in the order (buyer confirmation, proof of delivery) is looked up here.
    std::filesystem::path base_dir;
    //! The folders the files an order names must lie in, symlinks resolved; empty: `base_dir` only.
    std::vector<std::filesystem::path> roots;
    //! The names people read for carriers (plugin name to display name, as the policy's `carrier_names`); a
    //! carrier not in it is named as itself.
    std::map<std::string, std::string, std::less<>> carrier_names;
};

//! A dispute key as a folder name: letters, digits, '.', '_' and '-' kept, ':' becomes '+', every other byte
//! `%XX`, a leading '.' `%2E` (the outbox plugin names its folders the same way).
std::string dispute_folder_name(std::string_view key);

//! The media type a file name's extension stands for (`application/octet-stream` when unknown).
std::string media_type_of(std::string_view file_name);

//! Builds the evidence files of disputes and the complete requests to file.
class EvidenceBuilder {
  public:
    explicit EvidenceBuilder(EvidenceOptions options);

    //! The evidence files of one dispute. First checks every file the order names for it; one outside the
    //! roots (an absolute path elsewhere, a `..` escape, a symlink leading out) or that does not exist is an
    //! error naming it (`buyer_confirmed_receipt.evidence[0]: chat/a.png: no such file (/base/chat/a.png)`)
    //! and nothing is written. Links (`https://...`) are facts, not files.
    sdk::Result<std::vector<sdk::EvidenceFile>> build(const Dispute& dispute, const OrderCase& order) const;

    //! One complete request per dispute of the decision (make_dispute_request plus build). Every dispute's
    //! named files are checked before any file is written: on an error nothing is written and nothing is to
    //! be filed.
    sdk::Result<std::vector<sdk::DisputeRequest>> requests(const Decision& decision,
                                                           const OrderCase& order) const;

    //! A file an order names (`ref`, at the field `where`): a relative name resolves in the base folder, and
    //! the file must lie inside the roots, exist and be readable, else an error as build() gives. None for an
    //! empty name or a link (`https://...`), which is no file.
    sdk::Result<std::optional<std::filesystem::path>> order_file(const std::string& where,
                                                                 const std::string& ref) const;

  private:
    struct Named;
    sdk::Result<std::vector<Named>> named_files(const Dispute& dispute, const OrderCase& order) const;
    sdk::Result<std::vector<sdk::EvidenceFile>> write(const Dispute& dispute, const OrderCase& order,
                                                      std::vector<Named> named) const;

    EvidenceOptions options_;
};

}  // namespace unstuck::core
