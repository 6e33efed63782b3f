#include "ticketing/outbox/writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include <simdjson.h>

#include "ticketing/common/dispute_text.hpp"
#include "ticketing/common/files.hpp"
#include "unstuck/sdk/dispute_folder.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/pretty_json.hpp"
#include "unstuck/sdk/ticket_state.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::ticketing::outbox {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxName = 255;

std::string errno_text() {
    return std::strerror(errno);
}

// Writes the whole file and fsyncs it; the name must not exist yet.
sdk::Status write_synced(const fs::path& path, std::string_view bytes) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return sdk::Error{path.string() + ": cannot create (" + errno_text() + ")"};
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            std::string why = errno_text();
            ::close(fd);
            return sdk::Error{path.string() + ": write failed (" + why + ")"};
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        std::string why = errno_text();
        ::close(fd);
        return sdk::Error{path.string() + ": fsync failed (" + why + ")"};
    }
    if (::close(fd) != 0) return sdk::Error{path.string() + ": close failed (" + errno_text() + ")"};
    return {};
}

sdk::Status sync_dir(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return sdk::Error{dir.string() + ": cannot open (" + errno_text() + ")"};
    int rc = ::fsync(fd);
    std::string why = rc != 0 ? errno_text() : "";
    ::close(fd);
    if (rc != 0) return sdk::Error{dir.string() + ": fsync failed (" + why + ")"};
    return {};
}

// A name no other writer (thread or process) picks at the same time.
std::string unique_suffix() {
    static std::atomic<unsigned> counter{0};
    static const unsigned seed = std::random_device{}();
    return std::to_string(::getpid()) + "-" + std::to_string(seed) + "-" + std::to_string(counter++);
}

// An evidence file's name inside evidence/: no path separators, no hidden or dot names.
std::string file_name(std::string_view name) {
    std::string out;
    for (char c : name)
        out += (c == '/' || c == '\\' || c == '\0' || std::iscntrl(static_cast<unsigned char>(c))) ? '_' : c;
    if (!out.empty() && out.front() == '.') out.front() = '_';
    return out;
}

bool looks_like_json(std::string_view v) {
    if (v.empty() || (v.front() != '{' && v.front() != '[')) return false;
    simdjson::dom::parser parser;
    simdjson::dom::element e;
    return !parser.parse(v.data(), v.size(), true).get(e);
}

std::string read_small(const fs::path& path, bool& exists) {
    std::ifstream in(path, std::ios::binary);
    exists = static_cast<bool>(in);
    std::ostringstream s;
    if (in) s << in.rdbuf();
    return s.str();
}

}  // namespace

Writer::Writer(Config config, const sdk::Clock* clock, sdk::Logger* log)
    : config_(std::move(config)), clock_(clock), log_(log) {}

sdk::RemoteTicket Writer::remote(const std::string& folder) const {
    return {folder, "file://" + (config_.dir / folder).string()};
}

std::string Writer::dispute_json(const sdk::DisputeRequest& request, const std::string& folder,
                                 const std::string& filed_at) const {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object();
    w.field("key", request.key);
    w.field("folder", folder);
    w.field("filed_at", filed_at);
    w.key("seller_center_form").begin_object();
    w.key("path").begin_array();
    for (const auto& p : request.path) w.value(p);
    w.end_array();
    w.field("path_text", path_text(request));
    w.field("order_id", request.order_id);
    w.field("description", seller_center_description(request));
    w.end_object();
    w.field("code", request.code);
    w.field("marketplace", request.marketplace);
    w.field("shop_id", request.shop_id);
    w.field("order_id", request.order_id);
    w.key("packages").begin_array();
    for (const auto& p : request.packages) {
        w.begin_object()
            .field("package_id", p.package_id)
            .field("tracking_number", p.tracking_number)
            .field("carrier", p.carrier)
            .end_object();
    }
    w.end_array();
    w.key("facts").begin_array();
    for (const auto& f : request.facts) {
        w.begin_object().field("kind", f.kind).key("value");
        if (looks_like_json(f.value))
            w.raw(f.value);
        else
            w.value(f.value);
        w.end_object();
    }
    w.end_array();
    w.key("evidence_files").begin_array();
    for (const auto& f : request.files) {
        std::string name = file_name(f.name);
        w.begin_object()
            .field("name", name)
            .field("file", "evidence/" + name)
            .field("media_type", f.media_type)
            .end_object();
    }
    w.end_array();
    w.field("explanation", request.explanation);
    w.end_object();
    return sdk::pretty_json(out) + '\n';
}

std::string Writer::readme(const sdk::DisputeRequest& request, const std::string& filed_at) {
    std::string market = marketplace_name(request.marketplace);
    std::string out;
    out += "Dispute " + request.key + "\n";
    out += "Written " + filed_at + ". " + market +
           " takes disputes only in Seller Center: file this one by hand.\n\n";
    out += "1. In Seller Center, open a new ticket and choose this path:\n   " + path_text(request) + "\n\n";
    out += "2. Order ID: paste\n   " + request.order_id + "\n\n";
    out += "3. Description: paste the text between the lines\n";
    out += "-----\n" + seller_center_description(request) + "-----\n\n";
    if (request.files.empty()) {
        out += "4. Nothing to attach.\n\n";
    } else {
        out += "4. Attach every file in the evidence folder:\n";
        for (const auto& f : request.files) out += "   evidence/" + file_name(f.name) + "\n";
        out += "\n";
    }
    out +=
        "5. Then write the dispute's state into a file named `state` in this folder: OPEN, PENDING, SOLVED\n"
        "   or CLOSED (no file means OPEN). unstuck reads it to follow the dispute.\n\n";
    out += "Evidence\n" + evidence_table(request);
    out += "\ndispute.json holds all of the above as data.\n";
    return out;
}

sdk::FileResult Writer::file(const sdk::DisputeRequest& request) {
    if (request.key.empty()) return sdk::FileResult::rejected("outbox: the dispute has no key");
    std::string folder = sdk::dispute_folder_name(request.key);
    if (folder.size() > kMaxName)
        return sdk::FileResult::rejected("outbox: dispute key too long for a folder name: " + request.key);
    fs::path final_dir = config_.dir / folder;
    std::error_code ec;
    if (fs::is_directory(final_dir, ec)) {
        if (log_) log_->info("dispute " + request.key + " already in the outbox: " + final_dir.string());
        return sdk::FileResult::ok(remote(folder));
    }

    // Read every evidence file before writing anything: a missing one leaves the outbox untouched.
    std::vector<std::pair<std::string, std::string>> evidence;
    std::set<std::string> names;
    for (const auto& f : request.files) {
        std::string name = file_name(f.name);
        if (name.empty())
            return sdk::FileResult::rejected("outbox: an evidence file has no name (" + f.path + ")");
        if (!names.insert(name).second)
            return sdk::FileResult::rejected("outbox: two evidence files are named " + name);
        auto bytes = read_file(f.path);
        if (!bytes) return sdk::FileResult::rejected("outbox: " + bytes.error().message);
        evidence.emplace_back(name, std::move(*bytes));
    }

    sdk::Timestamp now =
        clock_ ? clock_->now()
               : std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    std::string filed_at = sdk::format_utc_seconds(now);
    fs::path tmp = config_.dir / (".tmp-" + folder.substr(0, 150) + "-" + unique_suffix());

    auto fail = [&](const std::string& why) {
        std::error_code ignore;
        fs::remove_all(tmp, ignore);
        return sdk::FileResult::retry("outbox: writing " + request.key + ": " + why);
    };
    if (::mkdir(tmp.c_str(), 0755) != 0) return fail(tmp.string() + ": cannot create (" + errno_text() + ")");
    fs::path evidence_dir = tmp / "evidence";
    if (::mkdir(evidence_dir.c_str(), 0755) != 0)
        return fail(evidence_dir.string() + ": cannot create (" + errno_text() + ")");
    for (const auto& [name, bytes] : evidence)
        if (auto s = write_synced(evidence_dir / name, bytes); !s) return fail(s.message());
    if (auto s = sync_dir(evidence_dir); !s) return fail(s.message());
    if (auto s = write_synced(tmp / "dispute.json", dispute_json(request, folder, filed_at)); !s)
        return fail(s.message());
    if (auto s = write_synced(tmp / "README.txt", readme(request, filed_at)); !s) return fail(s.message());
    if (auto s = sync_dir(tmp); !s) return fail(s.message());

    if (::rename(tmp.c_str(), final_dir.c_str()) != 0) {
        int err = errno;
        if ((err == EEXIST || err == ENOTEMPTY) && fs::is_directory(final_dir, ec)) {
            // Another writer finished the same key first; theirs stands.
            std::error_code ignore;
            fs::remove_all(tmp, ignore);
            return sdk::FileResult::ok(remote(folder));
        }
        return fail("rename to " + final_dir.string() + " failed (" + std::strerror(err) + ")");
    }
    if (auto s = sync_dir(config_.dir); !s)
        return sdk::FileResult::retry("outbox: writing " + request.key + ": " + s.message());
    if (log_) log_->info("dispute " + request.key + " written to " + final_dir.string());
    return sdk::FileResult::ok(remote(folder));
}

sdk::FindResult Writer::find(std::string_view key) {
    std::string folder = sdk::dispute_folder_name(key);
    std::error_code ec;
    if (folder.size() <= kMaxName && fs::is_directory(config_.dir / folder, ec))
        return sdk::FindResult::ok(remote(folder));
    if (ec && ec != std::errc::no_such_file_or_directory)
        return sdk::FindResult::retry("outbox: looking for " + std::string(key) + ": " + ec.message());
    return sdk::FindResult::not_found();
}

sdk::StateResult Writer::state(const sdk::RemoteTicket& ticket) {
    if (ticket.id.empty() || ticket.id.find('/') != std::string::npos || ticket.id.front() == '.')
        return sdk::StateResult::rejected("outbox: '" + ticket.id + "' is not an outbox folder name");
    fs::path dir = config_.dir / ticket.id;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return sdk::StateResult::rejected("outbox: no dispute folder " + dir.string());
    bool exists = false;
    std::string text = read_small(dir / "state", exists);
    if (!exists) return sdk::StateResult::ok(sdk::TicketState::kOpen);
    std::string word;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c)))
            word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (auto state = sdk::parse_ticket_state(word)) return sdk::StateResult::ok(*state);
    return sdk::StateResult::rejected("outbox: " + (dir / "state").string() + ": '" + text.substr(0, 40) +
                                      "' is not " + std::string(sdk::kTicketStateNames));
}

sdk::AttachResult Writer::attach(const sdk::RemoteTicket& ticket, const sdk::EvidenceFile& file) {
    if (ticket.id.empty() || ticket.id.find('/') != std::string::npos || ticket.id.front() == '.')
        return sdk::AttachResult::rejected("outbox: '" + ticket.id + "' is not an outbox folder name");
    fs::path evidence_dir = config_.dir / ticket.id / "evidence";
    std::error_code ec;
    if (!fs::is_directory(evidence_dir, ec))
        return sdk::AttachResult::rejected("outbox: no dispute folder " + (config_.dir / ticket.id).string());
    std::string name = file_name(file.name);
    if (name.empty())
        return sdk::AttachResult::rejected("outbox: the evidence file has no name (" + file.path + ")");
    auto bytes = read_file(file.path);
    if (!bytes) return sdk::AttachResult::rejected("outbox: " + bytes.error().message);
    std::string id = "evidence/" + name;
    bool exists = false;
    std::string present = read_small(evidence_dir / name, exists);
    if (exists) {
        if (present == *bytes) return sdk::AttachResult::ok(id);
        return sdk::AttachResult::rejected("outbox: " + (evidence_dir / name).string() +
                                           " already exists with other content");
    }
    fs::path tmp = evidence_dir / (".tmp-" + unique_suffix());
    if (auto s = write_synced(tmp, *bytes); !s) {
        ::unlink(tmp.c_str());
        return sdk::AttachResult::retry("outbox: " + s.message());
    }
    // link() fails when the name appeared meanwhile, so a concurrent attach never overwrites.
    if (::link(tmp.c_str(), (evidence_dir / name).c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        if (err == EEXIST) return attach(ticket, file);
        return sdk::AttachResult::retry("outbox: " + (evidence_dir / name).string() + ": " +
                                        std::strerror(err));
    }
    ::unlink(tmp.c_str());
    if (auto s = sync_dir(evidence_dir); !s) return sdk::AttachResult::retry("outbox: " + s.message());
    return sdk::AttachResult::ok(id);
}

}  // namespace unstuck::ticketing::outbox
