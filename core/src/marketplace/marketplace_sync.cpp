#include "unstuck/core/marketplace/marketplace_sync.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <thread>
#include <vector>

#include "unstuck/core/policy/order_reader.hpp"

namespace unstuck::core {

namespace {

template <typename T>
using Outcome = sdk::MarketplaceResult<T>;

// Why a plugin call gave nothing: its message, with when to retry when it said.
template <typename T>
std::string why_not(const Outcome<T>& result) {
    using Kind = typename Outcome<T>::Kind;
    if (result.kind == Kind::kNotFound) return "not found";
    std::string why = result.message.empty() ? std::string("refused without a reason") : result.message;
    if (result.kind == Kind::kRetry) {
        why += result.retry_after ? " (retry after " + std::to_string(result.retry_after->count()) + " s)"
                                  : std::string(" (retry later)");
    }
    return why;
}

// The wall clock, to the microsecond.
sdk::Timestamp wall_now() {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

// What sweeping one order of a page did.
struct Swept {
    SweepSummary part;
    std::string order_id;  // as the case names it; empty when it could not be read
    bool held = false;     // not recorded for a carrier or store reason: the page must be read again
};

}  // namespace

struct MarketplaceSync::Impl {
    PluginHost& plugins;
    Sweep& sweep;
    CaseStore* store;
    unsigned concurrency;
    std::shared_ptr<sdk::MarketplacePlugin> market;

    // `{plugin} shop {shop}`: how error lines name a shop.
    static std::string shop_text(const std::string& plugin, std::string_view shop) {
        return plugin + " shop " + std::string(shop);
    }

    // Sweeps one order case the plugin gave for `shop`. A case that is no order case of this marketplace
    // and shop is a bad order; one the sweep could not decide or record for a carrier or store reason holds
    // its page.
    Swept sweep_one(const std::string& plugin, std::string_view shop, std::string_view json,
                    std::optional<sdk::Timestamp> now) {
        Swept out;
        out.part.dry_run = store == nullptr;
        const std::string where = shop_text(plugin, shop);
        auto read = OrderReader().read(json);
        std::string problem;
        if (!read) {
            problem = read.error().message;
        } else {
            out.order_id = read->order_id;
            if (read->marketplace != plugin)
                problem = "marketplace: \"" + read->marketplace + "\" is not " + plugin;
            else if (read->shop_id != shop)
                problem = "shop_id: \"" + read->shop_id + "\" is not the shop pulled";
        }
        if (!problem.empty()) {
            ++out.part.lines;
            ++out.part.bad_lines;
            out.part.error(where + (out.order_id.empty() ? ": an order case" : " order " + out.order_id) +
                           ": " + problem);
            return out;
        }
        sweep.process(json, out.part, 0, now);
        for (auto& e : out.part.errors)
            e = e.rfind("order ", 0) == 0 ? where + " " + e : where + " order " + out.order_id + ": " + e;
        // Failed (a carrier, the store, a decision not recorded): the order stays due, its page is read
        // again.
        out.held = out.part.failed > 0;
        return out;
    }

    // Sweeps a page's order cases, `concurrency` at once; the results in the page's order.
    std::vector<Swept> sweep_page(const std::string& plugin, std::string_view shop,
                                  const std::vector<std::string>& orders, std::optional<sdk::Timestamp> now) {
        std::vector<Swept> done(orders.size());
        std::atomic<std::size_t> next{0};
        auto work = [&] {
            for (std::size_t i; (i = next.fetch_add(1)) < orders.size();) {
                try {
                    done[i] = sweep_one(plugin, shop, orders[i], now);
                } catch (const std::exception& e) {
                    done[i] = Swept{};
                    ++done[i].part.lines;
                    ++done[i].part.failed;
                    done[i].part.error(shop_text(plugin, shop) +
                                       ": an order case: internal error: " + e.what());
                    done[i].held = true;
                }
            }
        };
        const std::size_t threads = std::min<std::size_t>(std::max(1u, concurrency), orders.size());
        std::vector<std::thread> pool;
        for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
        for (auto& t : pool) t.join();
        return done;
    }

    void pull_shop(const std::string& plugin, const std::string& shop, SweepSummary& summary,
                   std::optional<sdk::Timestamp> now, const std::atomic<bool>* stop) {
        const std::string where = shop_text(plugin, shop);
        std::string cursor;
        if (store) {
            auto stored = store->marketplace_cursor(plugin, shop);
            if (!stored) {
                ++summary.pull_errors;
                summary.error(where + ": reading its cursor: " + stored.error().message);
                return;
            }
            if (*stored) cursor = **stored;
        }
        std::string saved = cursor;     // the cursor the store holds
        std::vector<std::string> held;  // orders that failed: no cursor past them is stored
        while (!(stop && stop->load())) {
            auto page = market->changed_orders(shop, cursor);
            if (page.kind != Outcome<sdk::OrderPage>::Kind::kOk) {
                ++summary.pull_errors;
                summary.error(where + ": reading its changed orders: " + why_not(page));
                break;
            }
            sdk::OrderPage& p = page.value;
            summary.pulled += p.orders.size() + p.errors.size();
            for (auto& swept : sweep_page(plugin, shop, p.orders, now)) {
                if (swept.held) held.push_back(swept.order_id.empty() ? "?" : swept.order_id);
                summary.merge(swept.part);
            }
            for (const auto& bad : p.errors) {
                ++summary.lines;
                ++summary.bad_lines;
                summary.error(where + (bad.order_id.empty() ? ": an order" : " order " + bad.order_id) +
                              ": " + bad.message);
            }
            if (store && held.empty() && p.next_cursor != saved) {
                if (auto s =
                        store->save_marketplace_cursor(plugin, shop, p.next_cursor, now.value_or(wall_now()));
                    !s)
                    summary.error(
                        where + ": storing its cursor (the next pull reads this page again): " + s.message());
                else
                    saved = p.next_cursor;
            }
            if (!p.more) break;
            if (p.next_cursor == cursor) {
                ++summary.pull_errors;
                summary.error(where +
                              ": the plugin said more orders follow but gave the same cursor; "
                              "this pull stops there");
                break;
            }
            cursor = std::move(p.next_cursor);
        }
        if (!held.empty()) {
            std::string ids;
            for (std::size_t i = 0; i < held.size() && i < 10; ++i) ids += (i ? ", " : "") + held[i];
            if (held.size() > 10) ids += ", ...";
            summary.error(where + ": " + std::to_string(held.size()) + " order" +
                          (held.size() == 1 ? "" : "s") + " could not be decided or recorded (" + ids +
                          "): its cursor stays before them and the next pull reads them again");
        }
    }
};

MarketplaceSync::MarketplaceSync(PluginHost& plugins, Sweep& sweep, CaseStore* store, std::string plugin,
                                 unsigned concurrency)
    : plugin_(std::move(plugin)),
      impl_(std::make_unique<Impl>(Impl{plugins, sweep, store, concurrency, {}})) {}

MarketplaceSync::~MarketplaceSync() = default;

sdk::Status MarketplaceSync::prepare() {
    auto market = impl_->plugins.marketplace(plugin_);
    if (!market) return sdk::Error{market.error().message};
    impl_->market = std::move(*market);
    return {};
}

void MarketplaceSync::pull(SweepSummary& summary, std::optional<sdk::Timestamp> now) {
    if (!impl_->market) {
        ++summary.pull_errors;
        summary.error(plugin_ + ": the marketplace plugin was not prepared");
        return;
    }
    for (const auto& shop : impl_->market->shops()) {
        if (stop_ && stop_->load()) break;
        impl_->pull_shop(plugin_, shop, summary, now, stop_);
    }
}

bool MarketplaceSync::refresh(std::string_view shop_id, std::string_view order_id, SweepSummary& summary,
                              std::optional<sdk::Timestamp> now) {
    const std::string where = Impl::shop_text(plugin_, shop_id) + " order " + std::string(order_id);
    if (!impl_->market) {
        ++summary.pull_errors;
        summary.error(where + ": the marketplace plugin was not prepared");
        return false;
    }
    auto order = impl_->market->order(shop_id, order_id);
    if (order.kind != Outcome<std::string>::Kind::kOk) {
        ++summary.pull_errors;
        summary.error(where + ": reading it: " + why_not(order));
        return false;
    }
    ++summary.pulled;
    Swept swept = impl_->sweep_one(plugin_, shop_id, order.value, now);
    summary.merge(swept.part);
    return true;
}

}  // namespace unstuck::core
