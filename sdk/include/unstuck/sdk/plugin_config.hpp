#pragma once
//! A plugin's configuration, validated against its manifest and completed with defaults by the host.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace unstuck::sdk {

//! Validated configuration values by key; the getters return the fallback for a key that is absent.
class PluginConfig {
  public:
    //! One value of a manifest type: boolean, integer, number, string, string_list or string_map.
    using Value = std::variant<bool, std::int64_t, double, std::string, std::vector<std::string>,
                               std::map<std::string, std::string>>;

    //! Sets a value (the host does this after validation).
    void set(std::string key, Value value) { values_[std::move(key)] = std::move(value); }
    //! True when the key has a value.
    bool has(std::string_view key) const { return values_.find(key) != values_.end(); }

    std::string get_string(std::string_view key, std::string fallback = {}) const;
    std::int64_t get_int(std::string_view key, std::int64_t fallback = 0) const;
    double get_number(std::string_view key, double fallback = 0) const;
    bool get_bool(std::string_view key, bool fallback = false) const;
    std::vector<std::string> get_string_list(std::string_view key) const;
    std::map<std::string, std::string> get_string_map(std::string_view key) const;

    //! All values, ordered by key.
    const std::map<std::string, Value, std::less<>>& values() const noexcept { return values_; }

  private:
    std::map<std::string, Value, std::less<>> values_;
};

}  // namespace unstuck::sdk
