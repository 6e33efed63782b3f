#include "capi_fixture.hpp"

#include <fstream>

namespace unstuck::test {

namespace fs = std::filesystem;

DemoCopy::DemoCopy(const std::string& log_level) : dir_(tmp_.path() / "demo") {
    fs::copy(source_path("samples/demo"), dir_, fs::copy_options::recursive);
    std::string text = read_file(dir_ / "unstuck.json");
    for (std::size_t at; (at = text.find("../../build/release/demo")) != std::string::npos;)
        text.replace(at, std::string("../../build/release/demo").size(), (dir_ / "state").string());
    // Plugin settings are paths as given (the host runs from the demo's folder); here they are absolute.
    text.replace(text.find("\"responses\""), 11, "\"" + (dir_ / "responses").string() + "\"");
    text.replace(text.find('{'), 1, "{\"plugin_dirs\": [\"" + plugin_dir().string() + "\"], ");
    text.replace(text.find("\"level\": \"warn\""), 15, "\"level\": \"" + log_level + "\"");
    write_file(config(), text);
    fs::create_directories(dir_ / "state");
}

std::string DemoCopy::config_json() const {
    return read_file(config());
}

std::string take(char* text) {
    std::string out = text ? text : "";
    unstuck_free(text);
    return out;
}

std::string last_error() {
    return std::to_string(unstuck_error_last_code()) + ": " + unstuck_error_last();
}

OpenHost::OpenHost(const DemoCopy& demo) {
    int rc = unstuck_host_open_file(&host_, demo.config().c_str());
    EXPECT_EQ(rc, UNSTUCK_OK) << last_error();
}

OpenHost::~OpenHost() {
    unstuck_host_close(host_);
}

std::string first_demo_order() {
    std::ifstream in(source_path("samples/demo/orders.jsonl"));
    std::string line;
    std::getline(in, line);
    return line;
}

std::size_t entries_in(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return 0;
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}

}  // namespace unstuck::test
