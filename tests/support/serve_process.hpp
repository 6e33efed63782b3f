#pragma once
// Runs `unstuck serve` as a real process on loopback and talks HTTP(S) to it.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace unstuck::test {

//! An HTTP answer; `status` 0 when the exchange failed (`error` says why).
struct HttpReply {
    int status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string error;

    //! The first header of that name (case-insensitive), if any.
    std::optional<std::string> header(const std::string& name) const;
};

//! `unstuck [--config C] serve --listen 127.0.0.1:0 --port-file F [extra args]`, started at construction; the
//! constructor returns once the port file appears (at most 20 s) or the process ended. The destructor kills
//! it.
class ServeProcess {
  public:
    //! `config` may be empty (no --config); `env` adds environment variables.
    explicit ServeProcess(const std::filesystem::path& config, std::vector<std::string> extra_args = {},
                          std::map<std::string, std::string> env = {});
    ~ServeProcess();
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    //! Whether it is accepting connections (the port file appeared).
    bool started() const noexcept { return port_ != 0; }
    //! The bound port (0 when it did not start).
    std::uint16_t port() const noexcept { return port_; }
    //! Requests go over HTTPS from now on, trusting `ca_file` (the server's certificate or its CA),
    //! presenting the client certificate `cert_file` with `key_file` when given.
    void use_tls(const std::filesystem::path& ca_file, const std::filesystem::path& cert_file = {},
                 const std::filesystem::path& key_file = {});

    //! Sends one request on a new connection and reads the answer (30 s timeout).
    HttpReply request(const std::string& method, const std::string& target, const std::string& body = "",
                      const std::vector<std::pair<std::string, std::string>>& headers = {}) const;

    //! Sends SIGTERM and waits for the exit (at most `timeout`, then SIGKILL); the exit code, or 128+signal.
    int terminate(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    //! Sends SIGKILL and reaps it.
    void kill();
    //! Waits for the process to end by itself (at most `timeout`); its exit code, or none if still running.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout);
    //! Everything it wrote to stderr so far.
    std::string stderr_text() const;
    //! Waits until its stderr contains `text` (at most `timeout`); whether it does.
    bool wait_for_stderr(const std::string& text,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
    //! Its process id.
    pid_t pid() const noexcept { return pid_; }

  private:
    // Once the process ended: waits until all it wrote to stderr is read.
    void finish_reading();

    pid_t pid_ = -1;
    std::optional<int> exit_code_;
    std::uint16_t port_ = 0;
    std::filesystem::path dir_;
    std::filesystem::path ca_file_;
    std::filesystem::path client_cert_;
    std::filesystem::path client_key_;
    int err_fd_ = -1;
    std::thread err_reader_;
    mutable std::mutex err_mutex_;
    std::string err_;
};

}  // namespace unstuck::test
