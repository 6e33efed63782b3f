// `unstuck test-plugin PLUGIN.so (--golden CASE.json... | --detect TABLE.json) [--update]`: a built carrier
// plugin, loaded by the real loader, checked against saved responses and their expected canonical JSON, or
// against a detection table. Exit codes: 0 everything as expected (or rewritten with --update); 1 a
// difference; 2 bad input (no such plugin file, a refused module, a malformed case or table).
#include <simdjson.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "plugin_checks.hpp"
#include "text_files.hpp"
#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::host {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kPrefix = "unstuck test-plugin: ";

struct TestPluginOptions {
    std::string plugin;
    std::vector<std::string> golden;
    std::string detect;
    std::string plugin_config;
    std::string update_command;
    bool update = false;
};

// The command that rewrites what this run compares with, as messages name it.
std::string update_hint(const TestPluginOptions& opt) {
    if (!opt.update_command.empty()) return opt.update_command;
    std::string hint = "unstuck test-plugin " + opt.plugin;
    if (!opt.plugin_config.empty()) hint += " --plugin-config " + opt.plugin_config;
    if (!opt.detect.empty()) return hint + " --detect " + opt.detect + " --update";
    for (const auto& g : opt.golden) hint += " --golden " + g;
    return hint + " --update";
}

// The plugin's settings: a JSON object, or `{}` when no --plugin-config.
bool read_plugin_config(const std::string& file, std::string& json) {
    json = "{}";
    if (file.empty()) return true;
    if (!read_text_file(file, json)) {
        std::cerr << kPrefix << file << ": cannot read\n";
        return false;
    }
    simdjson::dom::parser parser;
    simdjson::dom::object settings;
    if (parser.parse(json).get(settings)) {
        std::cerr << kPrefix << file << ": $: expected a JSON object of the plugin's settings\n";
        return false;
    }
    return true;
}

int run(HostContext& context, const TestPluginOptions& opt) {
    if (opt.golden.empty() == opt.detect.empty()) {
        std::cerr << kPrefix << "give either --golden CASE.json or --detect TABLE.json\n";
        return kExitBadInput;
    }
    std::error_code ec;
    const fs::path file = fs::absolute(opt.plugin, ec);
    if (ec || !fs::is_regular_file(file, ec)) {
        std::cerr << kPrefix << opt.plugin << ": no such plugin file\n";
        return kExitBadInput;
    }
    // The module on its own first: whether the loader takes it, and the name and kind it gives. The loader's
    // log is off meanwhile: this command names a refusal itself, in one line.
    core::LogOptions quiet;
    quiet.level = "off";
    core::configure_logging(quiet);
    core::PluginLoader probe;
    const core::PluginRecord record = probe.load(file);
    if (!record.loaded) {
        std::cerr << kPrefix << opt.plugin << ": refused: " << record.reason << '\n';
        return kExitBadInput;
    }
    if (record.kind != "carrier") {
        std::cerr << kPrefix << opt.plugin << ": a " << record.kind
                  << " plugin; golden cases and detection tables are for carrier plugins\n";
        return kExitBadInput;
    }
    std::string settings;
    if (!read_plugin_config(opt.plugin_config, settings)) return kExitBadInput;

    std::string json;
    sdk::JsonWriter w(json);
    w.begin_object();
    w.key("plugin_dirs").begin_array().value(file.parent_path().string()).end_array();
    w.key("plugins").begin_object().key(record.name).raw(settings).end_object();
    w.end_object();
    auto config = core::HostConfig::parse(json, fs::current_path());
    if (!config) {
        std::cerr << kPrefix << (opt.plugin_config.empty() ? opt.plugin : opt.plugin_config) << ": "
                  << config.error().message << '\n';
        return kExitBadInput;
    }
    core::PluginHost host(std::move(*config));
    for (const auto& error : host.config_errors())
        std::cerr << kPrefix << (opt.plugin_config.empty() ? opt.plugin : opt.plugin_config) << ": " << error
                  << '\n';
    if (!host.config_errors().empty()) return kExitBadInput;
    const core::LoadedPlugin* loaded = host.loader().find(record.name);
    if (!loaded || !fs::equivalent(loaded->file, file, ec)) {
        std::cerr << kPrefix << opt.plugin << ": another module in " << file.parent_path().string()
                  << " takes the name '" << record.name << "'\n";
        return kExitBadInput;
    }
    auto carrier = host.carrier(record.name);
    if (!carrier) {
        std::cerr << kPrefix << opt.plugin << ": " << carrier.error().message << '\n';
        return kExitBadInput;
    }

    core::configure_logging(context.config().log);  // what the plugin logs while it normalizes
    CheckRun check{opt.update, update_hint(opt)};
    if (!opt.detect.empty()) return run_detection_table(**carrier, opt.detect, check);
    int worst = kExitOk;
    for (const auto& document : opt.golden) {
        if (opt.update_command.empty() && opt.golden.size() > 1) {
            TestPluginOptions one = opt;
            one.golden = {document};
            check.update_hint = update_hint(one);
        }
        int code = run_golden_case(**carrier, document, check);
        if (code == kExitBadInput || (code == kExitFailure && worst == kExitOk)) worst = code;
    }
    return worst;
}

}  // namespace

void register_test_plugin_command(CLI::App& app, HostContext& context) {
    auto* cmd = app.add_subcommand("test-plugin",
                                   "check a built carrier plugin against saved responses (golden cases) or a "
                                   "detection table");
    auto opt = std::make_shared<TestPluginOptions>();
    cmd->add_option("plugin", opt->plugin, "the plugin module (e.g. build/carrier_acme.so)")->required();
    cmd->add_option("--golden", opt->golden,
                    "saved responses CASE.json, each compared with CASE.expected.json "
                    "(CASE.context.json: tracking_number, order_created_at)");
    cmd->add_option(
        "--detect", opt->detect,
        "a detection table: [{\"number\", \"claims\": [{\"carrier\", \"service\", \"check_digit\"}]}]");
    cmd->add_flag("--update", opt->update,
                  "write the expected files (or the table's claims) instead of comparing; "
                  "UNSTUCK_UPDATE_GOLDEN=1 does the same");
    cmd->add_option("--plugin-config", opt->plugin_config, "the plugin's settings (a JSON object file)");
    cmd->add_option("--update-command", opt->update_command,
                    "the command that rewrites, as messages name it (build systems set it)");
    cmd->callback([&context, opt] {
        const char* env = std::getenv("UNSTUCK_UPDATE_GOLDEN");
        if (env && std::string_view(env) == "1") opt->update = true;
        context.exit_code = run(context, *opt);
    });
}

}  // namespace unstuck::host
