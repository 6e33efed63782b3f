// `unstuck sweep --orders FILE.jsonl` and `unstuck sweep --marketplace NAME`: the main job. For every order
// (the lines of the file, and the orders each marketplace plugin's shops changed since their stored cursors):
// fetch its tracking through the carrier plugins, decide with the policy and the disputes the store holds,
// record the decision, file each dispute once through the ticketing plugin its route names, and send each
// seller-shipped remedy once through the order's marketplace plugin. Disputes and remedies left PENDING by an
// earlier run are settled first. Exit codes: 0 every order was decided and every dispute filed; 1 something
// failed and stays due for the next run (a carrier, backend or marketplace call, the store); 2 bad input
// (options, config, unreadable file, bad lines or bad orders).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "commands.hpp"
#include "progress_bar.hpp"
#include "unstuck/core/marketplace/marketplace_sync.hpp"
#include "unstuck/core/sweep/sweep_builder.hpp"
#include "unstuck/core/sweep/sweep_summary_json.hpp"

namespace unstuck::host {
namespace {

struct SweepArgs {
    std::string orders;
    std::vector<std::string> marketplaces;
    std::string now;
    std::string policy;
    unsigned concurrency = 0;
    bool dry_run = false;
    bool json = false;
};

int fail(std::string_view message, int code) {
    std::cerr << "unstuck sweep: " << message << '\n';
    return code;
}

std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

double per_second(const core::SweepSummary& s) {
    return s.seconds > 0 ? static_cast<double>(s.lines) / s.seconds : 0;
}

// Rows of (label, count) under a heading, counts right-aligned.
void print_section(std::ostream& out, std::string_view heading,
                   const std::vector<std::pair<std::string, std::string>>& rows) {
    std::size_t label_w = heading.size(), count_w = 1;
    for (const auto& [label, count] : rows) {
        label_w = std::max(label_w, label.size() + 2);
        count_w = std::max(count_w, count.size());
    }
    out << heading << '\n';
    if (rows.empty()) out << "  (none)\n";
    for (const auto& [label, count] : rows)
        out << fmt::format("  {:<{}}  {:>{}}\n", label, label_w - 2, count, count_w);
}

std::vector<std::pair<std::string, std::string>> rows_of(
    const std::map<std::string, std::uint64_t, std::less<>>& m) {
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& [k, v] : m) rows.emplace_back(k, grouped(v));
    return rows;
}

// The order of policy.md section 5: most urgent first.
std::vector<std::pair<std::string, std::string>> action_rows(const core::SweepSummary& s) {
    std::vector<std::pair<std::string, std::string>> rows;
    for (auto a :
         {core::Action::kFileDispute, core::Action::kContactSellerSupport, core::Action::kUpdateStatusWithPod,
          core::Action::kContactCarrier, core::Action::kVerifyWithCarrier, core::Action::kAwaitTicket,
          core::Action::kWait, core::Action::kNone}) {
        auto it = s.by_action.find(core::to_string(a));
        if (it != s.by_action.end()) rows.emplace_back(it->first, grouped(it->second));
    }
    return rows;
}

// The seller-shipped remedies and the marketplace pulls, each section only when it counted something.
void print_remedies_and_pulls(std::ostream& out, const core::SweepSummary& s) {
    const core::SettleSummary& settled = s.settled_remedies;
    if (settled.total() > 0) {
        print_section(out, "PENDING REMEDIES OF EARLIER RUNS, SETTLED FIRST",
                      {{"found applied", grouped(settled.found)},
                       {"sent again", grouped(settled.refiled)},
                       {"rejected", grouped(settled.rejected)},
                       {"still pending", grouped(settled.still_pending)},
                       {"left to another host", grouped(settled.skipped)}});
        out << '\n';
    }
    std::vector<std::pair<std::string, std::string>> remedies;
    auto row = [&](const char* label, std::uint64_t n) {
        if (n > 0) remedies.emplace_back(label, grouped(n));
    };
    row("would be sent", s.remedies_would_apply);
    row("applied", s.remedies_applied);
    row("already applied", s.remedies_already);
    row("pending", s.remedies_pending);
    row("rejected", s.remedies_rejected);
    row("without proof (the seller uploads it)", s.remedies_without_proof);
    row("could not be started", s.remedy_errors);
    if (!remedies.empty()) {
        print_section(out, "REMEDIES (UPDATE_STATUS_WITH_POD)", remedies);
        out << '\n';
    }
    if (s.pulled + s.pull_errors > 0) {
        print_section(out, "MARKETPLACE PULLS",
                      {{"orders read", grouped(s.pulled)}, {"could not be read", grouped(s.pull_errors)}});
        out << '\n';
    }
}

void print_table(const core::SweepSummary& s, const std::string& orders, const std::string& store) {
    auto& out = std::cout;
    out << fmt::format("{} {}: {} orders in {:.1f} s ({} orders/s){}\n",
                       s.dry_run ? "Dry run over" : "Sweep of", orders, grouped(s.lines), s.seconds,
                       grouped(static_cast<std::uint64_t>(per_second(s))),
                       s.dry_run ? "; nothing recorded or filed" : "");
    out << "Store: " << store << "\n\n";
    if (s.settled.total() > 0) {
        print_section(out, "PENDING DISPUTES OF EARLIER RUNS, SETTLED FIRST",
                      {{"found filed", grouped(s.settled.found)},
                       {"filed again", grouped(s.settled.refiled)},
                       {"rejected", grouped(s.settled.rejected)},
                       {"still pending", grouped(s.settled.still_pending)},
                       {"left to another host", grouped(s.settled.skipped)}});
        out << '\n';
    }
    print_section(out, "ORDERS",
                  {{"decided", grouped(s.decided)},
                   {"skipped (another host has them)", grouped(s.skipped)},
                   {"failed (stay due)", grouped(s.failed)},
                   {"bad input lines", grouped(s.bad_lines)}});
    out << '\n';
    print_section(out, "ORDERS BY ACTION", action_rows(s));
    out << '\n';
    print_section(out, "ORDERS BY RULE", rows_of(s.by_rule));
    out << '\n';
    std::vector<std::pair<std::string, std::string>> disputes;
    if (s.dry_run) disputes.emplace_back("would be filed", grouped(s.would_file));
    std::string by_backend;
    for (const auto& [b, v] : s.filed_by_backend)
        by_backend += (by_backend.empty() ? "" : ", ") + b + " " + grouped(v);
    disputes.emplace_back("filed" + (by_backend.empty() ? std::string() : " (" + by_backend + ")"),
                          grouped(s.filed + s.settled.refiled));
    disputes.emplace_back("already filed", grouped(s.already_filed + s.settled.found));
    disputes.emplace_back("pending", grouped(s.pending + s.settled.still_pending));
    disputes.emplace_back("rejected", grouped(s.rejected + s.settled.rejected));
    disputes.emplace_back("could not be started", grouped(s.dispute_errors));
    if (s.tickets_followed > 0)
        disputes.emplace_back("tickets followed (state changed)",
                              grouped(s.tickets_followed) + " (" + grouped(s.ticket_changes) + ")");
    print_section(out, "DISPUTES", disputes);
    out << '\n';
    print_remedies_and_pulls(out, s);

    if (!s.filed_disputes.empty()) {
        out << "FILED BY THIS RUN\n";
        for (const auto& f : s.filed_disputes)
            out << "  " << f.key << "\n    " << f.backend << ": "
                << (f.remote_url.empty() ? f.remote_id : f.remote_url) << '\n';
        std::uint64_t shown = s.filed_disputes.size(), all = s.filed + s.settled.refiled;
        if (all > shown)
            out << "  ... and " << grouped(all - shown) << " more (unstuck disputes lists them all)\n";
        out << '\n';
    }
    if (!s.dry_run && s.filed == 0 && s.settled.refiled == 0)
        out << "Nothing new was filed"
            << (s.already_filed + s.settled.found > 0 ? ": every dispute the policy prescribes is already "
                                                        "filed (unstuck disputes lists them).\n"
                                                      : ".\n");
    if (s.error_count > 0)
        out << grouped(s.error_count) << " error" << (s.error_count == 1 ? "" : "s")
            << " (on stderr); what failed stays due and the next run retries it.\n";
}

// What the sweep reads, for the table's first line: the orders file and the marketplaces pulled.
std::string source_text(const SweepArgs& args, const std::vector<std::string>& marketplaces) {
    std::string text;
    if (!args.orders.empty()) text = args.orders == "-" ? std::string("stdin") : args.orders;
    for (std::size_t i = 0; i < marketplaces.size(); ++i) {
        if (i == 0)
            text += text.empty() ? "marketplace " : " and marketplace ";
        else
            text += ", ";
        text += marketplaces[i];
    }
    return text;
}

int run_sweep(HostContext& context, const SweepArgs& args) {
    if (args.orders.empty() && args.marketplaces.empty())
        return fail(
            "--orders or --marketplace: name the orders to sweep (a file, or a marketplace plugin to "
            "pull)",
            kExitBadInput);
    core::SweepRunOptions options;
    options.dry_run = args.dry_run;
    options.concurrency = args.concurrency;
    if (!args.now.empty()) {
        auto now = sdk::parse_timestamp(args.now);
        if (!now) return fail("--now: " + now.error().message, kExitBadInput);
        options.now = *now;
    }

    int fd = -1;
    std::optional<std::uint64_t> total_bytes;
    if (args.orders == "-") {
        fd = STDIN_FILENO;
    } else if (!args.orders.empty()) {
        fd = ::open(args.orders.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return fail("--orders: cannot read \"" + args.orders + "\"", kExitBadInput);
        struct stat st {};
        if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
            total_bytes = static_cast<std::uint64_t>(st.st_size);
        options.order_files_dir = std::filesystem::absolute(args.orders).parent_path();
    }
    struct CloseFd {
        int fd;
        ~CloseFd() {
            if (fd > STDIN_FILENO) ::close(fd);
        }
    } close_fd{fd};

    std::vector<std::string> marketplaces;  // each once, in the order given
    for (const auto& name : args.marketplaces)
        if (std::find(marketplaces.begin(), marketplaces.end(), name) == marketplaces.end())
            marketplaces.push_back(name);
    // A marketplace pulled also applies its orders' seller-shipped remedies, as if in sweep.marketplaces.
    core::HostConfig config = context.config();
    for (const auto& name : marketplaces)
        if (std::find(config.sweep.marketplaces.begin(), config.sweep.marketplaces.end(), name) ==
            config.sweep.marketplaces.end())
            config.sweep.marketplaces.push_back(name);
    const unsigned concurrency = args.concurrency ? args.concurrency : config.sweep.concurrency;
    // Checked here, so the error names the flag rather than sweep.marketplaces.
    for (const auto& name : marketplaces)
        if (auto plugin = context.plugins().marketplace(name); !plugin)
            return fail("--marketplace: " + plugin.error().message, kExitBadInput);

    auto opened = core::open_sweep(config, context.plugins(), std::move(options), args.policy);
    if (!opened)
        return fail(opened.error().message, opened.error().kind == core::SweepOpenError::Kind::kFailure
                                                ? kExitFailure
                                                : kExitBadInput);
    core::Sweep& sweep = (*opened)->sweep();
    const std::string store_text =
        (*opened)->store() ? (*opened)->store()->describe() : std::string("none (dry run without a store)");

    // A dry run reads each shop from its configured start and stores no cursor.
    std::vector<std::unique_ptr<core::MarketplaceSync>> pulls;
    for (const auto& name : marketplaces) {
        pulls.push_back(std::make_unique<core::MarketplaceSync>(
            context.plugins(), sweep, args.dry_run ? nullptr : (*opened)->store(), name, concurrency));
        if (auto s = pulls.back()->prepare(); !s) return fail("--marketplace: " + s.message(), kExitBadInput);
    }

    core::SweepSummary settled;
    auto settle_started = std::chrono::steady_clock::now();
    sweep.settle_pending(settled);

    core::SweepSummary summary;
    summary.dry_run = args.dry_run;
    if (fd >= 0) {
        std::unique_ptr<ProgressBar> bar;
        if (ProgressBar::wanted())
            bar = std::make_unique<ProgressBar>(
                "orders",
                [&sweep] {
                    return ProgressSample{sweep.lines_done(), sweep.bytes_done()};
                },
                total_bytes);
        summary = sweep.run(fd);
    }
    for (auto& pull : pulls) pull->pull(summary);
    summary.merge(settled);
    // The wall time includes settling.
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - settle_started).count();

    for (const auto& e : summary.errors) std::cerr << "unstuck sweep: " << e << '\n';
    if (summary.error_count > summary.errors.size())
        std::cerr << "unstuck sweep: ... and " << summary.error_count - summary.errors.size()
                  << " more errors (the log has each)\n";
    if (args.json)
        std::cout << core::sweep_summary_json(summary, store_text) << '\n';
    else
        print_table(summary, source_text(args, marketplaces), store_text);
    std::cout.flush();

    if (summary.failed > 0 || summary.dispute_errors > 0 || summary.error_count > summary.bad_lines)
        return kExitFailure;
    return summary.bad_lines > 0 ? kExitBadInput : kExitOk;
}

}  // namespace

void register_sweep_command(CLI::App& app, HostContext& context) {
    auto* cmd = app.add_subcommand(
        "sweep",
        "the main job: fetch, decide, record and file, for every order of a file or pulled from a "
        "marketplace; a summary table at the end");
    auto args = std::make_shared<SweepArgs>();
    cmd->add_option("--orders", args->orders, "order cases, one JSON document a line (- reads stdin)");
    cmd->add_option("--marketplace", args->marketplaces,
                    "pull the orders this marketplace plugin's shops changed since the last pull, and apply "
                    "its seller-shipped remedies (repeatable; with or without --orders)")
        ->expected(1)
        ->take_all();
    cmd->add_flag("--dry-run", args->dry_run, "decide only: record nothing, file nothing");
    cmd->add_option("--concurrency", args->concurrency,
                    "orders in flight at once (default: sweep.concurrency, 8)")
        ->check(CLI::Range(1u, 1024u));
    cmd->add_flag("--json", args->json, "print the summary as JSON for machines");
    cmd->add_option("--now", args->now, "decide at this instant (ISO 8601 with offset) instead of the clock");
    cmd->add_option("--policy", args->policy,
                    "policy document (JSON); default: the config's, else the shipped one");
    cmd->callback([&context, args] { context.exit_code = run_sweep(context, *args); });
}

}  // namespace unstuck::host
