#pragma once
// Private: a dispute's state history (`dispute_events`), written in the transaction of each state change.

#include <string>
#include <string_view>

#include <Poco/Data/Session.h>

#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

// Appends one event to the history of dispute `key`: `state` (PENDING, FILED, REJECTED, RETRY, or the
// ticket's synced state) with its detail (empty: none) at `at`.
void add_dispute_event(Poco::Data::Session& s, const std::string& key, std::string_view state,
                       std::string_view detail, sdk::Timestamp at);

}  // namespace unstuck::core
