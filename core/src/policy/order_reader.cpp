#include "unstuck/core/policy/order_reader.hpp"

#include <simdjson.h>

#include "model_reader.hpp"
#include "unstuck/sdk/ticket_state.hpp"

namespace unstuck::core {

static_assert(kOrderReaderPadding >= simdjson::SIMDJSON_PADDING);

namespace {

using sdk::Error;
using sdk::Status;
using sdk::Timestamp;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string in_quotes(std::string_view s) {
    return "\"" + std::string(s.substr(0, 64)) + "\"";
}

std::string list_of(std::initializer_list<std::string_view> names) {
    std::string out;
    for (auto n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

// Paths are built only when an error is reported.
std::string field_in(std::string_view prefix, std::size_t index, std::string_view field) {
    std::string out(prefix);
    out += '[';
    out += std::to_string(index);
    out += ']';
    if (!field.empty()) {
        out += '.';
        out += field;
    }
    return out;
}

Status read_string(element value, std::string_view path, std::string& out) {
    std::string_view s;
    if (value.get(s)) return Error{std::string(path) + ": expected a string"};
    out.assign(s);
    return {};
}

template <typename Path>
Status read_time(element value, const Path& path, Timestamp& out) {
    std::string_view s;
    if (value.get(s)) return Error{std::string(path()) + ": expected an ISO 8601 timestamp string"};
    auto t = sdk::parse_offset_timestamp(s);
    if (!t) return Error{std::string(path()) + ": " + t.error().message};
    out = t->at;
    return {};
}

template <typename Path>
Status read_optional_time(element value, const Path& path, std::optional<Timestamp>& out) {
    if (value.is_null()) {
        out.reset();
        return {};
    }
    Timestamp t;
    if (auto s = read_time(value, path, t); !s) return s;
    out = t;
    return {};
}

template <typename Path>
Status read_platform_status(element value, const Path& path, std::optional<PlatformStatus>& out) {
    if (value.is_null()) {
        out.reset();
        return {};
    }
    std::string_view s;
    if (value.get(s)) return Error{std::string(path()) + ": expected a string"};
    auto status = parse_platform_status(s);
    if (!status)
        return Error{std::string(path()) + ": " + in_quotes(s) + " is not a platform status (" +
                     list_of({"UNPAID", "ON_HOLD", "AWAITING_SHIPMENT", "AWAITING_COLLECTION",
                              "PARTIALLY_SHIPPING", "IN_TRANSIT", "DELIVERED", "COMPLETED", "CANCELLED"}) +
                     ")"};
    out = *status;
    return {};
}

Status read_proof(element value, std::size_t index, std::optional<sdk::ProofOfDelivery>& out) {
    if (value.is_null()) return {};
    object obj;
    if (value.get(obj))
        return Error{field_in("packages", index, "proof_of_delivery") + ": expected an object"};
    sdk::ProofOfDelivery proof;
    for (auto [key, v] : obj) {
        std::string* into = key == "kind"          ? &proof.kind
                            : key == "received_by" ? &proof.received_by
                            : key == "url"         ? &proof.url
                                                   : nullptr;
        if (!into || v.is_null()) continue;
        if (auto s =
                read_string(v, field_in("packages", index, "proof_of_delivery." + std::string(key)), *into);
            !s)
            return s;
    }
    out = std::move(proof);
    return {};
}

Status read_raw(element value, std::size_t index, std::optional<RawTracking>& out) {
    if (value.is_null()) return {};
    object obj;
    if (value.get(obj)) return Error{field_in("packages", index, "raw") + ": expected an object"};
    RawTracking raw;
    bool have_carrier = false, have_payload = false;
    for (auto [key, v] : obj) {
        if (key == "carrier") {
            if (v.is_null()) continue;
            if (auto s = read_string(v, field_in("packages", index, "raw.carrier"), raw.carrier); !s)
                return s;
            have_carrier = !raw.carrier.empty();
        } else if (key == "payload") {
            if (v.is_null()) continue;
            std::string_view text;
            if (v.get(text) == simdjson::SUCCESS)
                raw.payload.assign(text);
            else
                raw.payload = simdjson::minify(v);
            have_payload = true;
        }
    }
    if (!have_carrier) return Error{field_in("packages", index, "raw.carrier") + ": missing"};
    if (!have_payload) return Error{field_in("packages", index, "raw.payload") + ": missing"};
    out = std::move(raw);
    return {};
}

Status read_events(element value, std::size_t index, std::vector<sdk::Event>& out) {
    if (value.is_null()) return {};
    array events;
    if (value.get(events)) return Error{field_in("packages", index, "events") + ": expected an array"};
    out.reserve(events.size());
    std::size_t i = 0;
    for (element e : events) {
        auto event = sdk::detail::read_event(e, sdk::detail::FieldPath{"events", i++});
        if (!event) return Error{field_in("packages", index, event.error().message)};
        out.push_back(std::move(*event));
    }
    return {};
}

Status read_package(element value, std::size_t index, PackageCase& p) {
    object obj;
    if (value.get(obj)) return Error{field_in("packages", index, "") + ": expected an object"};
    p.package_id.clear();
    p.tracking_number.clear();
    p.carrier.clear();
    p.platform_status.reset();
    p.platform_updated_at.reset();
    p.events.clear();
    p.proof_of_delivery.reset();
    p.raw.reset();
    p.carrier_not_found = false;
    bool have_events = false;
    for (auto [key, v] : obj) {
        auto path = [&] { return field_in("packages", index, key); };
        Status s;
        if (key == "package_id" || key == "tracking_number" || key == "carrier") {
            if (v.is_null()) continue;
            s = read_string(v, path(),
                            key == "package_id" ? p.package_id
                            : key == "carrier"  ? p.carrier
                                                : p.tracking_number);
        } else if (key == "platform_status") {
            s = read_platform_status(v, path, p.platform_status);
        } else if (key == "platform_updated_at") {
            s = read_optional_time(v, path, p.platform_updated_at);
        } else if (key == "events") {
            s = read_events(v, index, p.events);
            have_events = !v.is_null();
        } else if (key == "raw") {
            s = read_raw(v, index, p.raw);
        } else if (key == "proof_of_delivery") {
            s = read_proof(v, index, p.proof_of_delivery);
        }
        if (!s) return s;
    }
    if (p.package_id.empty() && p.tracking_number.empty())
        return Error{field_in("packages", index, "") + ": needs package_id or tracking_number"};
    if (have_events && p.raw)
        return Error{field_in("packages", index, "") + ": give either events or raw, not both"};
    if (p.carrier.empty() && p.raw) p.carrier = p.raw->carrier;
    return {};
}

Status read_packages(element value, std::vector<PackageCase>& out) {
    array packages;
    if (value.get(packages)) return Error{"packages: expected an array"};
    std::size_t n = packages.size();
    if (n == 0) return Error{"packages: needs at least one package"};
    out.resize(n);
    std::size_t i = 0;
    for (element p : packages) {
        if (auto s = read_package(p, i, out[i]); !s) return s;
        ++i;
    }
    return {};
}

Status read_buyer_confirmation(element value, std::optional<BuyerConfirmation>& out) {
    out.reset();
    if (value.is_null()) return {};
    object obj;
    if (value.get(obj)) return Error{"buyer_confirmed_receipt: expected an object or null"};
    BuyerConfirmation c;
    bool have_at = false;
    for (auto [key, v] : obj) {
        if (key == "at") {
            if (v.is_null()) continue;
            if (auto s = read_time(
                    v, [] { return "buyer_confirmed_receipt.at"; }, c.at);
                !s)
                return s;
            have_at = true;
        } else if (key == "evidence") {
            if (v.is_null()) continue;
            array items;
            if (v.get(items)) return Error{"buyer_confirmed_receipt.evidence: expected an array of strings"};
            std::size_t i = 0;
            for (element item : items) {
                std::string_view s;
                if (item.get(s))
                    return Error{field_in("buyer_confirmed_receipt.evidence", i, "") + ": expected a string"};
                c.evidence.emplace_back(s);
                ++i;
            }
        }
    }
    if (!have_at) return Error{"buyer_confirmed_receipt.at: missing"};
    out = std::move(c);
    return {};
}

Status read_ticket(element value, std::size_t index, Ticket& t) {
    object obj;
    if (value.get(obj)) return Error{field_in("tickets", index, "") + ": expected an object"};
    bool have_code = false, have_status = false, have_created = false;
    for (auto [key, v] : obj) {
        if (v.is_null()) continue;
        auto path = [&] { return field_in("tickets", index, key); };
        Status s;
        if (key == "order_id") {
            s = read_string(v, path(), t.order_id);
        } else if (key == "code") {
            s = read_string(v, path(), t.code);
            have_code = true;
        } else if (key == "status") {
            std::string_view name;
            if (v.get(name)) return Error{path() + ": expected a string"};
            auto status = sdk::parse_ticket_state(name);
            if (!status)
                return Error{path() + ": " + in_quotes(name) +
                             " is not a ticket status (OPEN, PENDING, SOLVED, CLOSED)"};
            t.status = *status;
            have_status = true;
        } else if (key == "created_at") {
            s = read_time(v, path, t.created_at);
            have_created = true;
        }
        if (!s) return s;
    }
    if (!have_code) return Error{field_in("tickets", index, "code") + ": missing"};
    if (!have_status) return Error{field_in("tickets", index, "status") + ": missing"};
    if (!have_created) return Error{field_in("tickets", index, "created_at") + ": missing"};
    return {};
}

Status read_tickets(element value, std::vector<Ticket>& out) {
    out.clear();
    if (value.is_null()) return {};
    array tickets;
    if (value.get(tickets)) return Error{"tickets: expected an array"};
    std::size_t i = 0;
    for (element t : tickets) {
        Ticket ticket;
        if (auto s = read_ticket(t, i++, ticket); !s) return s;
        out.push_back(std::move(ticket));
    }
    return {};
}

Status read_case(element root, OrderCase& c) {
    object obj;
    if (root.get(obj)) return Error{"expected a JSON object"};
    c.order_id.clear();
    c.shop_id.clear();
    c.marketplace = "tiktok-shop";
    c.region.clear();
    c.platform_updated_at.reset();
    c.promised_delivery_by.reset();
    c.buyer_confirmed_receipt.reset();
    c.tickets.clear();
    c.now.reset();
    bool have_order = false, have_region = false, have_shipping = false, have_status = false,
         have_packages = false;

    for (auto [key, v] : obj) {
        if (key.empty() || key.front() == '_') continue;
        auto path = [&] { return std::string(key); };
        Status s;
        if (key == "order_id") {
            if (v.is_null()) continue;
            s = read_string(v, key, c.order_id);
            if (s && c.order_id.empty()) s = Error{"order_id: must not be empty"};
            have_order = true;
        } else if (key == "shop_id") {
            if (v.is_null()) continue;
            s = read_string(v, key, c.shop_id);
        } else if (key == "marketplace") {
            if (v.is_null()) continue;
            s = read_string(v, key, c.marketplace);
        } else if (key == "region") {
            if (v.is_null()) continue;
            s = read_string(v, key, c.region);
            have_region = true;
        } else if (key == "shipping_type") {
            if (v.is_null()) continue;
            std::string_view name;
            if (v.get(name)) return Error{"shipping_type: expected a string"};
            auto type = parse_shipping_type(name);
            if (!type) return Error{"shipping_type: " + in_quotes(name) + " is not PLATFORM or SELLER"};
            c.shipping_type = *type;
            have_shipping = true;
        } else if (key == "platform_status") {
            if (v.is_null()) continue;
            std::optional<PlatformStatus> status;
            s = read_platform_status(v, path, status);
            if (status) c.platform_status = *status;
            have_status = true;
        } else if (key == "platform_updated_at") {
            s = read_optional_time(v, path, c.platform_updated_at);
        } else if (key == "promised_delivery_by") {
            s = read_optional_time(v, path, c.promised_delivery_by);
        } else if (key == "now") {
            s = read_optional_time(v, path, c.now);
        } else if (key == "packages") {
            if (v.is_null()) continue;
            s = read_packages(v, c.packages);
            have_packages = true;
        } else if (key == "buyer_confirmed_receipt") {
            s = read_buyer_confirmation(v, c.buyer_confirmed_receipt);
        } else if (key == "tickets") {
            s = read_tickets(v, c.tickets);
        }
        if (!s) return s;
    }
    if (!have_order) return Error{"order_id: missing"};
    if (!have_region) return Error{"region: missing"};
    if (!have_shipping) return Error{"shipping_type: missing"};
    if (!have_status) return Error{"platform_status: missing"};
    if (!have_packages) return Error{"packages: missing"};
    return {};
}

}  // namespace

struct OrderReader::Impl {
    simdjson::dom::parser parser;
};

OrderReader::OrderReader() : impl_(std::make_unique<Impl>()) {}
OrderReader::~OrderReader() = default;
OrderReader::OrderReader(OrderReader&&) noexcept = default;
OrderReader& OrderReader::operator=(OrderReader&&) noexcept = default;

Status OrderReader::read(std::string_view json, OrderCase& out, bool padded) {
    element root;
    if (auto err = impl_->parser.parse(json.data(), json.size(), !padded).get(root))
        return Error{std::string("malformed JSON: ") + simdjson::error_message(err)};
    return read_case(root, out);
}

sdk::Result<OrderCase> OrderReader::read(std::string_view json) {
    OrderCase c;
    if (auto s = read(json, c); !s) return Error{s.message()};
    return c;
}

}  // namespace unstuck::core
