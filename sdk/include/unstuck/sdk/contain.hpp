#pragma once
//! The one place a plugin turns an exception into a message: no exception leaves a plugin's module.

#include <exception>
#include <string_view>
#include <utility>

namespace unstuck::sdk {

//! Runs `call()` and returns its result; when it throws, returns `on_error(message)` instead, the message
//! being the exception's `what()` or `unknown exception`. Used by the export macros (construction) and by
//! ContainedTicketingPlugin (every call); a plugin author wraps other entry points with it the same way.
template <typename Call, typename OnError>
auto contain(Call&& call, OnError&& on_error) noexcept -> decltype(std::forward<Call>(call)()) {
    try {
        return std::forward<Call>(call)();
    } catch (const std::exception& e) {
        return std::forward<OnError>(on_error)(std::string_view(e.what()));
    } catch (...) {
        return std::forward<OnError>(on_error)(std::string_view("unknown exception"));
    }
}

}  // namespace unstuck::sdk
