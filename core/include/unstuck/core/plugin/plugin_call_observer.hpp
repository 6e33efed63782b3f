#pragma once
//! A hook told of every call the host makes into a plugin, with its duration (the service's metrics use it).

#include <chrono>
#include <functional>
#include <string_view>

namespace unstuck::core {

//! Called after each guarded call into a plugin (also when the call threw) with the plugin's name, the
//! operation (`fetch`, `normalize`, `detect`, `file`, `find`, `state`, `attach`, `update_delivery_status`,
//! `receive`) and the time it took. Called from the calling thread, so it must be thread-safe; an exception
//! from it is dropped.
using PluginCallObserver = std::function<void(std::string_view plugin, std::string_view operation,
                                              std::chrono::nanoseconds elapsed)>;

}  // namespace unstuck::core
