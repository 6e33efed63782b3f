// `unstuck track`: a shipment in the canonical JSON of model.md, from a saved carrier response (`--raw FILE`)
// or fetched live through the carrier plugin. Exit codes: 0 the shipment was printed; 1 the carrier does not
// know the number, or the fetch failed (transient or permanent); 2 bad input (unknown carrier, unreadable or
// malformed file, bad option).
#include <iostream>
#include <iterator>
#include <memory>

#include "commands.hpp"
#include "text_files.hpp"
#include "unstuck/sdk/model_json.hpp"
#include "unstuck/sdk/pretty_json.hpp"

namespace unstuck::host {
namespace {

struct TrackOptions {
    std::string carrier;
    std::string raw_file;
    std::string number;
    std::string order_created_at;
    bool compact = false;
};

bool read_input(const std::string& file, std::string& out) {
    if (file == "-") {
        out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        return true;
    }
    return read_text_file(file, out);
}

std::string kind_text(const sdk::TrackResult& r) {
    switch (r.kind) {
        case sdk::TrackResult::Kind::kNotFound:
            return "not found";
        case sdk::TrackResult::Kind::kTransient: {
            std::string t = "temporary failure";
            if (r.retry_after) t += " (retry after " + std::to_string(r.retry_after->count()) + "s)";
            return t;
        }
        case sdk::TrackResult::Kind::kPermanent:
            return "failed";
        case sdk::TrackResult::Kind::kOk:
            break;
    }
    return "ok";
}

int run(HostContext& context, const TrackOptions& opt, const std::string& positional) {
    const bool raw = !opt.raw_file.empty();
    if (raw == !positional.empty()) {
        std::cerr << "unstuck track: give either --raw FILE or a tracking NUMBER\n";
        return kExitBadInput;
    }
    sdk::TrackContext track;
    track.tracking_number = raw ? opt.number : positional;
    if (!opt.order_created_at.empty()) {
        auto at = sdk::parse_timestamp(opt.order_created_at);
        if (!at) {
            std::cerr << "unstuck track: --order-created: " << at.error().message << '\n';
            return kExitBadInput;
        }
        track.order_created_at = *at;
    }

    auto& plugins = context.plugins();
    auto carrier = plugins.carrier(opt.carrier);
    if (!carrier) {
        std::string known;
        for (const auto& name : plugins.names("carrier")) known += (known.empty() ? "" : ", ") + name;
        std::cerr << "unstuck track: " << carrier.error().message
                  << " (carriers loaded: " << (known.empty() ? "none" : known) << ")\n";
        return kExitBadInput;
    }

    sdk::TrackResult result;
    if (raw) {
        std::string payload;
        if (!read_input(opt.raw_file, payload)) {
            std::cerr << "unstuck track: cannot read " << opt.raw_file << '\n';
            return kExitBadInput;
        }
        result = (*carrier)->normalize(payload, track);
    } else {
        result = (*carrier)->fetch(track);
    }

    if (result.kind == sdk::TrackResult::Kind::kOk) {
        std::string json = sdk::to_json(result.shipment);
        std::cout << (opt.compact ? json : sdk::pretty_json(json)) << '\n';
        return kExitOk;
    }
    const std::string what = raw ? opt.raw_file : opt.carrier + " " + positional;
    std::cerr << "unstuck track: " << what << ": " << kind_text(result) << ": " << result.message << '\n';
    if (raw && result.kind == sdk::TrackResult::Kind::kPermanent) return kExitBadInput;  // the file is bad
    return kExitFailure;
}

}  // namespace

void register_track_command(CLI::App& app, HostContext& context) {
    auto* cmd = app.add_subcommand(
        "track", "print a shipment as canonical JSON: from a saved carrier response (--raw) or fetched live");
    auto opt = std::make_shared<TrackOptions>();
    auto number = std::make_shared<std::string>();
    cmd->add_option("--carrier,-c", opt->carrier, "carrier plugin name (ups, fedex, usps, dhl, replay)")
        ->required();
    cmd->add_option("--raw", opt->raw_file,
                    "normalize this saved response instead of fetching ('-' for stdin)");
    cmd->add_option("--number", opt->number, "with --raw: the tracking number the response is about");
    cmd->add_option("--order-created", opt->order_created_at,
                    "when the order was created (ISO 8601 with offset): picks among several results");
    cmd->add_flag("--compact", opt->compact, "print the JSON on one line instead of indented");
    cmd->add_option("number", *number, "tracking number to fetch live");
    cmd->callback([&context, opt, number] { context.exit_code = run(context, *opt, *number); });
}

}  // namespace unstuck::host
