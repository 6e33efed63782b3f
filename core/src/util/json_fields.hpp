#pragma once
// Private: typed access to the fields of a Poco JSON object, with errors that name the field's JSON path.

#include <cstdint>
#include <set>
#include <string>
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

  private:
    const Poco::JSON::Object& obj_;
    std::string path_;
};

}  // namespace unstuck::core
