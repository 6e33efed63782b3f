#pragma once
// Private: typed access to the fields of a Poco JSON object, with errors that name the field's JSON path.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Poco/JSON/Object.h>

#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

class JsonFields {
  public:
    //! `path` names the object itself (empty for the document's top).
    JsonFields(const Poco::JSON::Object& obj, std::string path) : obj_(obj), path_(std::move(path)) {}

    //! The JSON path of a field, e.g. `http.read_timeout_ms`.
    std::string path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
    //! An error when the object has a key outside `known`; the message lists the known keys.
    sdk::Status only(const std::set<std::string, std::less<>>& known) const;

    sdk::Result<std::string> string(const std::string& key, const std::string& fallback) const;
    sdk::Result<std::int64_t> integer(const std::string& key, std::int64_t fallback, std::int64_t min) const;
    sdk::Result<double> number(const std::string& key, double fallback, double min) const;
    sdk::Result<bool> boolean(const std::string& key, bool fallback) const;
    sdk::Result<std::vector<std::string>> string_list(const std::string& key) const;
    //! The object under `key`, or null when absent.
    sdk::Result<Poco::JSON::Object::Ptr> object(const std::string& key) const;
    //! Reads each key's text into its string (empty when absent); the first field that is no text is the
    //! error.
    sdk::Status strings(std::initializer_list<std::pair<const char*, std::string*>> fields) const;
    //! Calls `each` with the fields of every object of the array under `key` (absent or null: none); its
    //! first error, or one naming the item that is no object, stops it.
    sdk::Status each_object(const std::string& key,
                            const std::function<sdk::Status(const JsonFields&)>& each) const;

  private:
    const Poco::JSON::Object& obj_;
    std::string path_;
};

//! Parses a JSON document that must be an object; errors start with `what` (`request: malformed JSON: ...`).
sdk::Result<Poco::JSON::Object::Ptr> parse_json_object(std::string_view json, const std::string& what);

}  // namespace unstuck::core
