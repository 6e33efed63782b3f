#pragma once
//! Dropping the events a carrier lists twice.

#include <string>
#include <vector>

#include "unstuck/sdk/model.hpp"

namespace unstuck::sdk {

//! Drops every event of `events` (sorted oldest first) that repeats an earlier one's code, UTC instant and
//! location, keeping the first; each dropped event adds `event <i>: duplicate of event <k> dropped` to
//! `warnings`, with positions in the list as it was given.
void drop_duplicate_events(std::vector<Event>& events, std::vector<std::string>& warnings);

}  // namespace unstuck::sdk
