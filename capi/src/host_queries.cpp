// unstuck_plugins, unstuck_detect, unstuck_normalize: what the host's plugins say.
#include <string>
#include <vector>

#include "api_error.hpp"
#include "host_state.hpp"
#include "json_input.hpp"
#include "unstuck/core/plugin/plugin_json.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/model_json.hpp"

using namespace unstuck;
using namespace unstuck::capi;

extern "C" int unstuck_plugins(unstuck_host* host, char** out_json) {
    return guarded("unstuck_plugins", [&] {
        require(out_json, "out_json");
        auto state = hosts().get(host, "host");
        auto& plugins = state->plugins();
        std::string out;
        sdk::JsonWriter w(out);
        core::write_plugin_records(w, plugins);
        *out_json = give(out);
        return succeed();
    });
}

extern "C" int unstuck_detect(unstuck_host* host, const char* number, char** out_json) {
    return guarded("unstuck_detect", [&] {
        require(out_json, "out_json");
        require_utf8(number, "number");
        auto state = hosts().get(host, "host");
        auto& plugins = state->plugins();
        std::vector<sdk::CarrierClaim> claims;
        std::string errors;
        std::size_t carriers = 0;
        for (const auto& name : plugins.names("carrier")) {
            auto carrier = plugins.carrier(name);
            if (!carrier) {
                errors += (errors.empty() ? "" : "; ") + carrier.error().message;
                continue;
            }
            ++carriers;
            auto found = (*carrier)->detect(number);
            claims.insert(claims.end(), found.begin(), found.end());
        }
        if (carriers == 0 && !errors.empty()) throw ApiError{UNSTUCK_EPLUGIN, "detect: " + errors};
        std::string out;
        sdk::JsonWriter w(out);
        w.begin_array();
        for (const auto& c : claims) core::write_claim(w, c);
        w.end_array();
        *out_json = give(out);
        return succeed();
    });
}

extern "C" int unstuck_normalize(unstuck_host* host, const char* carrier, const char* payload,
                                 const char* context_json, char** out_json) {
    return guarded("unstuck_normalize", [&] {
        require(out_json, "out_json");
        require_utf8(carrier, "carrier");
        require_utf8(payload, "payload");
        sdk::TrackContext track;
        if (context_json) {
            require_utf8(context_json, "context_json");
            auto context = parse_object(context_json, "context_json");
            static const char* const kKeys[] = {"tracking_number", "order_created_at", nullptr};
            require_keys(context, kKeys, "context_json");
            if (auto n = string_field(context, "tracking_number", "context_json")) track.tracking_number = *n;
            if (auto at = string_field(context, "order_created_at", "context_json")) {
                auto parsed = sdk::parse_timestamp(*at);
                if (!parsed)
                    throw ApiError{UNSTUCK_EJSON,
                                   "context_json: $.order_created_at: " + parsed.error().message};
                track.order_created_at = *parsed;
            }
        }
        auto state = hosts().get(host, "host");
        auto plugin = state->plugins().carrier(carrier);
        if (!plugin) throw ApiError{UNSTUCK_ENOTFOUND, "carrier: " + plugin.error().message};
        sdk::TrackResult result = (*plugin)->normalize(payload, track);
        switch (result.kind) {
            case sdk::TrackResult::Kind::kOk:
                break;
            case sdk::TrackResult::Kind::kNotFound:
                throw ApiError{UNSTUCK_ENOTFOUND, std::string(carrier) + ": not found: " + result.message};
            case sdk::TrackResult::Kind::kTransient:
                throw ApiError{UNSTUCK_EPLUGIN,
                               std::string(carrier) + ": temporary failure: " + result.message};
            case sdk::TrackResult::Kind::kPermanent:
                throw ApiError{UNSTUCK_EPLUGIN, std::string(carrier) + ": failed: " + result.message};
        }
        *out_json = give(sdk::to_json(result.shipment));
        return succeed();
    });
}
