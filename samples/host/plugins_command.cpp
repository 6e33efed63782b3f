// `unstuck plugins`: every module found in the plugin folders, loaded or refused with the reason.
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "unstuck/core/plugin/plugin_json.hpp"

namespace unstuck::host {
namespace {

void print_json(const core::PluginHost& host) {
    std::string out;
    sdk::JsonWriter w(out);
    core::write_plugin_records(w, host);
    std::cout << out << '\n';
}

void print_table(const core::PluginHost& host) {
    const auto& records = host.records();
    std::size_t name_width = 4, display_width = 12;
    for (const auto& r : records) {
        name_width = std::max(name_width, r.name.size());
        display_width = std::max(display_width, r.display_name.size());
    }
    std::cout << fmt::format("{:<{}}  {:<{}}  {:<11}  {:<8}  {:<8}  {}\n", "NAME", name_width, "DISPLAY NAME",
                             display_width, "KIND", "VERSION", "STATE", "FILE / REASON");
    std::size_t loaded = 0;
    for (const auto& r : records) {
        loaded += r.loaded;
        std::cout << fmt::format(
            "{:<{}}  {:<{}}  {:<11}  {:<8}  {:<8}  {}\n", r.name, name_width,
            r.display_name.empty() ? "-" : r.display_name, display_width, r.kind.empty() ? "-" : r.kind,
            r.version.empty() ? "-" : r.version, r.loaded ? "loaded" : "REFUSED",
            r.loaded ? r.file.filename().string() : r.file.filename().string() + ": " + r.reason);
    }
    std::cout << fmt::format("{} plugin(s) loaded, {} refused, from:", loaded, records.size() - loaded);
    for (const auto& dir : host.plugin_dirs()) std::cout << ' ' << dir.string();
    std::cout << '\n';
}

}  // namespace

void register_plugins_command(CLI::App& app, HostContext& context) {
    auto* cmd = app.add_subcommand("plugins", "list the plugins found, loaded and refused (with why)");
    auto json = std::make_shared<bool>(false);
    cmd->add_flag("--json", *json, "print JSON for machines");
    cmd->callback([&context, json] {
        auto& host = context.plugins();
        if (*json)
            print_json(host);
        else
            print_table(host);
        // A plugin refused for its settings is listed, and the exit code stays 2 (bad input).
        if (host.config_errors().empty()) context.exit_code = kExitOk;
    });
}

}  // namespace unstuck::host
