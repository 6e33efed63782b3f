#pragma once
// Where two JSON documents first differ, as a JSON path (`$.events[2].status`) with both values.

#include <optional>
#include <string>
#include <string_view>

namespace unstuck::host {

//! The first difference between two JSON texts, in document order.
struct JsonDifference {
    std::string path;      //!< `$`, `$.events[2].status`, ...
    std::string expected;  //!< the expected value at `path`, compact, or `(absent)`
    std::string actual;    //!< the actual value at `path`, compact, or `(absent)`
};

//! The first place where `actual` differs from `expected`, or nothing when they are the same JSON (objects
//! compare by key, whatever the order). A text that is not JSON differs at `$`.
std::optional<JsonDifference> first_json_difference(std::string_view expected, std::string_view actual);

}  // namespace unstuck::host
