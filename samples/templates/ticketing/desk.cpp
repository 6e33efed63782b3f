#include "desk.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <unstuck/sdk/dispute_folder.hpp>
#include <unstuck/sdk/json_writer.hpp>
#include <unstuck/sdk/pretty_json.hpp>
#include <unstuck/sdk/ticket_state.hpp>

namespace @IDENT@ {
namespace {

namespace fs = std::filesystem;
using unstuck::sdk::AttachResult;
using unstuck::sdk::FileResult;
using unstuck::sdk::FindResult;
using unstuck::sdk::StateResult;

std::string ticket_json(const unstuck::sdk::DisputeRequest& r) {
    std::string out;
    unstuck::sdk::JsonWriter w(out);
    w.begin_object().field("key", r.key).field("code", r.code);
    w.key("path").begin_array();
    for (const auto& step : r.path) w.value(step);
    w.end_array();
    w.field("marketplace", r.marketplace).field("shop_id", r.shop_id).field("order_id", r.order_id);
    w.key("packages").begin_array();
    for (const auto& p : r.packages)
        w.begin_object()
            .field("package_id", p.package_id)
            .field("tracking_number", p.tracking_number)
            .field("carrier", p.carrier)
            .end_object();
    w.end_array();
    w.field("explanation", r.explanation).end_object();
    return unstuck::sdk::pretty_json(out) + '\n';
}

}  // namespace

Desk::Desk(fs::path dir) : dir_(std::move(dir)) {
    if (dir_.empty()) throw std::invalid_argument("config.dir: empty");
    fs::create_directories(dir_);
}

unstuck::sdk::RemoteTicket Desk::ticket_for(std::string_view key) const {
    std::string id = unstuck::sdk::dispute_folder_name(key);
    return {id, "file://" + (dir_ / id).string()};
}

FileResult Desk::file(const unstuck::sdk::DisputeRequest& request) {
    auto ticket = ticket_for(request.key);
    fs::path folder = dir_ / ticket.id;
    if (fs::exists(folder / "ticket.json")) return FileResult::ok(ticket);  // filed before: nothing new
    fs::create_directories(folder);
    // Written beside, then renamed: a ticket is either whole or not there.
    fs::path temp = folder / "ticket.json.writing";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << ticket_json(request);
        if (!out.flush()) return FileResult::retry("cannot write " + temp.string());
    }
    fs::rename(temp, folder / "ticket.json");
    return FileResult::ok(ticket);
}

FindResult Desk::find(std::string_view key) {
    auto ticket = ticket_for(key);
    if (!fs::exists(dir_ / ticket.id / "ticket.json")) return FindResult::not_found();
    return FindResult::ok(ticket);
}

StateResult Desk::state(const unstuck::sdk::RemoteTicket& ticket) {
    std::ifstream in(dir_ / ticket.id / "state");
    std::string name;
    if (!(in >> name)) return StateResult::ok(unstuck::sdk::TicketState::kOpen);
    auto parsed = unstuck::sdk::parse_ticket_state(name);
    if (!parsed) return StateResult::rejected(ticket.id + "/state: unknown state '" + name + "'");
    return StateResult::ok(*parsed);
}

AttachResult Desk::attach(const unstuck::sdk::RemoteTicket& ticket, const unstuck::sdk::EvidenceFile& file) {
    fs::path name = fs::path(file.name).filename();
    if (name.empty()) return AttachResult::rejected("evidence without a file name");
    fs::copy_file(file.path, dir_ / ticket.id / name, fs::copy_options::overwrite_existing);
    return AttachResult::ok(name.string());
}

}  // namespace @IDENT@
