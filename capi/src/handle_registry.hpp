#pragma once
// Private: the live handles of one kind. A handle is a number that is never reused, shown to the caller as
// an opaque pointer that is never dereferenced; a call holds the object while another thread closes it.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "api_error.hpp"

namespace unstuck::capi {

//! Handles of type `Handle` for objects of type `T`.
template <typename Handle, typename T>
class HandleRegistry {
  public:
    //! Registers `object` and returns its new handle.
    Handle* add(std::shared_ptr<T> object) {
        std::lock_guard lock(mutex_);
        const std::uintptr_t id = ++last_id_ << 4;  // never 0, never reused, aligned like a pointer
        live_.emplace(id, std::move(object));
        return reinterpret_cast<Handle*>(id);
    }

    //! The object of a live handle; throws ECLOSED naming `what` otherwise.
    std::shared_ptr<T> get(Handle* handle, const char* what) const {
        if (!handle) throw ApiError{UNSTUCK_EINVALID, std::string(what) + ": null pointer"};
        std::lock_guard lock(mutex_);
        auto it = live_.find(reinterpret_cast<std::uintptr_t>(handle));
        if (it == live_.end())
            throw ApiError{UNSTUCK_ECLOSED, std::string(what) + ": closed, or not a handle"};
        return it->second;
    }

    //! Unregisters a handle and returns its object (the caller drops it outside the lock); throws ECLOSED.
    std::shared_ptr<T> remove(Handle* handle, const char* what) {
        std::lock_guard lock(mutex_);
        auto it = live_.find(reinterpret_cast<std::uintptr_t>(handle));
        if (it == live_.end())
            throw ApiError{UNSTUCK_ECLOSED, std::string(what) + ": closed already, or not a handle"};
        auto object = std::move(it->second);
        live_.erase(it);
        return object;
    }

  private:
    mutable std::mutex mutex_;
    std::uintptr_t last_id_ = 0;
    std::unordered_map<std::uintptr_t, std::shared_ptr<T>> live_;
};

}  // namespace unstuck::capi
