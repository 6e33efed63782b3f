// `unstuck check`: the decision of the troubleshooting policy for one order (`--order`) or a JSONL batch
// (`--orders`), without touching the network.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <sstream>

#include "commands.hpp"
#include "unstuck/core/check/check_batch.hpp"
#include "unstuck/core/check/order_checker.hpp"
#include "unstuck/core/plugin/carrier_names.hpp"
#include "unstuck/core/policy/policy_document.hpp"

namespace unstuck::host {
namespace {

struct CheckArgs {
    std::string order;
    std::string orders;
    std::string now;
    std::string policy;
    unsigned threads = 0;
};

int fail(std::string_view message, int code) {
    std::cerr << "unstuck check: " << message << '\n';
    return code;
}

// `--policy`, else the host configuration's `policy_file`, else the shipped default.
sdk::Result<std::shared_ptr<const core::Policy>> load_policy(HostContext& context, const CheckArgs& args) {
    std::filesystem::path file = args.policy;
    if (file.empty() && !context.config_file.empty()) file = context.config().policy_file;
    if (file.empty()) file = core::default_policy_file();
    return core::load_policy(file);
}

// Raw carrier documents go through the carrier plugin of that name; plugins load on first use only.
core::RawNormalizer plugin_normalizer(HostContext& context) {
    auto mutex = std::make_shared<std::mutex>();
    return [&context, mutex](std::string_view carrier, std::string_view payload,
                             const sdk::TrackContext& track) -> sdk::Result<sdk::TrackResult> {
        std::lock_guard lock(*mutex);
        auto plugin = context.plugins().carrier(carrier);
        if (!plugin) return plugin.error();
        return (*plugin)->normalize(payload, track);
    };
}

int check_one(const core::PolicyEngine& engine, const core::CheckOptions& options, const std::string& path) {
    std::string text;
    if (path == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) return fail("--order: cannot read \"" + path + "\"", kExitBadInput);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        text = buffer.str();
    }
    core::OrderChecker checker(engine, options);
    std::string out;
    if (auto status = checker.check(text, out); !status) {
        std::cerr << status.message() << '\n';
        return kExitBadInput;
    }
    out += '\n';
    std::cout << out << std::flush;
    return kExitOk;
}

int check_batch(const core::PolicyEngine& engine, const core::CheckOptions& options, const CheckArgs& args) {
    int fd = 0;
    if (args.orders != "-") {
        fd = ::open(args.orders.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return fail("--orders: cannot read \"" + args.orders + "\"", kExitBadInput);
    }
    std::cout.flush();
    auto result = core::check_batch(fd, STDOUT_FILENO, engine, options, args.threads);
    if (fd != 0) ::close(fd);
    if (!result.io_error.empty()) return fail(result.io_error, kExitFailure);
    return result.rejected > 0 ? kExitBadInput : kExitOk;
}

int run_check(HostContext& context, const CheckArgs& args) {
    if (args.order.empty() == args.orders.empty())
        return fail("give either --order FILE|- or --orders FILE.jsonl|-", kExitBadInput);

    core::CheckOptions options;
    if (!args.now.empty()) {
        auto now = sdk::parse_timestamp(args.now);
        if (!now) return fail("--now: " + now.error().message, kExitBadInput);
        options.now = *now;
    }
    options.clock_now =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());

    auto policy = load_policy(context, args);
    if (!policy) {
        bool chosen = !args.policy.empty() || !context.config_file.empty();
        return fail(policy.error().message, chosen ? kExitBadInput : kExitFailure);
    }
    core::PolicyEngine engine(core::with_carrier_display_names(std::move(*policy), context.plugins()));
    options.normalize = plugin_normalizer(context);

    return args.order.empty() ? check_batch(engine, options, args) : check_one(engine, options, args.order);
}

}  // namespace

void register_check_command(CLI::App& app, HostContext& context) {
    auto* cmd =
        app.add_subcommand("check", "decide what the troubleshooting policy prescribes for orders (offline)");
    auto args = std::make_shared<CheckArgs>();
    cmd->add_option("--order", args->order, "an order case (JSON); - reads stdin; prints one decision");
    cmd->add_option("--orders", args->orders,
                    "order cases, one JSON document a line (- reads stdin); "
                    "prints one decision or {\"line\": N, \"error\": ...} a line");
    cmd->add_option("--now", args->now,
                    "decide at this instant (ISO 8601 with offset); wins over the case's now");
    cmd->add_option("--policy", args->policy,
                    "policy document (JSON); default: the shipped TikTok Shop policy");
    cmd->add_option("--threads", args->threads, "threads for --orders (default: one per core)")
        ->check(CLI::Range(1u, 256u));
    cmd->callback([&context, args] { context.exit_code = run_check(context, *args); });
}

}  // namespace unstuck::host
