#pragma once
//! Typed results: what plugin calls and parsers return instead of throwing.

#include <string>
#include <utility>
#include <variant>

namespace unstuck::sdk {

//! An error message meant for a person: one line that names what and where.
struct Error {
    std::string message;
};

//! A value or an error (by default an Error); never both, never neither.
template <typename T, typename E = Error>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(E error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    //! True when a value is held.
    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    //! The value; only valid when ok().
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    //! The error; only valid when !ok().
    const E& error() const& { return std::get<1>(v_); }
    E&& error() && { return std::get<1>(std::move(v_)); }

  private:
    std::variant<T, E> v_;
};

//! Success or an Error, for calls that produce no value.
class [[nodiscard]] Status {
  public:
    Status() = default;
    Status(Error error) : error_(std::move(error.message)), failed_(true) {}  // NOLINT

    //! True on success.
    bool ok() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return ok(); }
    //! The error message; empty on success.
    const std::string& message() const noexcept { return error_; }

  private:
    std::string error_;
    bool failed_ = false;
};

}  // namespace unstuck::sdk
