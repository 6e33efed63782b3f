#pragma once
//! A small streaming JSON writer that appends compact JSON to a string.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace unstuck::sdk {

//! Appends compact JSON to a string; keys and values are escaped, commas are placed automatically.
//! Written here because no packaged library writes JSON without first building a DOM, and output is a hot
//! path.
class JsonWriter {
  public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    //! Writes an object key; the next call writes its value.
    JsonWriter& key(std::string_view k);

    JsonWriter& value(std::string_view v);
    JsonWriter& value(const char* v) { return value(std::string_view(v)); }
    JsonWriter& value(const std::string& v) { return value(std::string_view(v)); }
    JsonWriter& value(bool v);
    JsonWriter& value(std::int64_t v);
    JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
    JsonWriter& value(double v);
    JsonWriter& null();
    //! Writes the string, or null when empty.
    JsonWriter& value_or_null(std::string_view v);
    //! Writes already serialized JSON as the next value.
    JsonWriter& raw(std::string_view json);

    //! Shorthand for key(k).value(v).
    template <typename V>
    JsonWriter& field(std::string_view k, V&& v) {
        key(k);
        return value(std::forward<V>(v));
    }

  private:
    void separate();

    std::string& out_;
    std::vector<bool> first_;  // one per open container: no member written yet
    bool after_key_ = false;
};

//! Appends `s` to `out` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view s);

}  // namespace unstuck::sdk
