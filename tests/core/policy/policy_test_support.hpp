#pragma once
// Shared by the policy unit tests: the shipped policy, cases written as JSON, decisions.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "support/test_paths.hpp"
#include "unstuck/core/policy/decision_writer.hpp"
#include "unstuck/core/policy/order_reader.hpp"
#include "unstuck/core/policy/policy_document.hpp"
#include "unstuck/core/policy/policy_engine.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::test {

//! The shipped default policy, loaded once from the source tree.
inline std::shared_ptr<const core::Policy> shipped_policy() {
    static std::shared_ptr<const core::Policy> policy = [] {
        auto loaded = core::load_policy(source_path("policies/tiktok-shop.logistics-stuck.json"));
        if (!loaded) throw std::runtime_error(loaded.error().message);
        return *loaded;
    }();
    return policy;
}

inline sdk::Timestamp at(const std::string& text) {
    auto t = sdk::parse_timestamp(text);
    if (!t) throw std::runtime_error(t.error().message);
    return *t;
}

//! One event as a test writes it.
struct Ev {
    Ev(std::string at_, std::string status_, std::optional<bool> physical_ = std::nullopt,
       bool return_leg_ = false)
        : at(std::move(at_)), status(std::move(status_)), physical(physical_), return_leg(return_leg_) {}

    std::string at;
    std::string status;
    std::optional<bool> physical;  // model default when absent
    bool return_leg = false;
    std::string code = "X";
    std::string description = "event";
};

//! One ticket as a test writes it.
struct Tk {
    Tk(std::string code_, std::string status_, std::string created_at_, std::string order_id_ = "")
        : code(std::move(code_)),
          status(std::move(status_)),
          created_at(std::move(created_at_)),
          order_id(std::move(order_id_)) {}

    std::string code;
    std::string status;
    std::string created_at;
    std::string order_id;  // empty: this order
};

//! One package as a test writes it.
struct Pkg {
    Pkg(std::string id_ = "P1", std::vector<Ev> events_ = {})
        : id(std::move(id_)), events(std::move(events_)) {}

    std::string id;
    std::vector<Ev> events;
    std::string platform_status;      // empty: the order's
    std::string platform_updated_at;  // empty: the order's
    std::string carrier = "ups";
    bool tracking_unknown = false;  // no events field at all
};

//! An order case as a test writes it; to_json() gives its policy.md section 1 form.
struct Order {
    std::string order_id = "O1";
    std::string shop_id = "S1";
    std::string region = "US";
    std::string shipping_type = "PLATFORM";
    std::string platform_status = "AWAITING_COLLECTION";
    std::string platform_updated_at;
    std::vector<Pkg> packages;
    std::string buyer_confirmed_at;
    std::vector<Tk> tickets;

    std::string to_json() const {
        std::string out;
        sdk::JsonWriter w(out);
        w.begin_object().field("order_id", order_id).field("shop_id", shop_id).field("region", region);
        w.field("shipping_type", shipping_type).field("platform_status", platform_status);
        if (!platform_updated_at.empty()) w.field("platform_updated_at", platform_updated_at);
        w.key("packages").begin_array();
        for (const Pkg& p : packages) {
            w.begin_object().field("package_id", p.id).field("carrier", p.carrier);
            if (!p.platform_status.empty()) w.field("platform_status", p.platform_status);
            if (!p.platform_updated_at.empty()) w.field("platform_updated_at", p.platform_updated_at);
            if (!p.tracking_unknown) {
                w.key("events").begin_array();
                for (const Ev& e : p.events) {
                    w.begin_object().field("at", e.at).field("status", e.status);
                    if (e.physical) w.field("physical_scan", *e.physical);
                    if (e.return_leg) w.field("return_leg", true);
                    w.field("code", e.code).field("description", e.description).end_object();
                }
                w.end_array();
            }
            w.end_object();
        }
        w.end_array();
        if (!buyer_confirmed_at.empty()) {
            w.key("buyer_confirmed_receipt").begin_object().field("at", buyer_confirmed_at);
            w.key("evidence").begin_array().value("chat.png").end_array().end_object();
        }
        if (!tickets.empty()) {
            w.key("tickets").begin_array();
            for (const Tk& t : tickets) {
                w.begin_object()
                    .field("code", t.code)
                    .field("status", t.status)
                    .field("created_at", t.created_at);
                if (!t.order_id.empty()) w.field("order_id", t.order_id);
                w.end_object();
            }
            w.end_array();
        }
        w.end_object();
        return out;
    }
};

inline core::OrderCase read_case(const std::string& json) {
    core::OrderReader reader;
    auto c = reader.read(json);
    if (!c) throw std::runtime_error("bad test case: " + c.error().message + " in " + json);
    return std::move(*c);
}

inline core::Decision decide(const std::string& json, const std::string& now,
                             std::shared_ptr<const core::Policy> policy = shipped_policy()) {
    core::PolicyEngine engine(std::move(policy));
    auto d = engine.decide(read_case(json), at(now));
    if (!d) throw std::runtime_error("not decided: " + d.error().message);
    return std::move(*d);
}

inline core::Decision decide(const Order& order, const std::string& now,
                             std::shared_ptr<const core::Policy> policy = shipped_policy()) {
    return decide(order.to_json(), now, std::move(policy));
}

inline std::string next_check(const core::Decision& d) {
    return d.next_check_at ? sdk::format_utc(*d.next_check_at) : "null";
}

}  // namespace unstuck::test
