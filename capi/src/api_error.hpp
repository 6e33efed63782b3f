#pragma once
// Private: the thread's last error, and the guard that turns every outcome of an API call into a code.

#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <utility>

#include "unstuck.h"

namespace unstuck::capi {

//! An error to give back to the caller: a code and one line naming what and where.
struct ApiError {
    int code = UNSTUCK_EINTERNAL;
    std::string message;
};

//! Sets the thread's last error and returns its code.
int fail(int code, std::string message) noexcept;
//! Clears the thread's last error and returns UNSTUCK_OK.
int succeed() noexcept;
//! The thread's last error message ("" when none).
const char* last_message() noexcept;
//! The thread's last error code (0 when none).
int last_code() noexcept;

//! Runs `body` (which returns an ApiError-free int code or throws ApiError) so that no exception escapes:
//! ApiError keeps its code, std::bad_alloc is EINTERNAL "out of memory", anything else EINTERNAL.
template <typename Body>
int guarded(const char* function, Body&& body) noexcept {
    try {
        return std::forward<Body>(body)();
    } catch (ApiError& e) {
        return fail(e.code, std::move(e.message));
    } catch (const std::bad_alloc&) {
        return fail(UNSTUCK_EINTERNAL, std::string(function) + ": out of memory");
    } catch (const std::exception& e) {
        return fail(UNSTUCK_EINTERNAL, std::string(function) + ": internal error: " + e.what());
    } catch (...) {
        return fail(UNSTUCK_EINTERNAL, std::string(function) + ": internal error");
    }
}

//! Throws EINVALID naming the argument when `p` is null.
inline void require(const void* p, std::string_view name) {
    if (!p) throw ApiError{UNSTUCK_EINVALID, std::string(name) + ": null pointer"};
}

//! Throws EINVALID naming the argument when `text` is null or not valid UTF-8.
void require_utf8(const char* text, std::string_view name);
//! Throws EINVALID naming the argument when `text` is not valid UTF-8.
void require_utf8(std::string_view text, std::string_view name);

//! A copy of `text` in memory the caller frees with unstuck_free.
char* give(std::string_view text);

}  // namespace unstuck::capi
