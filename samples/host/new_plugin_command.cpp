// `unstuck new-plugin --kind carrier|ticketing NAME [DIR]`: writes a ready-to-build plugin folder from the
// embedded templates (templates.hpp), with the name filled in everywhere. The folder is written whole or not
// at all: into a temporary folder beside DIR, then renamed. Exit codes: 0 written; 1 the folder could not be
// written; 2 bad input (kind, NAME, display name, or a DIR that exists and is not empty).
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "templates.hpp"
#include "unstuck/sdk/version.hpp"

namespace unstuck::host {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kPrefix = "unstuck new-plugin: ";

struct NewPluginOptions {
    std::string kind;
    std::string name;
    std::string dir;
    std::string display_name;
};

// Lowercase letters, digits and '-', starting with a letter and not ending with '-': the name is a file name,
// a manifest name, a CMake target and (with '_' for '-') a C++ namespace.
bool valid_name(std::string_view name) {
    if (name.empty() || name.size() > 40 || name.front() < 'a' || name.front() > 'z' || name.back() == '-')
        return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

// Goes into JSON and C++ strings as it is, so it must need no escaping.
bool valid_display_name(std::string_view text) {
    if (text.empty() || text.size() > 80) return false;
    for (unsigned char c : text)
        if (c < 0x20 || c == '"' || c == '\\' || c == '@') return false;
    return true;
}

// "acme-parcel" reads "Acme Parcel".
std::string default_display_name(std::string_view name) {
    std::string out;
    bool start = true;
    for (char c : name) {
        if (c == '-') {
            out += ' ';
            start = true;
            continue;
        }
        out += start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        start = false;
    }
    return out;
}

std::string identifier(std::string_view name) {
    std::string id(name);
    for (char& c : id)
        if (c == '-') c = '_';
    static constexpr std::string_view kTaken[] = {
        "and",      "asm",      "auto",     "bool",    "break",   "case",      "catch",   "char",
        "class",    "const",    "continue", "default", "delete",  "do",        "double",  "else",
        "enum",     "explicit", "export",   "extern",  "false",   "float",     "for",     "friend",
        "goto",     "if",       "inline",   "int",     "long",    "module",    "mutable", "namespace",
        "new",      "not",      "operator", "or",      "private", "protected", "public",  "register",
        "return",   "short",    "signed",   "sizeof",  "static",  "std",       "struct",  "switch",
        "template", "this",     "throw",    "true",    "try",     "typedef",   "typeid",  "typename",
        "union",    "unsigned", "using",    "virtual", "void",    "volatile",  "while",   "xor"};
    for (auto taken : kTaken)
        if (id == taken) return id + "_plugin";
    return id;
}

std::string fill(std::string_view text, const std::vector<std::pair<std::string, std::string>>& values) {
    std::string out(text);
    for (const auto& [key, value] : values) {
        for (std::size_t at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size()))
            out.replace(at, key.size(), value);
    }
    return out;
}

// Where this executable is installed (bin/unstuck → the prefix), when that prefix holds the CMake package.
std::string own_prefix() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    fs::path prefix = exe.parent_path().parent_path();
    for (const char* lib : {"lib", "lib64"})
        if (fs::exists(prefix / lib / "cmake" / "unstuck" / "unstuckConfig.cmake", ec))
            return prefix.string();
    return {};
}

int run(const NewPluginOptions& opt) {
    if (opt.kind != "carrier" && opt.kind != "ticketing") {
        std::cerr << kPrefix << "--kind '" << opt.kind << "': expected carrier or ticketing\n";
        return kExitBadInput;
    }
    if (!valid_name(opt.name)) {
        std::cerr
            << kPrefix << "NAME '" << opt.name
            << "': use lowercase letters, digits and '-' (at most 40), starting with a letter, not ending "
               "with '-'\n";
        return kExitBadInput;
    }
    const std::string display = opt.display_name.empty() ? default_display_name(opt.name) : opt.display_name;
    if (!valid_display_name(display)) {
        std::cerr << kPrefix << "--display-name '" << display
                  << "': one line of at most 80 characters without '\"', '\\' or '@'\n";
        return kExitBadInput;
    }
    std::error_code ec;
    fs::path target = fs::absolute(opt.dir.empty() ? opt.name : opt.dir, ec).lexically_normal();
    if (!target.has_filename()) target = target.parent_path();  // `acme/` is `acme`
    const bool exists = fs::exists(target, ec);
    if (exists && (!fs::is_directory(target, ec) || !fs::is_empty(target, ec))) {
        std::cerr << kPrefix << (opt.dir.empty() ? opt.name : opt.dir)
                  << ": exists and is not an empty folder; nothing written\n";
        return kExitBadInput;
    }

    const std::vector<std::pair<std::string, std::string>> values{{"@NAME@", opt.name},
                                                                  {"@IDENT@", identifier(opt.name)},
                                                                  {"@DISPLAY_NAME@", display},
                                                                  {"@VERSION@", sdk::kSdkVersion}};
    const fs::path parent = target.parent_path();
    const fs::path temp = parent / ("." + target.filename().string() + ".new-" + std::to_string(::getpid()));
    auto fail = [&](const std::string& what) {
        std::cerr << kPrefix << what << "; nothing written\n";
        std::error_code ignored;
        fs::remove_all(temp, ignored);
        return kExitFailure;
    };
    fs::create_directories(parent, ec);
    if (!fs::create_directory(temp, ec))
        return fail(temp.string() + ": cannot create (" + ec.message() + ")");
    std::size_t written = 0;
    for (const auto& t : template_files()) {
        if (t.kind != opt.kind) continue;
        const fs::path file = temp / fs::path(std::string(t.path));
        fs::create_directories(file.parent_path(), ec);
        std::ofstream out(file, std::ios::binary);
        const std::string text = fill(t.content, values);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.close();
        if (!out) return fail(file.string() + ": cannot write");
        ++written;
    }
    if (exists) fs::remove(target, ec);  // the empty folder the plugin takes the place of
    fs::rename(temp, target, ec);
    if (ec)
        return fail(target.string() + ": cannot rename the written folder into place (" + ec.message() + ")");

    const std::string prefix = own_prefix();
    const std::string shown = opt.dir.empty() ? opt.name : opt.dir;
    std::cout << "wrote " << target.string() << ": the " << opt.kind << " plugin " << opt.name << " ("
              << display << "), " << written << " files\n"
              << "build and test it:\n"
              << "  cmake -S " << shown << " -B " << shown
              << "/build -DCMAKE_PREFIX_PATH=" << (prefix.empty() ? "<where unstuck is installed>" : prefix)
              << '\n'
              << "  cmake --build " << shown << "/build\n"
              << "  ctest --test-dir " << shown << "/build\n";
    return kExitOk;
}

}  // namespace

void register_new_plugin_command(CLI::App& app, HostContext& context) {
    auto* cmd = app.add_subcommand("new-plugin", "write a ready-to-build carrier or ticketing plugin folder");
    auto opt = std::make_shared<NewPluginOptions>();
    cmd->add_option("--kind", opt->kind, "carrier or ticketing")->required();
    cmd->add_option("name", opt->name, "the plugin's name: lowercase letters, digits and '-'")->required();
    cmd->add_option("dir", opt->dir, "the folder to write (default: ./NAME); must not exist or be empty");
    cmd->add_option("--display-name", opt->display_name, "the name people read (default: from NAME)");
    cmd->callback([&context, opt] { context.exit_code = run(*opt); });
}

}  // namespace unstuck::host
