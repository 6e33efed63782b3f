#include "unstuck/core/policy/decision_writer.hpp"

#include "policy/evidence_json.hpp"

namespace unstuck::core {
namespace {

using sdk::JsonWriter;
using sdk::Timestamp;

// `2024-07-15T13:12:00Z`, with `.25` style fractions only when non-zero: sdk::format_utc's format, without
// snprintf (a decision writes up to a dozen timestamps).
class Utc {
  public:
    explicit Utc(Timestamp t) {
        using namespace std::chrono;
        auto day = floor<days>(t);
        year_month_day ymd{day};
        hh_mm_ss<microseconds> hms{t - day};
        int y = static_cast<int>(ymd.year());
        if (y < 0 || y > 9999) {
            text_ = sdk::format_utc(t);
            view_ = text_;
            return;
        }
        char* p = buf_;
        digits(p, static_cast<unsigned>(y), 4);
        *p++ = '-';
        digits(p, static_cast<unsigned>(ymd.month()), 2);
        *p++ = '-';
        digits(p, static_cast<unsigned>(ymd.day()), 2);
        *p++ = 'T';
        digits(p, static_cast<unsigned>(hms.hours().count()), 2);
        *p++ = ':';
        digits(p, static_cast<unsigned>(hms.minutes().count()), 2);
        *p++ = ':';
        digits(p, static_cast<unsigned>(hms.seconds().count()), 2);
        if (auto us = static_cast<unsigned>(hms.subseconds().count()); us != 0) {
            *p++ = '.';
            digits(p, us, 6);
            while (p[-1] == '0') --p;
        }
        *p++ = 'Z';
        view_ = std::string_view(buf_, static_cast<std::size_t>(p - buf_));
    }
    Utc(const Utc&) = delete;
    Utc& operator=(const Utc&) = delete;
    std::string_view view() const { return view_; }

  private:
    static void digits(char*& p, unsigned v, int n) {
        for (int i = n - 1; i >= 0; --i) {
            p[i] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
        p += n;
    }
    char buf_[40];
    std::string text_;
    std::string_view view_;
};

void write_utc(JsonWriter& w, std::string_view key, Timestamp t) {
    w.key(key).value(Utc(t).view());
}

void write_time(JsonWriter& w, std::string_view key, const std::optional<Timestamp>& t) {
    if (t)
        write_utc(w, key, *t);
    else
        w.key(key).null();
}

void write_evidence(JsonWriter& w, const Evidence& ev) {
    w.begin_object();
    w.field("kind", to_string(ev.kind));
    write_evidence_members(w, ev, write_utc);
    w.end_object();
}

void write_dispute(JsonWriter& w, const Dispute& d, const Policy& policy) {
    w.begin_object();
    w.field("code", to_string(d.code));
    w.key("path").begin_array();
    for (const auto& step : policy.path(d.code)) w.value(step);
    w.end_array();
    w.field("key", d.key);
    w.key("packages").begin_array();
    for (const auto& p : d.packages) w.value(p);
    w.end_array();
    w.key("evidence").begin_array();
    for (const auto& ev : d.evidence) write_evidence(w, ev);
    w.end_array();
    w.end_object();
}

void write_rule(JsonWriter& w, const RuleRef& rule, std::string& scratch) {
    scratch.clear();
    rule.append_to(scratch);
    w.field("rule", scratch);
}

void write_facts(JsonWriter& w, const PackageFacts& f) {
    w.key("facts").begin_object();
    w.field("platform_stage", to_string(f.platform_stage));
    if (f.carrier_status) w.field("carrier_status", sdk::to_string(*f.carrier_status));
    if (f.carrier_terminal) w.field("carrier_terminal", true);
    if (f.carrier_not_found) w.field("carrier_found", false);
    if (f.picked_up_at) write_utc(w, "picked_up_at", *f.picked_up_at);
    if (f.carrier_delivered_at) write_utc(w, "carrier_delivered_at", *f.carrier_delivered_at);
    if (f.last_scan_at) write_utc(w, "last_scan_at", *f.last_scan_at);
    if (f.last_update_at) write_utc(w, "last_update_at", *f.last_update_at);
    w.end_object();
}

}  // namespace

void write_json(JsonWriter& w, const Decision& d) {
    std::string scratch;
    w.begin_object();
    w.field("order_id", d.order_id);
    w.field("action", to_string(d.action));
    write_rule(w, d.rule, scratch);
    w.key("dispute");
    if (d.disputes.empty())
        w.null();
    else
        write_dispute(w, d.disputes.front(), *d.policy);
    if (d.disputes.size() > 1) {
        w.key("disputes").begin_array();
        for (const auto& dispute : d.disputes) write_dispute(w, dispute, *d.policy);
        w.end_array();
    }
    write_time(w, "next_check_at", d.next_check_at);
    w.field("explanation", d.explanation);
    w.key("packages").begin_array();
    for (const auto& p : d.packages) {
        w.begin_object();
        w.field("package_id", p.package);
        w.field("action", to_string(p.action));
        write_rule(w, p.rule, scratch);
        if (p.next_check_at) write_utc(w, "next_check_at", *p.next_check_at);
        write_facts(w, p.facts);
        if (!p.evidence.empty()) {
            w.key("evidence").begin_array();
            for (const auto& ev : p.evidence) write_evidence(w, ev);
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();
    w.key("policy").begin_object();
    w.field("id", d.policy->id);
    w.field("version", d.policy->version);
    w.end_object();
    w.end_object();
}

void append_json(std::string& out, const Decision& decision) {
    JsonWriter w(out);
    write_json(w, decision);
}

std::string to_json(const Decision& decision) {
    std::string out;
    append_json(out, decision);
    return out;
}

}  // namespace unstuck::core
