#pragma once
// Sweeps for tests: order sets whose saved UPS responses the replay carrier answers with, host configs that
// route every dispute to one backend, and the `unstuck` host run in the background (to be killed).

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace unstuck::test {

//! The instant the fixture's orders are decided at (`sweep --now`).
inline constexpr const char* kSweepNow = "2024-07-16T20:00:00Z";
//! The shop of the fixture's orders.
inline constexpr const char* kSweepShop = "42";

//! A folder holding `orders.jsonl`, `responses/` (saved UPS responses) and `config.json`.
class SweepFixture {
  public:
    explicit SweepFixture(std::filesystem::path dir);

    //! Writes `count` orders named `<prefix>-<i>`: of every ten, six file "picked up but not updated", two
    //! "unmoved tracking", one "delivered but not updated", and one waits. Returns the dispute keys they
    //! file.
    std::set<std::string> write_orders(std::size_t count, const std::string& prefix = "order");

    //! Writes `config.json`: the in-tree plugins, the store section given (JSON), every carrier fetched
    //! through replay, every dispute routed to `backend`, and the extra `plugins`/`secrets` entries given
    //! (JSON members without braces, may be empty), with the sweep's concurrency and batch size and more
    //! top-level members (`top_members`, e.g. `"http": {...}`; may be empty).
    std::filesystem::path write_config(const std::string& store_json, const std::string& backend,
                                       const std::string& plugin_members, const std::string& secret_members,
                                       unsigned concurrency = 4, unsigned batch_size = 128,
                                       const std::string& top_members = "");

    const std::filesystem::path& dir() const noexcept { return dir_; }
    std::filesystem::path orders() const { return dir_ / "orders.jsonl"; }
    std::filesystem::path config() const { return dir_ / "config.json"; }

  private:
    std::filesystem::path dir_;
};

//! A program running in the background, its output going to a file; killed (SIGKILL) if still running when
//! destroyed.
class SpawnedProcess {
  public:
    SpawnedProcess(const std::string& program, const std::vector<std::string>& args,
                   const std::filesystem::path& output);
    ~SpawnedProcess();
    SpawnedProcess(const SpawnedProcess&) = delete;
    SpawnedProcess& operator=(const SpawnedProcess&) = delete;

    //! True until it has ended (reaps it when it has).
    bool running();
    //! Sends SIGKILL (if still running) and reaps it.
    void kill();
    //! Waits for it to end: its exit code, or 128 + the signal that ended it.
    int wait();
    pid_t pid() const noexcept { return pid_; }

  private:
    pid_t pid_ = -1;
    int status_ = -1;
    bool reaped_ = false;
};

//! The `unstuck` host of this build tree, started in the background.
std::unique_ptr<SpawnedProcess> spawn_host(const std::vector<std::string>& args,
                                           const std::filesystem::path& output);

}  // namespace unstuck::test
