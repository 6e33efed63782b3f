#include "unstuck/core/plugin/plugin_json.hpp"

namespace unstuck::core {

void write_plugin_records(sdk::JsonWriter& w, const PluginHost& host) {
    w.begin_array();
    for (const auto& r : host.records()) {
        w.begin_object();
        w.field("name", r.name).field("kind", r.kind).field("version", r.version);
        w.field("vendor", r.vendor).field("file", r.file.string());
        w.field("state", r.loaded ? "loaded" : "refused");
        w.key("reason").value_or_null(r.reason);
        if (const auto* loaded = r.loaded ? host.loader().find(r.name) : nullptr) {
            w.field("display_name", loaded->manifest.display_name);
            w.field("status", loaded->manifest.status);
            w.key("secrets").begin_array();
            for (const auto& s : loaded->manifest.secrets) w.value(s);
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();
}

void write_claim(sdk::JsonWriter& w, const sdk::CarrierClaim& claim) {
    w.begin_object().field("carrier", claim.carrier).field("service", claim.service);
    w.field("check_digit", sdk::to_string(claim.check_digit)).end_object();
}

}  // namespace unstuck::core
