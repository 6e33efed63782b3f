#include "support/sweep_fixture.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <stdexcept>

#include "support/test_paths.hpp"

extern char** environ;

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

// One UPS activity; `gmt` is "YYYYMMDD HHMMSS" in UTC, the local time is four hours earlier (EDT).
struct Scan {
    const char* type;
    const char* code;
    const char* status_code;
    const char* text;
    const char* gmt_date;
    const char* gmt_time;  // HH:MM:SS
    const char* date;      // local
    const char* time;      // local HHMMSS
};

std::string ups_response(const std::string& number, const std::vector<Scan>& newest_first) {
    std::string activity;
    for (const auto& s : newest_first) {
        if (!activity.empty()) activity += ",";
        activity += std::string(R"({"location":{"address":{"city":"Louisville","stateProvince":"KY",)") +
                    R"("postalCode":"40213","countryCode":"US","country":"US"}},"status":{"type":")" +
                    s.type + R"(","description":")" + s.text + R"(","code":")" + s.code +
                    R"(","statusCode":")" + s.status_code + R"("},"date":")" + s.date + R"(","time":")" +
                    s.time + R"(","gmtDate":")" + s.gmt_date + R"(","gmtOffset":"-04:00","gmtTime":")" +
                    s.gmt_time + R"("})";
    }
    return R"({"carrier":"ups","response":{"trackResponse":{"shipment":[{"inquiryNumber":")" + number +
           R"(","package":[{"trackingNumber":")" + number + R"(","activity":[)" + activity + "]}]}]}}}\n";
}

const Scan kPickup30h{"I", "PU", "038", "Picked up", "20240715", "14:00:00", "20240715", "100000"};
const Scan kPickup5h{"I", "PU", "038", "Picked up", "20240716", "15:00:00", "20240716", "110000"};
const Scan kPickup12d{"I", "PU", "038", "Picked up", "20240704", "20:00:00", "20240704", "160000"};
const Scan kMoved10d{"I",        "DP",       "005",      "Departed from Facility",
                     "20240706", "20:00:00", "20240706", "160000"};
const Scan kDelivered3d{"D", "KB", "011", "DELIVERED", "20240713", "20:00:00", "20240713", "160000"};

}  // namespace

SweepFixture::SweepFixture(fs::path dir) : dir_(std::move(dir)) {
    fs::create_directories(dir_ / "responses");
}

std::set<std::string> SweepFixture::write_orders(std::size_t count, const std::string& prefix) {
    std::set<std::string> keys;
    std::string lines;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string id = prefix + "-" + std::to_string(i);
        const std::string number = "T" + prefix + std::to_string(i);
        std::string status = "AWAITING_COLLECTION", code;
        std::vector<Scan> scans;
        switch (i % 10) {
            case 6:
            case 7:
                status = "IN_TRANSIT";
                scans = {kMoved10d, kPickup12d};
                code = "delivery_process_inquiry.unmoved_tracking_event";
                break;
            case 8:
                status = "IN_TRANSIT";
                scans = {kDelivered3d, kMoved10d, kPickup12d};
                code = "logistic_issue.delivered_not_updated";
                break;
            case 9:
                scans = {kPickup5h};  // picked up five hours ago: waits
                break;
            default:
                scans = {kPickup30h};
                code = "pick_up_issues.picked_up_not_updated";
        }
        write_file(dir_ / "responses" / (number + ".json"), ups_response(number, scans));
        lines += R"({"order_id":")" + id + R"(","shop_id":")" + kSweepShop +
                 R"(","region":"US","shipping_type":"PLATFORM","platform_status":")" + status +
                 R"(","packages":[{"package_id":"P)" + id + R"(","tracking_number":")" + number +
                 R"(","carrier":"ups"}]})" + "\n";
        if (!code.empty()) keys.insert(std::string("tiktok-shop:") + kSweepShop + ":" + id + ":" + code);
    }
    write_file(orders(), lines);
    return keys;
}

fs::path SweepFixture::write_config(const std::string& store_json, const std::string& backend,
                                    const std::string& plugin_members, const std::string& secret_members,
                                    unsigned concurrency, unsigned batch_size,
                                    const std::string& top_members) {
    std::string json =
        R"({"plugin_dirs": [")" + plugin_dir().string() + R"("], "store": )" + store_json +
        R"(, "sweep": {"concurrency": )" + std::to_string(concurrency) + R"(, "batch_size": )" +
        std::to_string(batch_size) +
        R"(, "evidence_dir": "evidence", "carrier_plugins": {"ups": "replay"}, "detect": ["ups"]},)" +
        R"( "routes": [{"backend": ")" + backend + R"("}], "plugins": {"replay": {"dir": ")" +
        (dir_ / "responses").string() + R"("})" + (plugin_members.empty() ? "" : ", ") + plugin_members +
        R"(}, "secrets": {)" + secret_members + R"(}, "log": {"level": "error"})" +
        (top_members.empty() ? "" : ", ") + top_members + "}";
    write_file(config(), json);
    return config();
}

SpawnedProcess::SpawnedProcess(const std::string& program, const std::vector<std::string>& args,
                               const fs::path& output) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + program + ": " + std::to_string(rc));
}

SpawnedProcess::~SpawnedProcess() {
    kill();
}

bool SpawnedProcess::running() {
    if (reaped_) return false;
    pid_t r = ::waitpid(pid_, &status_, WNOHANG);
    if (r == pid_) reaped_ = true;
    return !reaped_;
}

void SpawnedProcess::kill() {
    if (reaped_) return;
    ::kill(pid_, SIGKILL);
    wait();
}

int SpawnedProcess::wait() {
    while (!reaped_) {
        pid_t r = ::waitpid(pid_, &status_, 0);
        if (r == pid_) reaped_ = true;
        if (r < 0 && errno != EINTR) {
            reaped_ = true;
            return -1;
        }
    }
    if (WIFEXITED(status_)) return WEXITSTATUS(status_);
    if (WIFSIGNALED(status_)) return 128 + WTERMSIG(status_);
    return -1;
}

std::unique_ptr<SpawnedProcess> spawn_host(const std::vector<std::string>& args, const fs::path& output) {
    return std::make_unique<SpawnedProcess>(UNSTUCK_HOST_EXE, args, output);
}

}  // namespace unstuck::test
