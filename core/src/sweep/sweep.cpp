#include "unstuck/core/sweep/sweep.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "util/bounded_queue.hpp"
#include "unstuck/core/disputes/dispute_request.hpp"
#include "unstuck/core/disputes/dispute_request_json.hpp"
#include "unstuck/core/disputes/evidence_builder.hpp"
#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/core/policy/order_reader.hpp"
#include "unstuck/core/tracking/raw_tracking.hpp"
#include "unstuck/sdk/model_json.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Timestamp;

namespace {

constexpr std::size_t kBatchBytes = std::size_t{4} << 20;  // a batch is cut early past this many bytes
constexpr std::size_t kReadBlock = std::size_t{1} << 20;
constexpr std::size_t kMaxLine = std::size_t{64} << 20;  // a longer line is refused, not buffered

// One line of input inside a batch's text.
struct LineRef {
    std::size_t offset = 0;
    std::size_t size = 0;
    std::uint64_t number = 0;  // counts input lines from 1
};

// Up to `sweep.batch_size` lines; the text is padded so every line can be parsed in place.
struct Batch {
    std::string text;
    std::vector<LineRef> lines;
    std::uint64_t bytes = 0;  // input bytes the batch covers, blank lines included
};

std::string line_prefix(std::uint64_t line) {
    return line ? "line " + std::to_string(line) + ": " : std::string();
}

std::string retry_text(const std::optional<std::chrono::seconds>& after) {
    return after ? " (retry after " + std::to_string(after->count()) + " s)" : std::string();
}

Timestamp system_now() {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

}  // namespace

struct Sweep::Impl {
    Impl(PluginHost& p, const PolicyEngine& e, CaseStore* s, SweepRunOptions o)
        : plugins(p),
          engine(e),
          store(s),
          options(std::move(o)),
          evidence(EvidenceOptions{options.sweep.evidence_dir, options.order_files_dir.empty()
                                                                      ? std::filesystem::current_path()
                                                                      : options.order_files_dir}) {
        if (!options.clock) options.clock = system_now;
        if (options.concurrency == 0) options.concurrency = std::max(1u, options.sweep.concurrency);
    }

    Timestamp wall() const { return options.clock(); }
    bool writes() const { return !options.dry_run && store != nullptr; }

    // The carrier plugin of that name, or an error saying why there is none.
    sdk::Result<sdk::CarrierPlugin*> carrier(std::string_view name) const {
        if (auto it = carriers.find(name); it != carriers.end()) return it->second.get();
        if (auto it = carrier_errors.find(name); it != carrier_errors.end()) return Error{it->second};
        return Error{"no carrier plugin \"" + std::string(name) + "\" in the plugin folders"};
    }

    PluginHost& plugins;
    const PolicyEngine& engine;
    CaseStore* store;
    SweepRunOptions options;
    EvidenceBuilder evidence;
    std::map<std::string, std::shared_ptr<sdk::CarrierPlugin>, std::less<>> carriers;
    std::map<std::string, std::string, std::less<>> carrier_errors;
    std::vector<std::pair<std::string, sdk::CarrierPlugin*>> detectors;  // in order of preference
    std::map<std::string, std::shared_ptr<sdk::TicketingPlugin>, std::less<>> backends;
    std::optional<Timestamp> run_started;  // claims skip orders decided since (another host did them)
    bool prepared = false;
};

// One thread's share of a run: its own reader, case, decision and counts.
struct Sweep::Worker {
    explicit Worker(Impl& impl) : impl(impl) {}

    void process_batch(const Batch& batch);
    void process_line(std::string_view json, std::uint64_t line, bool padded);
    // Fetches, decides, records and files one parsed order; `json` is its document as given.
    void act(OrderCase& order, std::string_view json, std::uint64_t line);
    void flush();

  private:
    bool track(OrderCase& order, std::vector<TrackingSnapshot>& snapshots, const std::string& who);
    sdk::Result<std::string> detect(std::string_view number) const;
    // Files one dispute of the decision; false when it could not be started or filed.
    bool file(const OrderCase& order, const Dispute& dispute, Timestamp now, const std::string& who);
    void count_existing(const DisputeRecord& record);
    void submit(sdk::TicketingPlugin& backend, const std::string& backend_name,
                const sdk::DisputeRequest& request, const std::string& who);

    Impl& impl;
    OrderReader reader;
    Decision decision;
    std::vector<OrderCase> cases;  // a batch's parsed orders, storage reused
    std::vector<DecisionRecord> records;

  public:
    SweepSummary summary;
};

Sweep::Sweep(PluginHost& plugins, const PolicyEngine& engine, CaseStore* store, SweepRunOptions options)
    : impl_(std::make_unique<Impl>(plugins, engine, store, std::move(options))) {}

Sweep::~Sweep() = default;

sdk::Status Sweep::prepare() {
    Impl& m = *impl_;
    if (!m.store && !m.options.dry_run) return Error{"a sweep that files needs a store"};
    if (auto s = m.options.routes.check_codes(m.engine.policy()); !s) return s;

    auto log = logger("sweep");
    auto carrier_names = m.plugins.names("carrier");
    for (const auto& name : carrier_names) {
        auto plugin = m.plugins.carrier(name);
        if (plugin) {
            m.carriers[name] = *plugin;
        } else {
            m.carrier_errors[name] = plugin.error().message;
            log->warn("{}", plugin.error().message);
        }
    }
    for (const auto& [carrier, plugin] : m.options.sweep.carrier_plugins)
        if (auto p = m.carrier(plugin); !p)
            return Error{"sweep.carrier_plugins." + carrier + ": " + p.error().message};

    m.detectors.clear();
    const auto& wanted = m.options.sweep.detect;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        auto p = m.carrier(wanted[i]);
        if (!p) return Error{"sweep.detect[" + std::to_string(i) + "]: " + p.error().message};
        m.detectors.emplace_back(wanted[i], *p);
    }
    if (wanted.empty())
        for (const auto& [name, plugin] : m.carriers) m.detectors.emplace_back(name, plugin.get());

    if (!m.options.dry_run && m.options.routes.empty())
        return Error{
            "routes: no routes, so no ticketing plugin would file a dispute; add a \"routes\" section "
            "(docs/operations.md) or sweep with --dry-run"};
    // Every backend must be there before any is created (creating one may touch its folder or service).
    auto ticketing = m.plugins.names("ticketing");
    for (const auto& route : m.options.routes.routes())
        if (std::find(ticketing.begin(), ticketing.end(), route.backend) == ticketing.end()) {
            auto plugin = m.plugins.ticketing(route.backend);  // says why: not found, refused, other kind
            return Error{route.where + ".backend: " +
                         (plugin ? "no ticketing plugin \"" + route.backend + "\"" : plugin.error().message)};
        }
    if (!m.options.dry_run) {
        for (const auto& route : m.options.routes.routes()) {
            if (m.backends.count(route.backend)) continue;
            auto plugin = m.plugins.ticketing(route.backend);
            if (!plugin) return Error{route.where + ".backend: " + plugin.error().message};
            m.backends[route.backend] = *plugin;
        }
    }
    m.prepared = true;
    return {};
}

// --- Settling the PENDING disputes of earlier runs ---

SettleSummary Sweep::settle_pending(SweepSummary& summary) {
    Impl& m = *impl_;
    SettleSummary settled;
    if (!m.writes() || !m.prepared) return settled;
    auto pending = m.store->pending_disputes();
    if (!pending) {
        summary.error("reading the pending disputes: " + pending.error().message);
        return settled;
    }
    if (pending->empty()) return settled;

    std::mutex mutex;
    std::atomic<std::size_t> next{0};
    auto settle_one = [&](const DisputeRecord& record, SweepSummary& into) {
        const std::string who = "settling dispute " + record.key;
        std::vector<OrderRef> refs{record.order};
        auto claims = m.store->claim_orders(refs, m.wall());
        if (!claims) {
            ++into.settled.still_pending;
            into.error(who + ": claiming its order: " + claims.error().message);
            return;
        }
        if (claims->empty() || !claims->front()) {
            ++into.settled.skipped;
            return;
        }
        struct Release {
            CaseStore* store;
            std::vector<OrderRef>& refs;
            ~Release() { (void)store->release_claims(refs); }
        } release{m.store, refs};

        std::shared_ptr<sdk::TicketingPlugin> backend;
        {
            std::lock_guard lock(mutex);
            if (auto it = m.backends.find(record.backend); it != m.backends.end()) {
                backend = it->second;
            } else if (auto plugin = m.plugins.ticketing(record.backend)) {
                backend = m.backends[record.backend] = *plugin;
            } else {
                ++into.settled.still_pending;
                into.error(who + ": " + plugin.error().message);
                return;
            }
        }
        auto found = backend->find(record.key);
        if (found.kind == sdk::FindResult::Kind::kOk) {
            if (auto s = m.store->mark_filed(record.key, found.value, m.wall()); !s) {
                ++into.settled.still_pending;
                into.error(who + ": " + s.message());
                return;
            }
            ++into.settled.found;
            return;
        }
        if (found.kind != sdk::FindResult::Kind::kNotFound) {
            std::string why = record.backend + " could not say whether it has the key: " + found.message +
                              retry_text(found.retry_after);
            (void)m.store->record_attempt_failure(record.key, why, m.wall());
            ++into.settled.still_pending;
            into.error(who + ": " + why);
            return;
        }
        auto request = parse_dispute_request(record.request_json);
        if (!request) {
            ++into.settled.still_pending;
            into.error(who + ": the stored request: " + request.error().message);
            return;
        }
        auto filed = backend->file(*request);
        switch (filed.kind) {
            case sdk::FileResult::Kind::kOk:
                if (auto s = m.store->mark_filed(record.key, filed.value, m.wall()); !s) {
                    ++into.settled.still_pending;
                    into.error(who + ": " + s.message());
                    return;
                }
                ++into.settled.refiled;
                ++into.filed_by_backend[record.backend];
                if (into.filed_disputes.size() < SweepSummary::kMaxListed)
                    into.filed_disputes.push_back(
                        {record.key, record.backend, filed.value.id, filed.value.url});
                return;
            case sdk::FileResult::Kind::kRejected:
                (void)m.store->mark_rejected(record.key, filed.message, m.wall());
                ++into.settled.rejected;
                into.error(who + ": " + record.backend + " refused it: " + filed.message);
                return;
            default: {
                std::string why = filed.message + retry_text(filed.retry_after);
                (void)m.store->record_attempt_failure(record.key, why, m.wall());
                ++into.settled.still_pending;
                into.error(who + ": " + record.backend + ": " + why);
                return;
            }
        }
    };

    const unsigned threads =
        static_cast<unsigned>(std::min<std::size_t>(m.options.concurrency, pending->size()));
    std::vector<SweepSummary> parts(threads);
    auto work = [&](SweepSummary& into) {
        for (std::size_t i; (i = next.fetch_add(1)) < pending->size();) {
            try {
                settle_one((*pending)[i], into);
            } catch (const std::exception& e) {
                ++into.settled.still_pending;
                into.error("settling dispute " + (*pending)[i].key + ": internal error: " + e.what());
            }
        }
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(work, std::ref(parts[t]));
    work(parts[0]);
    for (auto& h : helpers) h.join();
    for (auto& part : parts) {
        settled.found += part.settled.found;
        settled.refiled += part.settled.refiled;
        settled.rejected += part.settled.rejected;
        settled.still_pending += part.settled.still_pending;
        settled.skipped += part.settled.skipped;
        summary.merge(part);
    }
    return settled;
}

// --- One order ---

sdk::Result<std::string> Sweep::Worker::detect(std::string_view number) const {
    const sdk::CarrierClaim* best = nullptr;
    std::vector<sdk::CarrierClaim> claims;
    for (const auto& [name, plugin] : impl.detectors) {
        for (auto& claim : plugin->detect(number)) claims.push_back(std::move(claim));
    }
    for (const auto& claim : claims) {
        if (claim.check_digit_valid) {
            best = &claim;
            break;
        }
        if (!best) best = &claim;
    }
    if (!best || best->carrier.empty())
        return Error{"no carrier recognises tracking number \"" + std::string(number) + "\""};
    return best->carrier;
}

bool Sweep::Worker::track(OrderCase& order, std::vector<TrackingSnapshot>& snapshots,
                             const std::string& who) {
    std::vector<bool> was_raw(order.packages.size());
    bool any_raw = false;
    for (std::size_t i = 0; i < order.packages.size(); ++i)
        any_raw |= was_raw[i] = order.packages[i].raw.has_value();
    if (any_raw) {
        RawNormalizer normalize = [this](std::string_view carrier, std::string_view payload,
                                         const sdk::TrackContext& context) -> sdk::Result<sdk::TrackResult> {
            auto plugin = impl.carrier(carrier);
            if (!plugin) return plugin.error();
            return (*plugin)->normalize(payload, context);
        };
        if (auto s = normalize_raw_packages(order, normalize); !s) {
            ++summary.bad_lines;
            summary.error(who + ": " + s.message());
            return false;
        }
    }
    for (std::size_t i = 0; i < order.packages.size(); ++i) {
        PackageCase& p = order.packages[i];
        if (was_raw[i] || !p.events.empty() || p.tracking_number.empty()) continue;
        const std::string where = who + ": packages[" + std::to_string(i) + "]";
        if (p.carrier.empty()) {
            auto carrier = detect(p.tracking_number);
            if (!carrier) {
                ++summary.failed;
                summary.error(where + ": " + carrier.error().message);
                return false;
            }
            p.carrier = std::move(*carrier);
        }
        auto plugin = impl.carrier(impl.options.sweep.fetcher(p.carrier));
        if (!plugin) {
            ++summary.failed;
            summary.error(where + ".carrier: " + plugin.error().message);
            return false;
        }
        sdk::TrackContext context{p.tracking_number, std::nullopt};
        sdk::TrackResult result = (*plugin)->fetch(context);
        switch (result.kind) {
            case sdk::TrackResult::Kind::kOk:
                if (impl.writes())
                    snapshots.push_back(TrackingSnapshot{p.ref(), p.carrier, p.tracking_number,
                                                         sdk::to_json(result.shipment), impl.wall()});
                p.events = std::move(result.shipment.events);
                if (result.shipment.proof_of_delivery)
                    p.proof_of_delivery = std::move(result.shipment.proof_of_delivery);
                break;
            case sdk::TrackResult::Kind::kNotFound:
                p.events.clear();  // the carrier does not know it (yet): tracking unknown
                break;
            case sdk::TrackResult::Kind::kTransient:
                ++summary.failed;
                summary.error(where + ": " + p.carrier + " " + p.tracking_number +
                              ": temporary failure: " + result.message + retry_text(result.retry_after));
                return false;
            case sdk::TrackResult::Kind::kPermanent:
                ++summary.failed;
                summary.error(where + ": " + p.carrier + " " + p.tracking_number + ": " + result.message);
                return false;
        }
    }
    return true;
}

void Sweep::Worker::count_existing(const DisputeRecord& record) {
    switch (record.state) {
        case DisputeState::kFiled:
            ++summary.already_filed;
            break;
        case DisputeState::kPending:
            ++summary.pending;  // another filer holds it; a later run settles it if that filer died
            break;
        case DisputeState::kRejected:
            ++summary.rejected;
            break;
    }
}

void Sweep::Worker::submit(sdk::TicketingPlugin& backend, const std::string& backend_name,
                              const sdk::DisputeRequest& request, const std::string& who) {
    const std::string what = who + ": dispute " + request.key;
    auto result = backend.file(request);
    switch (result.kind) {
        case sdk::FileResult::Kind::kOk:
            ++summary.filed;
            ++summary.filed_by_backend[backend_name];
            if (summary.filed_disputes.size() < SweepSummary::kMaxListed)
                summary.filed_disputes.push_back(
                    {request.key, backend_name, result.value.id, result.value.url});
            if (auto s = impl.store->mark_filed(request.key, result.value, impl.wall()); !s)
                summary.error(what + ": filed as " + result.value.id +
                              " but not recorded (the next run finds it): " + s.message());
            return;
        case sdk::FileResult::Kind::kRejected:
            ++summary.rejected;
            if (auto s = impl.store->mark_rejected(request.key, result.message, impl.wall()); !s)
                summary.error(what + ": " + s.message());
            summary.error(what + ": " + backend_name + " refused it: " + result.message);
            return;
        default: {
            ++summary.pending;
            std::string why = result.message + retry_text(result.retry_after);
            if (auto s = impl.store->record_attempt_failure(request.key, why, impl.wall()); !s)
                summary.error(what + ": " + s.message());
            summary.error(what + ": " + backend_name + ": " + why + "; stays PENDING, the next run files it");
            return;
        }
    }
}

bool Sweep::Worker::file(const OrderCase& order, const Dispute& dispute, Timestamp now,
                            const std::string& who) {
    const std::string_view code = to_string(dispute.code);
    const DisputeRoute* route = impl.options.routes.route(order.marketplace, order.shop_id, code);
    if (!route) {
        ++summary.dispute_errors;
        summary.error(who + ": dispute " + dispute.key + ": no route matches marketplace \"" +
                      order.marketplace + "\", shop \"" + order.shop_id + "\", code \"" + std::string(code) +
                      "\"");
        return false;
    }
    if (impl.options.dry_run) {
        ++summary.would_file;
        return true;
    }
    const std::string what = who + ": dispute " + dispute.key;
    auto existing = impl.store->find_dispute(dispute.key);
    if (!existing) {
        ++summary.dispute_errors;
        summary.error(what + ": " + existing.error().message);
        return false;
    }
    if (*existing) {
        count_existing(**existing);
        return true;
    }
    auto files = impl.evidence.build(dispute, order);
    if (!files) {
        ++summary.dispute_errors;
        summary.error(what + ": " + files.error().message);
        return false;
    }
    sdk::DisputeRequest request = make_dispute_request(decision, dispute, order);
    request.files = std::move(*files);
    // PENDING first: whoever writes the row files; a crash after this is settled by the next run.
    auto begun = impl.store->begin_dispute(request, route->backend, now);
    if (!begun) {
        ++summary.dispute_errors;
        summary.error(what + ": " + begun.error().message);
        return false;
    }
    if (!begun->created) {
        count_existing(begun->record);
        return true;
    }
    auto backend = impl.backends.find(route->backend);
    submit(*backend->second, route->backend, request, who);
    return true;
}

void Sweep::Worker::act(OrderCase& order, std::string_view json, std::uint64_t line) {
    const std::string who = line_prefix(line) + "order " + order.order_id;
    std::vector<TrackingSnapshot> snapshots;
    if (!track(order, snapshots, who)) return;

    const Timestamp now = impl.options.now ? *impl.options.now : order.now ? *order.now : impl.wall();
    if (auto s = impl.engine.decide(order, now, decision); !s) {
        ++summary.bad_lines;
        summary.error(who + ": " + s.message());
        return;
    }
    // The disputes the store holds count as the order's tickets; they matter only where a rule files.
    const std::size_t store_tickets_from = order.tickets.size();
    if (impl.store && std::any_of(decision.packages.begin(), decision.packages.end(),
                                  [](const PackageDecision& p) { return p.dispute_code.has_value(); })) {
        auto tickets = impl.store->tickets(OrderRef::of(order));
        if (!tickets) {
            ++summary.failed;
            summary.error(who + ": reading its disputes: " + tickets.error().message);
            return;
        }
        if (!tickets->empty()) {
            order.tickets.insert(order.tickets.end(), tickets->begin(), tickets->end());
            if (auto s = impl.engine.decide(order, now, decision); !s) {
                ++summary.bad_lines;
                summary.error(who + ": " + s.message());
                return;
            }
        }
    }

    ++summary.decided;
    ++summary.by_action[std::string(to_string(decision.action))];
    ++summary.by_rule[decision.rule.name()];
    std::set<DisputeCode> held_back;
    for (const auto& p : decision.packages)
        if (p.dispute_code && p.rule.variant != RuleVariant::kBase && p.ticket >= 0 &&
            static_cast<std::size_t>(p.ticket) >= store_tickets_from)
            held_back.insert(*p.dispute_code);
    summary.already_filed += held_back.size();

    bool trouble = false;
    if (decision.action == Action::kFileDispute)
        for (const auto& dispute : decision.disputes) trouble |= !file(order, dispute, now, who);

    if (!impl.writes()) return;
    DecisionRecord record = DecisionRecord::of(order, decision, impl.wall());
    if (trouble) record.next_check_at = std::chrono::time_point_cast<std::chrono::seconds>(now);  // stays due
    record.order_json.assign(json);
    record.snapshots = std::move(snapshots);
    records.push_back(std::move(record));
}

void Sweep::Worker::flush() {
    if (records.empty()) return;
    if (auto s = impl.store->record_decisions(records); !s)
        summary.error("recording " + std::to_string(records.size()) +
                      " decisions (those orders stay due): " + s.message());
    records.clear();
}

void Sweep::Worker::process_line(std::string_view json, std::uint64_t line, bool padded) {
    ++summary.lines;
    if (cases.empty()) cases.resize(1);
    OrderCase& order = cases.front();
    if (auto s = reader.read(json, order, padded); !s) {
        ++summary.bad_lines;
        summary.error(line_prefix(line) + s.message());
        return;
    }
    try {
        if (impl.writes()) {
            std::vector<OrderRef> refs{OrderRef::of(order)};
            auto claims = impl.store->claim_orders(refs, impl.wall(), impl.run_started);
            if (!claims) {
                ++summary.failed;
                summary.error(line_prefix(line) + "order " + order.order_id +
                              ": claiming it: " + claims.error().message);
                return;
            }
            if (claims->empty() || !claims->front()) {
                ++summary.skipped;
                return;
            }
            act(order, json, line);
            flush();
            (void)impl.store->release_claims(refs);
        } else {
            act(order, json, line);
        }
    } catch (const std::exception& e) {
        ++summary.failed;
        summary.error(line_prefix(line) + "order " + order.order_id + ": internal error: " + e.what());
    }
}

void Sweep::Worker::process_batch(const Batch& batch) {
    if (cases.size() < batch.lines.size()) cases.resize(batch.lines.size());
    std::vector<std::size_t> parsed;  // indexes into batch.lines (and cases)
    parsed.reserve(batch.lines.size());
    for (std::size_t i = 0; i < batch.lines.size(); ++i) {
        const LineRef& l = batch.lines[i];
        ++summary.lines;
        if (auto s = reader.read(std::string_view(batch.text.data() + l.offset, l.size), cases[i], true);
            !s) {
            ++summary.bad_lines;
            summary.error(line_prefix(l.number) + s.message());
            continue;
        }
        parsed.push_back(i);
    }

    std::vector<OrderRef> refs;
    std::vector<bool> claimed(batch.lines.size(), true);
    if (impl.writes() && !parsed.empty()) {
        refs.reserve(parsed.size());
        for (std::size_t i : parsed) refs.push_back(OrderRef::of(cases[i]));
        auto claims = impl.store->claim_orders(refs, impl.wall(), impl.run_started);
        if (!claims || claims->size() != refs.size()) {
            summary.failed += parsed.size();
            summary.error("line " + std::to_string(batch.lines[parsed.front()].number) + ": claiming " +
                          std::to_string(refs.size()) + " orders (they stay due): " +
                          (claims ? std::string("the store answered for another number of orders")
                                  : claims.error().message));
            return;
        }
        for (std::size_t k = 0; k < parsed.size(); ++k) claimed[parsed[k]] = (*claims)[k];
    }

    for (std::size_t i : parsed) {
        const LineRef& l = batch.lines[i];
        if (!claimed[i]) {
            ++summary.skipped;
            continue;
        }
        try {
            act(cases[i], std::string_view(batch.text.data() + l.offset, l.size), l.number);
        } catch (const std::exception& e) {
            ++summary.failed;
            summary.error(line_prefix(l.number) + "order " + cases[i].order_id +
                          ": internal error: " + e.what());
        }
    }
    flush();
    if (!refs.empty()) {
        std::vector<OrderRef> mine;
        for (std::size_t k = 0; k < parsed.size(); ++k)
            if (claimed[parsed[k]]) mine.push_back(std::move(refs[k]));
        if (!mine.empty())
            if (auto s = impl.store->release_claims(mine); !s)
                summary.error("releasing claims: " + s.message() + " (they lapse by themselves)");
    }
}

void Sweep::process(std::string_view json, SweepSummary& summary, std::uint64_t line) {
    Worker worker(*impl_);
    worker.summary.dry_run = impl_->options.dry_run;
    worker.process_line(json, line, false);
    summary.merge(worker.summary);
}

// --- A run over JSONL input ---

SweepSummary Sweep::run(int fd) {
    Impl& m = *impl_;
    const auto started = std::chrono::steady_clock::now();
    m.run_started = m.wall();
    lines_done_ = 0;
    bytes_done_ = 0;
    SweepSummary total;
    total.dry_run = m.options.dry_run;
    if (!m.prepared) {
        total.error("the sweep was not prepared");
        return total;
    }

    const unsigned threads = m.options.concurrency;
    const std::size_t batch_lines = std::max(1u, m.options.sweep.batch_size);
    BoundedQueue<Batch> queue(std::max<std::size_t>(2, threads));
    std::vector<std::unique_ptr<Worker>> workers;
    for (unsigned i = 0; i < threads; ++i) {
        workers.push_back(std::make_unique<Worker>(m));
        workers.back()->summary.dry_run = m.options.dry_run;
    }
    std::vector<std::thread> pool;
    for (auto& w : workers) {
        pool.emplace_back([this, &queue, worker = w.get()] {
            while (auto batch = queue.pop()) {
                worker->process_batch(*batch);
                lines_done_.fetch_add(batch->lines.size(), std::memory_order_relaxed);
                bytes_done_.fetch_add(batch->bytes, std::memory_order_relaxed);
            }
        });
    }

    // Cuts the input into batches of lines; the reader never holds more than one batch and one block.
    Batch batch;
    std::string partial;    // the start of a line whose end is not read yet
    bool skipping = false;  // inside a line that is too long
    std::uint64_t line_number = 0;
    auto add_line = [&](std::string_view text) {
        ++line_number;
        batch.bytes += text.size() + 1;
        while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
            text.remove_suffix(1);
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
        if (text.empty()) return;
        batch.lines.push_back({batch.text.size(), text.size(), line_number});
        batch.text.append(text);
        batch.text += '\n';
    };
    auto ship = [&](bool force) {
        if (batch.lines.empty() && !force) return;
        if (!force && batch.lines.size() < batch_lines && batch.text.size() < kBatchBytes) return;
        if (batch.lines.empty()) {
            bytes_done_.fetch_add(batch.bytes, std::memory_order_relaxed);
            batch.bytes = 0;
            return;
        }
        batch.text.append(kOrderReaderPadding, ' ');
        queue.push(std::move(batch));
        batch = Batch{};
        batch.text.reserve(std::min<std::size_t>(batch_lines, 1024) * 1024);
    };

    std::vector<char> block(kReadBlock);
    for (;;) {
        ssize_t n = ::read(fd, block.data(), block.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            total.error(std::string("reading the orders: ") + std::strerror(errno));
            break;
        }
        if (n == 0) break;
        std::string_view chunk(block.data(), static_cast<std::size_t>(n));
        while (!chunk.empty()) {
            auto nl = chunk.find('\n');
            if (nl == std::string_view::npos) {
                if (!skipping) partial.append(chunk);
                if (partial.size() > kMaxLine) {
                    skipping = true;
                    batch.bytes += partial.size();
                    partial.clear();
                }
                break;
            }
            std::string_view piece = chunk.substr(0, nl);
            chunk.remove_prefix(nl + 1);
            if (skipping) {
                skipping = false;
                ++line_number;
                batch.bytes += piece.size() + 1;
                total.error("line " + std::to_string(line_number) + ": longer than " +
                            std::to_string(kMaxLine >> 20) + " MiB; skipped");
                ++total.bad_lines;
                ++total.lines;
                continue;
            }
            if (partial.empty()) {
                add_line(piece);
            } else {
                partial.append(piece);
                if (partial.size() > kMaxLine) {
                    ++line_number;
                    batch.bytes += partial.size() + 1;
                    total.error("line " + std::to_string(line_number) + ": longer than " +
                                std::to_string(kMaxLine >> 20) + " MiB; skipped");
                    ++total.bad_lines;
                    ++total.lines;
                } else {
                    add_line(partial);
                }
                partial.clear();
            }
            ship(false);
        }
    }
    if (skipping) {
        ++line_number;
        ++total.bad_lines;
        ++total.lines;
        total.error("line " + std::to_string(line_number) + ": longer than " +
                    std::to_string(kMaxLine >> 20) + " MiB; skipped");
    } else if (!partial.empty()) {
        add_line(partial);
        batch.bytes -= 1;  // the last line has no newline
    }
    ship(true);
    queue.close();
    for (auto& t : pool) t.join();
    for (auto& w : workers) total.merge(w->summary);
    total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return total;
}

}  // namespace unstuck::core
