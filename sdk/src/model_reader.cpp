#include "model_reader.hpp"

namespace unstuck::sdk::detail {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

std::string FieldPath::operator()(std::string_view field) const {
    std::string out(prefix);
    if (!prefix.empty()) {
        out += '[';
        out += std::to_string(index);
        out += ']';
    }
    if (!field.empty()) {
        if (!out.empty()) out += '.';
        out += field;
    }
    return out;
}

namespace {

bool is_null_or_absent(simdjson::simdjson_result<element> r) {
    return r.error() || r.value_unsafe().is_null();
}

Result<bool> optional_bool(object obj, std::string_view field, const FieldPath& where, bool fallback) {
    auto r = obj[field];
    if (is_null_or_absent(r)) return fallback;
    bool b;
    if (r.get(b)) return Error{where(field) + ": expected true or false"};
    return b;
}

Result<Location> read_location(object obj, const FieldPath& where) {
    Location loc;
    auto r = obj["location"];
    if (is_null_or_absent(r)) return loc;
    object l;
    if (r.get(l)) return Error{where("location") + ": expected an object"};
    const FieldPath inner{where.prefix, where.index};
    struct Part {
        std::string_view name;
        std::string* into;
    };
    for (auto [name, into] : {Part{"city", &loc.city}, Part{"region", &loc.region},
                              Part{"postal_code", &loc.postal_code}, Part{"country", &loc.country}}) {
        auto s = optional_string(l, name, inner);
        if (!s) return Error{where("location." + std::string(name)) + ": expected a string"};
        *into = std::string(*s);
    }
    return loc;
}

}  // namespace

Result<std::string_view> optional_string(object obj, std::string_view field, const FieldPath& where) {
    auto r = obj[field];
    if (is_null_or_absent(r)) return std::string_view{};
    std::string_view s;
    if (r.get(s)) return Error{where(field) + ": expected a string"};
    return s;
}

Result<Event> read_event(element input, const FieldPath& where) {
    object obj;
    if (input.get(obj)) return Error{where("") + ": expected an object"};
    Event e;

    std::string_view at;
    if (obj["at"].get(at)) return Error{where("at") + ": missing or not a string"};
    auto parsed = parse_offset_timestamp(at);
    if (!parsed) return Error{where("at") + ": " + parsed.error().message};
    e.at = parsed->at;

    std::string_view status;
    if (obj["status"].get(status)) return Error{where("status") + ": missing or not a string"};
    auto st = parse_tracking_status(status);
    if (!st) return Error{where("status") + ": \"" + std::string(status) + "\" is not a status of the model"};
    e.status = *st;

    auto sub = optional_string(obj, "substatus", where);
    if (!sub) return std::move(sub).error();
    if (!sub->empty()) {
        if (!is_valid_substatus(e.status, *sub))
            return Error{where("substatus") + ": \"" + std::string(*sub) + "\" is not a substatus of " +
                         std::string(status)};
        e.substatus = std::string(*sub);
    }

    auto physical = optional_bool(obj, "physical_scan", where, default_physical_scan(e.status));
    if (!physical) return std::move(physical).error();
    e.physical_scan = *physical;
    auto ret = optional_bool(obj, "return_leg", where, false);
    if (!ret) return std::move(ret).error();
    e.return_leg = *ret;
    auto uncertain = optional_bool(obj, "time_uncertain", where, false);
    if (!uncertain) return std::move(uncertain).error();
    e.time_uncertain = *uncertain;

    for (auto [name, into] :
         {std::pair<std::string_view, std::string*>{"code", &e.code}, {"description", &e.description}}) {
        auto s = optional_string(obj, name, where);
        if (!s) return std::move(s).error();
        *into = std::string(*s);
    }
    for (auto [name, into] :
         {std::pair<std::string_view, std::optional<std::string>*>{"local_time", &e.local_time},
          {"utc_offset", &e.utc_offset}}) {
        auto s = optional_string(obj, name, where);
        if (!s) return std::move(s).error();
        if (!s->empty()) *into = std::string(*s);
    }
    auto source = optional_string(obj, "source", where);
    if (!source) return std::move(source).error();
    if (!source->empty()) e.source = std::string(*source);

    auto loc = read_location(obj, where);
    if (!loc) return std::move(loc).error();
    e.location = std::move(*loc);
    return e;
}

Result<Shipment> read_shipment(element input) {
    object obj;
    if (input.get(obj)) return Error{"shipment: expected an object"};
    const FieldPath top{};
    Shipment s;
    for (auto [name, into] : {std::pair<std::string_view, std::string*>{"carrier", &s.carrier},
                              {"tracking_number", &s.tracking_number}}) {
        auto v = optional_string(obj, name, top);
        if (!v) return std::move(v).error();
        *into = std::string(*v);
    }
    auto status = optional_string(obj, "status", top);
    if (!status) return std::move(status).error();
    if (!status->empty()) {
        auto st = parse_tracking_status(*status);
        if (!st) return Error{"status: \"" + std::string(*status) + "\" is not a status of the model"};
        s.status = *st;
    }
    auto sub = optional_string(obj, "substatus", top);
    if (!sub) return std::move(sub).error();
    if (!sub->empty()) s.substatus = std::string(*sub);

    for (auto [name, into] :
         {std::pair<std::string_view, std::optional<Timestamp>*>{"estimated_delivery", &s.estimated_delivery},
          {"delivered_at", &s.delivered_at}}) {
        auto v = optional_string(obj, name, top);
        if (!v) return std::move(v).error();
        if (v->empty()) continue;
        auto t = parse_timestamp(*v);
        if (!t) return Error{std::string(name) + ": " + t.error().message};
        *into = *t;
    }

    auto pod = obj["proof_of_delivery"];
    if (!is_null_or_absent(pod)) {
        object p;
        if (pod.get(p)) return Error{"proof_of_delivery: expected an object"};
        ProofOfDelivery proof;
        const FieldPath in_pod{};
        for (auto [name, into] : {std::pair<std::string_view, std::string*>{"kind", &proof.kind},
                                  {"received_by", &proof.received_by},
                                  {"url", &proof.url}}) {
            auto v = optional_string(p, name, in_pod);
            if (!v) return Error{"proof_of_delivery." + v.error().message};
            *into = std::string(*v);
        }
        s.proof_of_delivery = std::move(proof);
    }

    simdjson::dom::array events;
    auto ev = obj["events"];
    if (!is_null_or_absent(ev)) {
        if (ev.get(events)) return Error{"events: expected an array"};
        std::size_t i = 0;
        for (element e : events) {
            auto event = read_event(e, FieldPath{"events", i++});
            if (!event) return std::move(event).error();
            s.events.push_back(std::move(*event));
        }
    }
    simdjson::dom::array warnings;
    if (obj["warnings"].get(warnings) == simdjson::SUCCESS) {
        for (element w : warnings) {
            std::string_view text;
            if (w.get(text)) return Error{"warnings: expected strings"};
            s.warnings.emplace_back(text);
        }
    }
    return s;
}

}  // namespace unstuck::sdk::detail
