#include "ticketing/outbox/config.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace unstuck::ticketing::outbox {
namespace {

[[noreturn]] void refuse(const std::filesystem::path& dir, const std::string& why) {
    throw std::invalid_argument("config.dir: outbox folder " + dir.string() + " " + why);
}

}  // namespace

Config Config::from(const sdk::HostServices& host) {
    if (!host.config) throw std::invalid_argument("the host lent no config");
    std::string dir = host.config->get_string("dir");
    if (dir.empty()) throw std::invalid_argument("config.dir: required (the outbox folder)");
    Config c;
    std::error_code ec;
    c.dir = std::filesystem::absolute(dir, ec).lexically_normal();
    if (ec) refuse(dir, "has no absolute form (" + ec.message() + ")");
    std::filesystem::create_directories(c.dir, ec);
    if (ec) refuse(c.dir, "cannot be created (" + ec.message() + ")");
    if (!std::filesystem::is_directory(c.dir, ec)) refuse(c.dir, "is not a folder");
    if (::access(c.dir.c_str(), R_OK | W_OK | X_OK) != 0)
        refuse(c.dir, std::string("is not readable and writable (") + std::strerror(errno) + ")");
    if (DIR* d = ::opendir(c.dir.c_str())) {
        ::closedir(d);
    } else {
        refuse(c.dir, std::string("cannot be listed (") + std::strerror(errno) + ")");
    }
    // access() says yes to root and knows nothing of read-only mounts: write a probe file to be sure.
    auto probe = c.dir / (".probe-" + std::to_string(::getpid()));
    int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) refuse(c.dir, std::string("is not writable (") + std::strerror(errno) + ")");
    ::close(fd);
    ::unlink(probe.c_str());
    return c;
}

}  // namespace unstuck::ticketing::outbox
