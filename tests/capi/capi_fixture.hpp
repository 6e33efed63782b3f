#pragma once
// The C API's tests: the demo copied into a temporary folder with a config that keeps its store, evidence and
// outbox there, the in-tree plugins (replay carrier, outbox ticketing), and helpers for the library's
// strings.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "support/test_paths.hpp"
#include "unstuck.h"

namespace unstuck::test {

//! The instant the demo orders are decided at.
inline constexpr const char* kDemoNow = "2024-07-16T20:00:00Z";

//! A copy of samples/demo in a temporary folder, with `unstuck.json` pointing at it by absolute paths.
class DemoCopy {
  public:
    //! `log_level` goes into the config's `log` section.
    explicit DemoCopy(const std::string& log_level = "warn");

    const std::filesystem::path& dir() const noexcept { return dir_; }
    std::filesystem::path config() const { return dir_ / "unstuck.json"; }
    std::filesystem::path orders() const { return dir_ / "orders.jsonl"; }
    std::filesystem::path outbox() const { return dir_ / "state" / "outbox"; }
    //! The config document itself (its relative paths resolve against dir()).
    std::string config_json() const;

  private:
    TempDir tmp_;
    std::filesystem::path dir_;
};

//! Takes a string the library returned and frees it.
std::string take(char* text);

//! The thread's last error as "code: message", for assertion messages.
std::string last_error();

//! A host opened on the demo copy; closed at the end.
class OpenHost {
  public:
    explicit OpenHost(const DemoCopy& demo);
    ~OpenHost();
    OpenHost(const OpenHost&) = delete;
    OpenHost& operator=(const OpenHost&) = delete;
    unstuck_host* get() const noexcept { return host_; }

  private:
    unstuck_host* host_ = nullptr;
};

//! The first order line of the demo.
std::string first_demo_order();

//! The number of entries in a folder (0 when it does not exist).
std::size_t entries_in(const std::filesystem::path& dir);

}  // namespace unstuck::test
