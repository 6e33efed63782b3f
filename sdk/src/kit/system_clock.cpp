#include "unstuck/kit/system_clock.hpp"

#include <chrono>

namespace unstuck::kit {

sdk::Timestamp SystemClock::now() const noexcept {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

}  // namespace unstuck::kit
