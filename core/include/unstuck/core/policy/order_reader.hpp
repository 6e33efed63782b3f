#pragma once
//! Reads order cases from their JSON form (policy.md section 1); errors name the field path.

#include <cstddef>
#include <memory>
#include <string_view>

#include "unstuck/core/policy/order_case.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! Bytes that must be readable after a document passed with `padded = true`.
inline constexpr std::size_t kOrderReaderPadding = 64;

//! Reads order case documents, reusing its parser and the case's storage between calls. Not thread-safe: use
//! one reader per thread.
class OrderReader {
  public:
    OrderReader();
    ~OrderReader();
    OrderReader(OrderReader&&) noexcept;
    OrderReader& operator=(OrderReader&&) noexcept;

    //! Reads one document into `out` (reusing its storage). With `padded`, the kOrderReaderPadding bytes
    //! after the document are readable and it is parsed in place. Errors read `packages[0].events[3].at: no
    //! UTC offset in "2024-07-15T09:12:00"`; `out` is then unspecified.
    sdk::Status read(std::string_view json, OrderCase& out, bool padded = false);
    //! Reads one document into a new case.
    sdk::Result<OrderCase> read(std::string_view json);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace unstuck::core
