#include "support/serve_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>

extern char** environ;

namespace unstuck::test {
namespace {

int exit_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

std::optional<std::string> HttpReply::header(const std::string& name) const {
    for (const auto& [key, value] : headers)
        if (::strcasecmp(key.c_str(), name.c_str()) == 0) return value;
    return std::nullopt;
}

ServeProcess::ServeProcess(const std::filesystem::path& config, std::vector<std::string> extra_args,
                           std::map<std::string, std::string> env) {
    dir_ = std::filesystem::temp_directory_path() /
           ("unstuck-serve-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    const auto port_file = dir_ / "port";

    std::vector<std::string> args{UNSTUCK_HOST_EXE};
    if (!config.empty()) {
        args.emplace_back("--config");
        args.push_back(config.string());
    }
    for (auto a : {"serve", "--listen", "127.0.0.1:0", "--port-file"}) args.emplace_back(a);
    args.push_back(port_file.string());
    for (auto& a : extra_args) args.push_back(std::move(a));

    std::map<std::string, std::string> environment;
    for (char** e = environ; e && *e; ++e) {
        std::string entry(*e);
        auto eq = entry.find('=');
        if (eq != std::string::npos) environment[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    // The leaks of system libraries the suites know of (tests/lsan.supp), also when ctest runs without the
    // preset.
    environment.try_emplace("LSAN_OPTIONS", std::string("suppressions=") + UNSTUCK_SOURCE_DIR +
                                                "/tests/lsan.supp:print_suppressions=0");
    for (auto& [k, v] : env) environment[k] = v;
    std::vector<std::string> env_entries;
    for (const auto& [k, v] : environment) env_entries.push_back(k + "=" + v);

    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_entries) envp.push_back(e.data());
    envp.push_back(nullptr);

    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (rc != 0) {
        ::close(pipe_fds[0]);
        throw std::runtime_error("cannot start " + args[0]);
    }
    err_fd_ = pipe_fds[0];
    err_reader_ = std::thread([this] {
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::read(err_fd_, buffer, sizeof buffer);
            if (n <= 0) break;
            std::lock_guard lock(err_mutex_);
            err_.append(buffer, static_cast<std::size_t>(n));
        }
    });

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(port_file);
        unsigned port = 0;
        if (in >> port && port > 0) {
            port_ = static_cast<std::uint16_t>(port);
            return;
        }
        if (wait_exit(std::chrono::milliseconds(0))) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

ServeProcess::~ServeProcess() {
    kill();
    if (err_reader_.joinable()) err_reader_.join();
    if (err_fd_ >= 0) ::close(err_fd_);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void ServeProcess::use_tls(const std::filesystem::path& ca_file, const std::filesystem::path& cert_file,
                           const std::filesystem::path& key_file) {
    ca_file_ = ca_file;
    client_cert_ = cert_file;
    client_key_ = key_file;
}

HttpReply ServeProcess::request(const std::string& method, const std::string& target, const std::string& body,
                                const std::vector<std::pair<std::string, std::string>>& headers) const {
    HttpReply reply;
    try {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (ca_file_.empty()) {
            session = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", port_);
        } else {
            Poco::Net::Context::Ptr context = new Poco::Net::Context(
                Poco::Net::Context::TLS_CLIENT_USE, client_key_.string(), client_cert_.string(),
                ca_file_.string(), Poco::Net::Context::VERIFY_RELAXED);
            session = std::make_unique<Poco::Net::HTTPSClientSession>("localhost", port_, context);
        }
        session->setTimeout(Poco::Timespan(30, 0));
        Poco::Net::HTTPRequest req(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [k, v] : headers) req.set(k, v);
        if (!body.empty() || method == "POST" || method == "PUT") {
            req.setContentLength64(static_cast<Poco::Int64>(body.size()));
            if (!req.has("Content-Type")) req.setContentType("application/json");
        }
        session->sendRequest(req) << body;
        Poco::Net::HTTPResponse res;
        auto& in = session->receiveResponse(res);
        reply.status = static_cast<int>(res.getStatus());
        for (const auto& [k, v] : res) reply.headers.emplace_back(k, v);
        Poco::StreamCopier::copyToString(in, reply.body);
    } catch (const Poco::Exception& e) {
        reply.status = 0;
        reply.error = e.displayText();
    } catch (const std::exception& e) {
        reply.status = 0;
        reply.error = e.what();
    }
    return reply;
}

std::optional<int> ServeProcess::wait_exit(std::chrono::milliseconds timeout) {
    if (exit_code_) return exit_code_;
    if (pid_ <= 0) return std::nullopt;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            exit_code_ = exit_status(status);
            finish_reading();
            return exit_code_;
        }
        if (r < 0) {
            exit_code_ = -1;
            return exit_code_;
        }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

int ServeProcess::terminate(std::chrono::milliseconds timeout) {
    if (exit_code_) return *exit_code_;
    ::kill(pid_, SIGTERM);
    if (auto code = wait_exit(timeout)) return *code;
    kill();
    return exit_code_.value_or(-1);
}

void ServeProcess::kill() {
    if (exit_code_ || pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    if (::waitpid(pid_, &status, 0) == pid_)
        exit_code_ = exit_status(status);
    else
        exit_code_ = -1;
    finish_reading();
}

void ServeProcess::finish_reading() {
    if (err_reader_.joinable()) err_reader_.join();
}

std::string ServeProcess::stderr_text() const {
    std::lock_guard lock(err_mutex_);
    return err_;
}

bool ServeProcess::wait_for_stderr(const std::string& text, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (stderr_text().find(text) != std::string::npos) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace unstuck::test
