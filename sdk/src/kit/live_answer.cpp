#include "unstuck/kit/live_answer.hpp"

#include <string>

namespace unstuck::kit {

sdk::TrackResult live_answer(sdk::TrackResult normalized, std::string_view carrier, std::string_view what) {
    const std::string prefix = std::string(carrier) + ": ";
    if (normalized.kind != sdk::TrackResult::Kind::kPermanent ||
        normalized.message.rfind(prefix + "malformed JSON", 0) != 0)
        return normalized;
    return sdk::TrackResult::transient(std::string(what) + ": " + normalized.message.substr(prefix.size()));
}

}  // namespace unstuck::kit
