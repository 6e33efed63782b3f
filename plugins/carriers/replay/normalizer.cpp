#include "normalizer.hpp"

#include "carriers/dhl/normalizer.hpp"
#include "carriers/fedex/normalizer.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/sdk/contain.hpp"
#ifdef UNSTUCK_REPLAY_HAS_UPS
#include "carriers/ups/normalizer.hpp"
#endif
#ifdef UNSTUCK_REPLAY_HAS_USPS
#include "carriers/usps/normalizer.hpp"
#endif

namespace unstuck::carriers::replay {
namespace {

using Normalize = sdk::TrackResult (*)(std::string_view, const sdk::TrackContext&) noexcept;

struct Entry {
    std::string_view name;
    Normalize normalize;
};

constexpr Entry kNormalizers[] = {
    {"dhl", &dhl::normalize},
    {"fedex", &fedex::normalize},
#ifdef UNSTUCK_REPLAY_HAS_UPS
    {"ups", &ups::normalize},
#endif
#ifdef UNSTUCK_REPLAY_HAS_USPS
    {"usps", &usps::normalize},
#endif
};

Normalize find(std::string_view carrier) {
    for (const Entry& e : kNormalizers)
        if (e.name == carrier) return e.normalize;
    return nullptr;
}

std::string known_list() {
    std::string out;
    for (const Entry& e : kNormalizers) {
        if (!out.empty()) out += ", ";
        out += e.name;
    }
    return out;
}

}  // namespace

std::vector<std::string> carriers() {
    std::vector<std::string> out;
    for (const Entry& e : kNormalizers) out.emplace_back(e.name);
    return out;
}

sdk::Result<SavedResponse> unwrap(std::string_view document, std::string_view default_carrier) {
    simdjson::dom::element root;
    if (!kit::parse_json(document).get(root) && root.is_object()) {
        simdjson::dom::element response;
        std::string_view carrier = kit::json_string(root, "carrier");
        if (!carrier.empty() && !root["response"].get(response)) {
            SavedResponse saved{std::string(carrier), {}};
            std::string_view body;
            if (!response.get(body))
                saved.payload.assign(body);
            else
                saved.payload = simdjson::to_string(response);
            return saved;
        }
    }
    // Not a wrapper (or not even JSON): the document is the carrier's own, as the configured carrier.
    if (default_carrier.empty())
        return sdk::Error{
            "replay: the saved response names no carrier ({\"carrier\": ..., \"response\": ...}) "
            "and no carrier is configured"};
    return SavedResponse{std::string(default_carrier), std::string(document)};
}

sdk::TrackResult normalize(std::string_view document, std::string_view default_carrier,
                           const sdk::TrackContext& context) noexcept {
    return sdk::contain(
        [&] {
            auto saved = unwrap(document, default_carrier);
            if (!saved) return sdk::TrackResult::permanent(saved.error().message);
            Normalize fn = find(saved->carrier);
            if (!fn)
                return sdk::TrackResult::permanent("replay: no normalizer for carrier \"" + saved->carrier +
                                                   "\" (known: " + known_list() + ")");
            return fn(saved->payload, context);
        },
        [](std::string_view what) {
            return sdk::TrackResult::permanent("replay: cannot read the saved response: " +
                                               std::string(what));
        });
}

}  // namespace unstuck::carriers::replay
