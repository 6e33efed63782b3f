#include "carriers/common/system_clock.hpp"

#include <chrono>

namespace unstuck::carriers {

sdk::Timestamp SystemClock::now() const noexcept {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

}  // namespace unstuck::carriers
