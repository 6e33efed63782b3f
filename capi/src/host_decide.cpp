// unstuck_decide, unstuck_check_batch: the policy's decisions, offline.
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "api_error.hpp"
#include "host_state.hpp"
#include "unstuck/core/check/check_batch.hpp"

using namespace unstuck;
using namespace unstuck::capi;

namespace {

// An anonymous in-memory file, closed on scope exit.
struct MemoryFile {
    int fd = -1;
    explicit MemoryFile(const char* name) : fd(::memfd_create(name, MFD_CLOEXEC)) {
        if (fd < 0) throw ApiError{UNSTUCK_EIO, std::string(name) + ": " + std::strerror(errno)};
    }
    ~MemoryFile() { ::close(fd); }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;

    void write_all(std::string_view text, const char* what) const {
        while (!text.empty()) {
            ssize_t n = ::write(fd, text.data(), text.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw ApiError{UNSTUCK_EIO, std::string(what) + ": " + std::strerror(errno)};
            text.remove_prefix(static_cast<std::size_t>(n));
        }
        rewind();
    }
    // The whole file in memory the caller frees with unstuck_free, read straight into it.
    char* read_all(const char* what) const {
        struct stat st {};
        if (::fstat(fd, &st) != 0)
            throw ApiError{UNSTUCK_EIO, std::string(what) + ": " + std::strerror(errno)};
        const auto size = static_cast<std::size_t>(st.st_size);
        auto* out = static_cast<char*>(std::malloc(size + 1));
        if (!out) throw std::bad_alloc();
        std::size_t done = 0;
        while (done < size) {
            ssize_t n = ::pread(fd, out + done, size - done, static_cast<off_t>(done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                std::free(out);
                throw ApiError{UNSTUCK_EIO, std::string(what) + ": " + std::strerror(n < 0 ? errno : EIO)};
            }
            done += static_cast<std::size_t>(n);
        }
        out[size] = '\0';
        return out;
    }
    void rewind() const { ::lseek(fd, 0, SEEK_SET); }
};

// The reader names fields as `packages[0].at: ...`; the API names them from the document's root, `$.`.
std::string json_path_message(const std::string& message) {
    const auto colon = message.find(": ");
    const auto space = message.find(' ');
    if (colon == std::string::npos || colon == 0 || space < colon) return message;
    return "$." + message;
}

}  // namespace

extern "C" int unstuck_decide(unstuck_host* host, const char* order_json, char** out_json) {
    return guarded("unstuck_decide", [&] {
        require(out_json, "out_json");
        require_utf8(order_json, "order_json");
        auto state = hosts().get(host, "host");
        std::string out;
        if (auto status = state->decide(order_json, out); !status)
            throw ApiError{UNSTUCK_EJSON, "order_json: " + json_path_message(status.message())};
        *out_json = give(out);
        return succeed();
    });
}

extern "C" int unstuck_check_batch(unstuck_host* host, const char* orders_jsonl, char** out_jsonl) {
    return guarded("unstuck_check_batch", [&] {
        require(out_jsonl, "out_jsonl");
        require_utf8(orders_jsonl, "orders_jsonl");
        auto state = hosts().get(host, "host");
        MemoryFile in("unstuck-batch-in"), out("unstuck-batch-out");
        in.write_all(orders_jsonl, "orders_jsonl");
        auto options = state->check_options();
        auto result = core::check_batch(in.fd, out.fd, state->engine(), options);
        if (!result.io_error.empty()) throw ApiError{UNSTUCK_EIO, "orders_jsonl: " + result.io_error};
        *out_jsonl = out.read_all("out_jsonl");
        return succeed();
    });
}
