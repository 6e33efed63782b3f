// Properties over generated order cases (seeded, reproducible): determinism, seller orders never file, a WAIT
// is always in the future, moving `now` to `next_check_at` changes the decision or the deadline.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <random>
#include <thread>

#include "policy_test_support.hpp"

namespace unstuck::test {
namespace {

using core::Action;

constexpr int kCases = 4000;
constexpr std::uint64_t kSeed = 20240718;

class Generator {
  public:
    explicit Generator(std::uint64_t seed) : rng_(seed) {}

    Order order() {
        Order o;
        o.order_id = "O" + std::to_string(next(1, 999999));
        o.shop_id = chance(0.8) ? "S" + std::to_string(next(1, 99)) : "";
        o.region = pick<std::string>({"US", "US", "GB", "ID", "SG", "PH"});
        o.shipping_type = chance(0.75) ? "PLATFORM" : "SELLER";
        o.platform_status = platform_status();
        if (chance(0.5)) o.platform_updated_at = time();
        int packages = static_cast<int>(next(1, 3));
        for (int p = 0; p < packages; ++p) {
            Pkg pkg{"P" + std::to_string(p)};
            if (chance(0.2)) pkg.platform_status = platform_status();
            if (chance(0.15)) pkg.platform_updated_at = time();
            pkg.tracking_unknown = chance(0.08);
            int events = static_cast<int>(next(0, 6));
            for (int e = 0; e < events; ++e) {
                Ev ev{time(), status()};
                if (chance(0.2)) ev.physical = chance(0.5);
                ev.return_leg = chance(0.05);
                ev.code = std::to_string(next(0, 99));
                pkg.events.push_back(std::move(ev));
            }
            o.packages.push_back(std::move(pkg));
        }
        if (chance(0.15)) o.buyer_confirmed_at = time();
        int tickets = chance(0.3) ? static_cast<int>(next(1, 3)) : 0;
        for (int t = 0; t < tickets; ++t) {
            o.tickets.push_back(
                {pick<std::string>({"pick_up_issues.picked_up_not_updated",
                                    "delivery_process_inquiry.unmoved_tracking_event",
                                    "logistic_issue.delivered_not_updated", "logistic_issue.other"}),
                 pick<std::string>({"OPEN", "PENDING", "SOLVED", "CLOSED"}), time(),
                 chance(0.1) ? "O-other" : ""});
        }
        return o;
    }

    // An instant around the 2024 DST changes and the US holidays, to the second or with a fraction.
    std::string time() {
        static const std::int64_t bases[] = {1709856000 /* 2024-03-08 */, 1711670400 /* 2024-03-29 */,
                                             1719964800 /* 2024-07-03 */, 1730419200 /* 2024-11-01 */,
                                             1732665600 /* 2024-11-27 */};
        std::int64_t s = bases[next(0, 4)] + static_cast<std::int64_t>(next(0, 7 * 86400));
        sdk::Timestamp t{std::chrono::seconds{s}};
        if (chance(0.1)) t += std::chrono::microseconds{next(1, 999999)};
        return sdk::format_utc(t);
    }

    std::string now_for(const Order& o) {
        // Mostly near the facts, sometimes before them.
        (void)o;
        return time();
    }

  private:
    std::uint64_t next(std::uint64_t lo, std::uint64_t hi) {
        return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng_);
    }
    bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
    template <typename T>
    T pick(std::initializer_list<T> items) {
        return *(items.begin() + next(0, items.size() - 1));
    }
    std::string platform_status() {
        return pick<std::string>({"UNPAID", "ON_HOLD", "AWAITING_SHIPMENT", "AWAITING_COLLECTION",
                                  "AWAITING_COLLECTION", "PARTIALLY_SHIPPING", "IN_TRANSIT", "IN_TRANSIT",
                                  "IN_TRANSIT", "DELIVERED", "COMPLETED", "CANCELLED"});
    }
    std::string status() {
        return pick<std::string>({"UNKNOWN", "INFO_RECEIVED", "PICKED_UP", "PICKED_UP", "IN_TRANSIT",
                                  "IN_TRANSIT", "IN_TRANSIT", "OUT_FOR_DELIVERY", "AVAILABLE_FOR_PICKUP",
                                  "ATTEMPT_FAILED", "DELIVERED", "DELIVERED", "EXCEPTION", "RETURNING",
                                  "RETURNED", "CANCELLED", "EXPIRED"});
    }

    std::mt19937_64 rng_;
};

struct Generated {
    std::string json;
    core::OrderCase order;
    sdk::Timestamp now;
    bool seller;
};

std::vector<Generated> generate() {
    Generator g(kSeed);
    std::vector<Generated> out;
    for (int i = 0; i < kCases; ++i) {
        Order o = g.order();
        std::string json = o.to_json();
        out.push_back({json, read_case(json), at(g.now_for(o)), o.shipping_type == "SELLER"});
    }
    return out;
}

const std::vector<Generated>& cases() {
    static const std::vector<Generated> all = generate();
    return all;
}

core::Decision decide_case(const Generated& g, sdk::Timestamp now) {
    core::PolicyEngine engine(shipped_policy());
    auto d = engine.decide(g.order, now);
    if (!d) throw std::runtime_error(d.error().message + " in " + g.json);
    return std::move(*d);
}

TEST(PolicyProperties, EveryRuleIsReached) {
    std::set<std::string> rules;
    std::set<Action> actions;
    for (const auto& g : cases()) {
        auto d = decide_case(g, g.now);
        for (const auto& p : d.packages) {
            rules.insert(p.rule.name());
            actions.insert(p.action);
        }
    }
    for (std::size_t r = 0; r < core::kRuleCount; ++r)
        EXPECT_TRUE(rules.count(std::string(to_string(static_cast<core::RuleId>(r)))))
            << to_string(static_cast<core::RuleId>(r)) << " never fired: widen the generator";
    EXPECT_EQ(actions.size(), 8u);
}

TEST(PolicyProperties, SameInputSameBytes) {
    std::vector<std::string> first;
    for (const auto& g : cases()) first.push_back(core::to_json(decide_case(g, g.now)));
    // Again, from JSON text, on another thread, with one engine and reused buffers.
    std::vector<std::string> second(cases().size());
    std::thread other([&] {
        core::PolicyEngine engine(shipped_policy());
        core::OrderReader reader;
        core::OrderCase c;
        core::Decision d;
        for (std::size_t i = 0; i < cases().size(); ++i) {
            ASSERT_TRUE(reader.read(cases()[i].json, c).ok());
            ASSERT_TRUE(engine.decide(c, cases()[i].now, d).ok());
            second[i] = core::to_json(d);
        }
    });
    other.join();
    for (std::size_t i = 0; i < first.size(); ++i) ASSERT_EQ(first[i], second[i]) << cases()[i].json;
}

TEST(PolicyProperties, DecisionsAreWellFormed) {
    simdjson::dom::parser parser;
    for (const auto& g : cases()) {
        auto d = decide_case(g, g.now);
        std::string json = core::to_json(d);
        simdjson::dom::element root;
        ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
        // The order takes the most urgent action of its packages and the earliest next check.
        Action most = Action::kNone;
        std::optional<sdk::Timestamp> earliest;
        for (const auto& p : d.packages) {
            most = std::min(most, p.action);
            if (p.next_check_at && (!earliest || *p.next_check_at < *earliest)) earliest = p.next_check_at;
        }
        EXPECT_EQ(d.action, most) << g.json;
        EXPECT_EQ(d.next_check_at, earliest) << g.json;
        EXPECT_EQ(d.action == Action::kFileDispute, !d.disputes.empty()) << g.json;
        for (const auto& dispute : d.disputes) {
            EXPECT_FALSE(dispute.packages.empty());
            EXPECT_EQ(dispute.evidence.front().kind, core::EvidenceKind::kOrderId);
        }
        EXPECT_FALSE(d.explanation.empty());
        if (d.next_check_at) {
            EXPECT_EQ(*d.next_check_at, std::chrono::floor<std::chrono::seconds>(*d.next_check_at));
        }
    }
}

TEST(PolicyProperties, SellerOrdersNeverFile) {
    int sellers = 0;
    for (const auto& g : cases()) {
        if (!g.seller) continue;
        ++sellers;
        auto d = decide_case(g, g.now);
        EXPECT_NE(d.action, Action::kFileDispute) << g.json;
        EXPECT_TRUE(d.disputes.empty()) << g.json;
        for (const auto& p : d.packages) {
            EXPECT_NE(p.action, Action::kFileDispute) << g.json;
            EXPECT_NE(p.action, Action::kAwaitTicket) << g.json;
            EXPECT_NE(p.action, Action::kContactSellerSupport) << g.json;
        }
    }
    EXPECT_GT(sellers, kCases / 10);
}

TEST(PolicyProperties, WaitIsAlwaysInTheFuture) {
    int waits = 0;
    for (const auto& g : cases()) {
        auto d = decide_case(g, g.now);
        if (d.action == Action::kWait || d.action == Action::kAwaitTicket) {
            ++waits;
            ASSERT_TRUE(d.next_check_at.has_value()) << g.json;
            EXPECT_GT(*d.next_check_at, g.now) << g.json;
        }
        for (const auto& p : d.packages) {
            if (p.action == Action::kWait || p.action == Action::kAwaitTicket) {
                ASSERT_TRUE(p.next_check_at.has_value()) << g.json;
                EXPECT_GT(*p.next_check_at, g.now) << g.json;
            } else {
                EXPECT_FALSE(p.next_check_at.has_value()) << g.json;
            }
        }
    }
    EXPECT_GT(waits, kCases / 10);
}

TEST(PolicyProperties, AtNextCheckTheDecisionOrTheDeadlineChanges) {
    int checked = 0;
    for (const auto& g : cases()) {
        auto d = decide_case(g, g.now);
        if (!d.next_check_at) continue;
        ++checked;
        auto later = decide_case(g, *d.next_check_at);
        bool changed =
            later.action != d.action || later.rule != d.rule || later.next_check_at != d.next_check_at;
        EXPECT_TRUE(changed) << g.json << " at " << sdk::format_utc(g.now);
        // Per package: the one that asked to be checked at that instant no longer waits for it.
        for (std::size_t i = 0; i < d.packages.size(); ++i) {
            const auto& before = d.packages[i];
            if (before.next_check_at != d.next_check_at) continue;
            const auto& after = later.packages[i];
            EXPECT_TRUE(after.rule != before.rule || after.next_check_at != before.next_check_at) << g.json;
        }
        // One second earlier nothing has changed yet.
        auto before = decide_case(g, *d.next_check_at - std::chrono::seconds{1});
        if (*d.next_check_at - std::chrono::seconds{1} >= g.now) {
            EXPECT_EQ(before.action, d.action) << g.json;
            EXPECT_EQ(before.rule, d.rule) << g.json;
            EXPECT_EQ(before.next_check_at, d.next_check_at) << g.json;
        }
    }
    EXPECT_GT(checked, kCases / 10);
}

TEST(PolicyProperties, MangledDocumentsNeverCrash) {
    std::mt19937_64 rng(kSeed);
    core::OrderReader reader;
    core::PolicyEngine engine(shipped_policy());
    int rejected = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string json = cases()[static_cast<std::size_t>(i) % cases().size()].json;
        int edits = std::uniform_int_distribution<int>(1, 4)(rng);
        for (int e = 0; e < edits && !json.empty(); ++e) {
            std::size_t pos = std::uniform_int_distribution<std::size_t>(0, json.size() - 1)(rng);
            switch (rng() % 3) {
                case 0:
                    json.erase(pos, std::uniform_int_distribution<std::size_t>(1, 12)(rng));
                    break;
                case 1:
                    json[pos] = "{}[]\",:0aZ-T\\ "[rng() % 15];
                    break;
                default:
                    json.insert(pos, "null");
                    break;
            }
        }
        core::OrderCase c;
        auto status = reader.read(json, c);
        if (!status) {
            ++rejected;
            EXPECT_EQ(status.message().find('\n'), std::string::npos);
            continue;
        }
        auto d = engine.decide(c, at("2024-07-16T20:00:00Z"));
        if (d) {
            EXPECT_FALSE(core::to_json(*d).empty());
        }
    }
    EXPECT_GT(rejected, 1000);
}

}  // namespace
}  // namespace unstuck::test
