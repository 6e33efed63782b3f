#pragma once
//! A live carrier answer once normalized: a garbled document is the server's fault of the moment.

#include <string_view>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::kit {

//! A permanent `<carrier>: malformed JSON...` becomes transient `<what>: malformed JSON...` (a garbled answer
//! is the server's fault of the moment, not the request's); any other result stays as it is.
sdk::TrackResult live_answer(sdk::TrackResult normalized, std::string_view carrier, std::string_view what);

}  // namespace unstuck::kit
