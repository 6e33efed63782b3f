// `unstuck disputes [--state S] [--json]`: the disputes in the case store, oldest first: filed (with the
// backend's ticket id and link), pending (with the last error) and rejected (with the reason). Exit codes: 0
// listed (also when there are none); 1 the store could not be read; 2 bad input.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "unstuck/core/store/case_store.hpp"
#include "unstuck/core/store/dispute_record_json.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/ticket_state.hpp"

namespace unstuck::host {
namespace {

struct DisputesArgs {
    std::string state;
    bool json = false;
};

int fail(std::string_view message, int code) {
    std::cerr << "unstuck disputes: " << message << '\n';
    return code;
}

void print_json(const std::vector<core::DisputeRecord>& disputes) {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_array();
    for (const auto& d : disputes) core::write_json(w, d);
    w.end_array();
    std::cout << out << '\n';
}

void print_table(const std::vector<core::DisputeRecord>& disputes, const std::string& store) {
    std::cout << "Store: " << store << "\n";
    if (disputes.empty()) {
        std::cout << "No disputes.\n";
        return;
    }
    std::size_t key_w = 3, backend_w = 7;
    for (const auto& d : disputes) {
        key_w = std::max(key_w, d.key.size());
        backend_w = std::max(backend_w, d.backend.size());
    }
    std::cout << fmt::format("{:<8}  {:<{}}  {:<{}}  {:<20}  {}\n", "STATE", "KEY", key_w, "BACKEND",
                             backend_w, "UPDATED", "TICKET / WHY");
    std::map<std::string, std::size_t> counts;
    for (const auto& d : disputes) {
        std::string detail;
        switch (d.state) {
            case core::DisputeState::kFiled:
                detail = d.remote_url.empty() ? d.remote_id : d.remote_url;
                if (d.remote_state) detail += fmt::format(" ({})", sdk::to_string(*d.remote_state));
                break;
            case core::DisputeState::kPending:
                detail = d.last_error.empty()
                             ? std::string("not yet answered by the backend")
                             : fmt::format("{} attempt(s); last error: {}", d.attempts, d.last_error);
                break;
            case core::DisputeState::kRejected:
                detail = d.reason;
                break;
        }
        ++counts[std::string(core::to_string(d.state))];
        std::cout << fmt::format("{:<8}  {:<{}}  {:<{}}  {:<20}  {}\n", core::to_string(d.state), d.key,
                                 key_w, d.backend, backend_w, sdk::format_utc_seconds(d.updated_at), detail);
    }
    std::string total;
    for (const auto& [state, n] : counts)
        total += (total.empty() ? "" : ", ") + std::to_string(n) + " " + state;
    std::cout << disputes.size() << " dispute" << (disputes.size() == 1 ? "" : "s") << ": " << total << '\n';
}

int run_disputes(HostContext& context, const DisputesArgs& args) {
    std::optional<core::DisputeState> state;
    if (!args.state.empty()) {
        state = core::parse_dispute_state(args.state);
        if (!state)
            return fail("--state: \"" + args.state + "\" is not one of PENDING, FILED, REJECTED",
                        kExitBadInput);
    }
    const core::StoreOptions& options = context.config().store;  // checked when the config was loaded
    if (options.backend == core::StoreBackend::kSqlite && !std::filesystem::exists(options.sqlite_file)) {
        if (args.json)
            std::cout << "[]\n";
        else
            std::cout << "Store: sqlite:" << options.sqlite_file.string()
                      << " (not created yet: nothing swept)\n"
                      << "No disputes.\n";
        return kExitOk;
    }
    auto store = core::CaseStore::open(options);
    if (!store) return fail(store.error().message, kExitFailure);
    auto disputes = (*store)->list_disputes(state);
    if (!disputes) return fail(disputes.error().message, kExitFailure);
    if (args.json)
        print_json(*disputes);
    else
        print_table(*disputes, (*store)->describe());
    return kExitOk;
}

}  // namespace

void register_disputes_command(CLI::App& app, HostContext& context) {
    auto* cmd = app.add_subcommand("disputes", "the disputes in the case store: filed, pending, rejected");
    auto args = std::make_shared<DisputesArgs>();
    cmd->add_option("--state", args->state, "only disputes in this state: PENDING, FILED or REJECTED");
    cmd->add_flag("--json", args->json, "print JSON for machines");
    cmd->callback([&context, args] { context.exit_code = run_disputes(context, *args); });
}

}  // namespace unstuck::host
