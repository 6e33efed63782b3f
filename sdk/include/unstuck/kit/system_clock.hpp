#pragma once
//! The wall clock, for a plugin whose host lends none.

#include "unstuck/sdk/host_services.hpp"

namespace unstuck::kit {

//! The system clock in microseconds.
class SystemClock : public sdk::Clock {
  public:
    //! Now, from std::chrono::system_clock.
    sdk::Timestamp now() const noexcept override;
};

}  // namespace unstuck::kit
