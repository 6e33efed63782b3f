#include "unstuck/core/disputes/evidence_builder.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <set>

#include "unstuck/core/disputes/dispute_request.hpp"
#include "unstuck/sdk/dispute_folder.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/model_json.hpp"
#include "unstuck/sdk/status.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {
namespace fs = std::filesystem;
using sdk::Error;

//! A file the order names, checked to exist.
struct EvidenceBuilder::Named {
    fs::path path;
    std::string name;
};

namespace {

bool is_link(std::string_view ref) {
    auto scheme = ref.find("://");
    return scheme != std::string_view::npos && ref.substr(0, scheme) != "file";
}

// A name part made only of characters every file system takes.
std::string safe_part(std::string_view text) {
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        out += (std::isalnum(u) || c == '-' || c == '_' || c == '.') ? c : '_';
    }
    if (out.empty() || out.front() == '.') out.insert(out.begin(), '_');
    return out;
}

const PackageCase* find_package(const OrderCase& order, const std::string& ref,
                                std::size_t* index = nullptr) {
    for (std::size_t i = 0; i < order.packages.size(); ++i) {
        if (order.packages[i].ref() == ref) {
            if (index) *index = i;
            return &order.packages[i];
        }
    }
    return nullptr;
}

std::vector<const sdk::Event*> sorted_events(const PackageCase& pkg) {
    std::vector<const sdk::Event*> events;
    for (const auto& e : pkg.events) events.push_back(&e);
    std::stable_sort(events.begin(), events.end(),
                     [](const auto* a, const auto* b) { return a->at < b->at; });
    return events;
}

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string tracking_csv(const PackageCase& pkg) {
    std::string out =
        "at,local_time,utc_offset,time_uncertain,status,substatus,physical_scan,return_leg,code,description,"
        "city,"
        "region,postal_code,country,source\n";
    for (const auto* e : sorted_events(pkg)) {
        const std::string fields[] = {sdk::format_utc(e->at),
                                      e->local_time.value_or(""),
                                      e->utc_offset.value_or(""),
                                      e->time_uncertain ? "true" : "false",
                                      std::string(sdk::to_string(e->status)),
                                      e->substatus,
                                      e->physical_scan ? "true" : "false",
                                      e->return_leg ? "true" : "false",
                                      e->code,
                                      e->description,
                                      e->location.city,
                                      e->location.region,
                                      e->location.postal_code,
                                      e->location.country,
                                      e->source};
        bool first = true;
        for (const auto& f : fields) {
            if (!first) out += ',';
            first = false;
            out += csv_field(f);
        }
        out += '\n';
    }
    return out;
}

// The package, its number and its carrier, by plugin name and by the name people read.
void write_package_head(sdk::JsonWriter& w, const PackageCase& pkg, const EvidenceOptions& options) {
    w.field("package_id", pkg.package_id);
    w.field("tracking_number", pkg.tracking_number);
    const std::string& carrier = !pkg.carrier.empty() ? pkg.carrier
                                 : pkg.raw            ? pkg.raw->carrier
                                                      : pkg.carrier;
    auto name = options.carrier_names.find(carrier);
    w.field("carrier", carrier);
    w.field("carrier_name", name == options.carrier_names.end() ? carrier : name->second);
}

std::string tracking_json(const PackageCase& pkg, const EvidenceOptions& options) {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object();
    write_package_head(w, pkg, options);
    w.key("events").begin_array();
    for (const auto* e : sorted_events(pkg)) sdk::write_json(w, *e);
    w.end_array();
    w.end_object();
    out += '\n';
    return out;
}

// The canonical event a piece of evidence cites, or for a stalled package its latest physical scan.
const sdk::Event* trigger_event(const PackageCase& pkg, const Evidence& ev) {
    if (ev.kind == EvidenceKind::kCarrierPickupEvent || ev.kind == EvidenceKind::kCarrierDeliveryEvent) {
        if (ev.events.empty()) return nullptr;
        const EventSummary& s = ev.events.front();
        for (const auto& e : pkg.events)
            if (e.at == s.at && e.code == s.code && e.description == s.description) return &e;
        return nullptr;
    }
    if (ev.kind == EvidenceKind::kLastUpdate) {
        const sdk::Event* last = nullptr;
        for (const auto* e : sorted_events(pkg))
            if (e->physical_scan) last = e;
        return last;
    }
    return nullptr;
}

// A path with every symlink of its existing part resolved, and `.` and `..` taken out.
fs::path resolved(const fs::path& path) {
    std::error_code ec;
    fs::path real = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return ec ? fs::absolute(path).lexically_normal() : real;
}

// True when `path` is `root` or lies under it, comparing whole names.
bool within(const fs::path& path, const fs::path& root) {
    auto p = path.begin();
    for (auto r = root.begin(); r != root.end(); ++r, ++p) {
        if (r->empty()) continue;  // a trailing separator
        if (p == path.end() || *p != *r) return false;
    }
    return true;
}

Error write_error(const fs::path& file, const std::string& why) {
    return Error{"evidence file " + file.string() + ": " + why};
}

// Writes through a temporary name and a rename, so a reader never sees half a file. The temporary name is
// this process's and this call's own: threads building the same dispute's evidence never share one.
sdk::Status write_file(const fs::path& file, const std::string& bytes) {
    static std::atomic<std::uint64_t> calls{0};
    fs::path tmp = file;
    tmp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(calls.fetch_add(1));
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return write_error(file, "cannot be written");
        out << bytes;
        out.flush();
        if (!out) return write_error(file, "write failed");
    }
    std::error_code ec;
    fs::rename(tmp, file, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return write_error(file, "cannot be renamed into place");
    }
    return {};
}

}  // namespace

std::string dispute_folder_name(std::string_view key) {
    return sdk::dispute_folder_name(key);
}

std::string media_type_of(std::string_view file_name) {
    auto dot = file_name.rfind('.');
    std::string ext = dot == std::string_view::npos ? std::string() : std::string(file_name.substr(dot + 1));
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {"png", "image/png"},       {"jpg", "image/jpeg"},     {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},       {"webp", "image/webp"},    {"heic", "image/heic"},
        {"pdf", "application/pdf"}, {"csv", "text/csv"},       {"json", "application/json"},
        {"txt", "text/plain"},      {"mp4", "video/mp4"},      {"mov", "video/quicktime"},
        {"zip", "application/zip"}, {"eml", "message/rfc822"}, {"html", "text/html"}};
    for (const auto& [e, type] : kTypes)
        if (e == ext) return std::string(type);
    return "application/octet-stream";
}

EvidenceBuilder::EvidenceBuilder(EvidenceOptions options) : options_(std::move(options)) {}

sdk::Result<std::optional<fs::path>> EvidenceBuilder::order_file(const std::string& where,
                                                                 const std::string& ref) const {
    if (ref.empty() || is_link(ref)) return std::optional<fs::path>();
    std::vector<fs::path> roots =
        options_.roots.empty() ? std::vector<fs::path>{options_.base_dir} : options_.roots;
    for (auto& root : roots) root = resolved(root);
    auto inside_roots = [&](const fs::path& path) {
        const fs::path real = resolved(path);
        return std::any_of(roots.begin(), roots.end(),
                           [&](const fs::path& root) { return within(real, root); });
    };
    auto roots_text = [&] {
        std::string text;
        for (const auto& root : roots) text += (text.empty() ? "" : ", ") + root.string();
        return text;
    };
    std::string local = ref.rfind("file://", 0) == 0 ? ref.substr(7) : ref;
    fs::path path = fs::path(local).is_absolute() ? fs::path(local) : options_.base_dir / local;
    path = path.lexically_normal();
    if (!inside_roots(path))
        return Error{where + ": " + ref + ": outside the evidence folders (" + roots_text() + ")"};
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (!fs::exists(status)) return Error{where + ": " + ref + ": no such file (" + path.string() + ")"};
    if (!fs::is_regular_file(status))
        return Error{where + ": " + ref + ": not a file (" + path.string() + ")"};
    if (std::ifstream probe(path, std::ios::binary); !probe)
        return Error{where + ": " + ref + ": cannot be read (" + path.string() + ")"};
    return std::optional<fs::path>(path);
}

sdk::Result<std::vector<EvidenceBuilder::Named>> EvidenceBuilder::named_files(const Dispute& dispute,
                                                                              const OrderCase& order) const {
    std::vector<Named> out;
    auto check = [&](const std::string& where, const std::string& ref) -> sdk::Status {
        auto path = order_file(where, ref);
        if (!path) return std::move(path).error();
        if (*path) out.push_back({**path, (*path)->filename().string()});
        return {};
    };
    for (const auto& ev : dispute.evidence) {
        if (ev.kind == EvidenceKind::kBuyerConfirmation) {
            for (std::size_t i = 0; i < ev.files.size(); ++i) {
                auto s = check("buyer_confirmed_receipt.evidence[" + std::to_string(i) + "]", ev.files[i]);
                if (!s) return Error{s.message()};
            }
        } else if (ev.kind == EvidenceKind::kProofOfDelivery && ev.proof) {
            std::size_t index = 0;
            find_package(order, ev.package, &index);
            auto s = check("packages[" + std::to_string(index) + "].proof_of_delivery.url", ev.proof->url);
            if (!s) return Error{s.message()};
        }
    }
    return out;
}

sdk::Result<std::vector<sdk::EvidenceFile>> EvidenceBuilder::write(const Dispute& dispute,
                                                                   const OrderCase& order,
                                                                   std::vector<Named> named) const {
    fs::path dir = options_.out_dir / dispute_folder_name(dispute.key);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Error{"evidence folder " + dir.string() + ": cannot be created (" + ec.message() + ")"};

    std::vector<sdk::EvidenceFile> files;
    std::set<std::string> taken;
    auto unique = [&](std::string name) {
        if (taken.insert(name).second) return name;
        auto dot = name.rfind('.');
        std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
        std::string ext = dot == std::string::npos || dot == 0 ? std::string() : name.substr(dot);
        for (int n = 2;; ++n) {
            std::string candidate = stem + "-" + std::to_string(n) + ext;
            if (taken.insert(candidate).second) return candidate;
        }
    };
    auto emit = [&](const std::string& name, const std::string& bytes, const char* type) -> sdk::Status {
        std::string unique_name = unique(name);
        fs::path file = dir / unique_name;
        if (auto s = write_file(file, bytes); !s) return s;
        files.push_back({unique_name, file.string(), type});
        return {};
    };

    for (const auto& ref : dispute.packages) {
        const PackageCase* pkg = find_package(order, ref);
        if (!pkg) return Error{"dispute " + dispute.key + ": package " + ref + " is not in the order"};
        std::string part = safe_part(ref);
        if (auto s = emit("tracking-" + part + ".csv", tracking_csv(*pkg), "text/csv"); !s)
            return Error{s.message()};
        if (auto s = emit("tracking-" + part + ".json", tracking_json(*pkg, options_), "application/json");
            !s)
            return Error{s.message()};
    }
    for (const auto& ev : dispute.evidence) {
        if (ev.package.empty()) continue;
        const PackageCase* pkg = find_package(order, ev.package);
        const sdk::Event* event = pkg ? trigger_event(*pkg, ev) : nullptr;
        if (!event) continue;
        std::string json;
        sdk::JsonWriter w(json);
        w.begin_object();
        w.field("kind", ev.kind == EvidenceKind::kLastUpdate ? std::string_view("last_physical_scan")
                                                             : to_string(ev.kind));
        write_package_head(w, *pkg, options_);
        w.key("event");
        sdk::write_json(w, *event);
        w.end_object();
        json += '\n';
        if (auto s = emit("carrier-event-" + safe_part(ev.package) + ".json", json, "application/json"); !s)
            return Error{s.message()};
    }
    for (auto& n : named) {
        std::string type = media_type_of(n.name);
        files.push_back({unique(n.name), n.path.string(), type});
    }
    return files;
}

sdk::Result<std::vector<sdk::EvidenceFile>> EvidenceBuilder::build(const Dispute& dispute,
                                                                   const OrderCase& order) const {
    auto named = named_files(dispute, order);
    if (!named) return std::move(named).error();
    return write(dispute, order, std::move(*named));
}

sdk::Result<std::vector<sdk::DisputeRequest>> EvidenceBuilder::requests(const Decision& decision,
                                                                        const OrderCase& order) const {
    std::vector<std::vector<Named>> named;
    for (const auto& dispute : decision.disputes) {
        auto n = named_files(dispute, order);
        if (!n) return Error{"dispute " + dispute.key + ": " + n.error().message};
        named.push_back(std::move(*n));
    }
    std::vector<sdk::DisputeRequest> out;
    for (std::size_t i = 0; i < decision.disputes.size(); ++i) {
        const Dispute& dispute = decision.disputes[i];
        auto files = write(dispute, order, std::move(named[i]));
        if (!files) return Error{"dispute " + dispute.key + ": " + files.error().message};
        sdk::DisputeRequest request = make_dispute_request(decision, dispute, order);
        request.files = std::move(*files);
        out.push_back(std::move(request));
    }
    return out;
}

}  // namespace unstuck::core
