#include "unstuck/sdk/model_json.hpp"

#include "model_reader.hpp"

namespace unstuck::sdk {
namespace {

void write_optional_time(JsonWriter& w, std::string_view key, const std::optional<Timestamp>& t) {
    w.key(key);
    if (t)
        w.value(format_utc(*t));
    else
        w.null();
}

void write_optional_string(JsonWriter& w, std::string_view key, const std::optional<std::string>& s) {
    w.key(key);
    if (s)
        w.value(*s);
    else
        w.null();
}

}  // namespace

void write_json(JsonWriter& w, const Event& e) {
    w.begin_object();
    w.field("at", format_utc(e.at));
    write_optional_string(w, "local_time", e.local_time);
    write_optional_string(w, "utc_offset", e.utc_offset);
    if (e.time_uncertain) w.field("time_uncertain", true);
    w.field("status", to_string(e.status));
    w.field("substatus", e.substatus);
    w.field("physical_scan", e.physical_scan);
    w.field("return_leg", e.return_leg);
    w.field("code", e.code);
    w.field("description", e.description);
    w.key("location");
    if (e.location.empty()) {
        w.null();
    } else {
        w.begin_object();
        if (!e.location.city.empty()) w.field("city", e.location.city);
        if (!e.location.region.empty()) w.field("region", e.location.region);
        if (!e.location.postal_code.empty()) w.field("postal_code", e.location.postal_code);
        if (!e.location.country.empty()) w.field("country", e.location.country);
        w.end_object();
    }
    w.field("source", e.source);
    w.end_object();
}

void write_json(JsonWriter& w, const Shipment& s) {
    w.begin_object();
    w.field("carrier", s.carrier);
    w.field("tracking_number", s.tracking_number);
    w.field("status", to_string(s.status));
    w.field("substatus", s.substatus);
    write_optional_time(w, "estimated_delivery", s.estimated_delivery);
    write_optional_time(w, "delivered_at", s.delivered_at);
    w.key("proof_of_delivery");
    if (s.proof_of_delivery) {
        w.begin_object();
        w.field("kind", s.proof_of_delivery->kind);
        w.key("received_by").value_or_null(s.proof_of_delivery->received_by);
        w.key("url").value_or_null(s.proof_of_delivery->url);
        w.end_object();
    } else {
        w.null();
    }
    w.key("events").begin_array();
    for (const Event& e : s.events) write_json(w, e);
    w.end_array();
    w.key("warnings").begin_array();
    for (const std::string& warning : s.warnings) w.value(warning);
    w.end_array();
    w.end_object();
}

std::string to_json(const Shipment& shipment) {
    std::string out;
    JsonWriter w(out);
    write_json(w, shipment);
    return out;
}

Result<Shipment> shipment_from_json(std::string_view json) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (auto err = parser.parse(json.data(), json.size()).get(root))
        return Error{std::string("malformed JSON: ") + simdjson::error_message(err)};
    return detail::read_shipment(root);
}

}  // namespace unstuck::sdk
