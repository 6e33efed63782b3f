#include "plugin/guarded_plugins.hpp"

#include <chrono>
#include <exception>
#include <mutex>
#include <string>

#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/sdk/substatus_check.hpp"

namespace unstuck::core {
namespace {

// The text of the exception being handled.
std::string current_exception_text() {
    try {
        throw;
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown exception";
    }
}

// Times one call for the observer, if there is one (no clock is read otherwise), also when the call throws.
class CallTimer {
  public:
    CallTimer(const PluginCallObserver* observer, const std::string& plugin, const char* operation)
        : observer_(observer), plugin_(plugin), operation_(operation) {
        if (observer_) start_ = std::chrono::steady_clock::now();
    }
    ~CallTimer() {
        if (!observer_) return;
        try {
            (*observer_)(plugin_, operation_, std::chrono::steady_clock::now() - start_);
        } catch (...) {
            // An observer's failure is never the plugin call's.
        }
    }
    CallTimer(const CallTimer&) = delete;
    CallTimer& operator=(const CallTimer&) = delete;

  private:
    const PluginCallObserver* observer_;
    const std::string& plugin_;
    const char* operation_;
    std::chrono::steady_clock::time_point start_{};
};

// Times a call of a ticketing or marketplace plugin; an exception becomes its rejection, naming the plugin
// and the call.
template <typename R, typename F>
R guarded_call(const PluginCallObserver* observer, const std::string& plugin, const char* call, F&& f) {
    CallTimer timer(observer, plugin, call);
    try {
        return f();
    } catch (...) {
        return R::rejected("plugin " + plugin + ": " + call + " threw: " + current_exception_text());
    }
}

// Times a plugin's receive(); an exception becomes a malformed push, naming the plugin, and is logged.
template <typename R, typename F>
R guarded_receive(const PluginCallObserver* observer, const std::string& plugin, F&& f) {
    CallTimer timer(observer, plugin, "receive");
    try {
        return f();
    } catch (...) {
        std::string message = "plugin " + plugin + ": receive threw: " + current_exception_text();
        logger("host")->error("{}", message);
        return R::malformed(std::move(message));
    }
}

class GuardedReceiver : public sdk::WebhookReceiver {
  public:
    GuardedReceiver(sdk::WebhookReceiver* inner, std::string name, CallObserverPtr observer)
        : inner_(inner), name_(std::move(name)), observer_(std::move(observer)) {}

    sdk::WebhookResult receive(const sdk::WebhookRequest& request) override {
        return guarded_receive<sdk::WebhookResult>(observer_.get(), name_,
                                                   [&] { return inner_->receive(request); });
    }

  private:
    sdk::WebhookReceiver* inner_;
    std::string name_;
    CallObserverPtr observer_;
};

class GuardedCarrier : public sdk::CarrierPlugin {
  public:
    GuardedCarrier(std::shared_ptr<void> owner, sdk::CarrierPlugin* inner, std::string name, bool webhooks,
                   CallObserverPtr observer)
        : owner_(std::move(owner)),
          inner_(inner),
          name_(std::move(name)),
          webhooks_(webhooks),
          observer_(std::move(observer)) {}

    std::vector<sdk::CarrierClaim> detect(std::string_view number) const override {
        CallTimer timer(observer_.get(), name_, "detect");
        try {
            return inner_->detect(number);
        } catch (...) {
            logger("host")->error("{}", failure("detect"));
            return {};
        }
    }
    sdk::TrackResult fetch(const sdk::TrackContext& context) override {
        CallTimer timer(observer_.get(), name_, "fetch");
        try {
            return within_model(inner_->fetch(context), "fetch");
        } catch (...) {
            return sdk::TrackResult::permanent(failure("fetch"));
        }
    }
    sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) const override {
        CallTimer timer(observer_.get(), name_, "normalize");
        try {
            return within_model(inner_->normalize(payload, context), "normalize");
        } catch (...) {
            return sdk::TrackResult::permanent(failure("normalize"));
        }
    }
    // A plugin built for ABI 2.0 has no webhook_receiver() in its vtable: it is never called there.
    sdk::WebhookReceiver* webhook_receiver() override {
        if (!webhooks_) return nullptr;
        std::call_once(receiver_once_, [&] {
            try {
                if (auto* inner = inner_->webhook_receiver())
                    receiver_ = std::make_unique<GuardedReceiver>(inner, name_, observer_);
            } catch (...) {
                logger("host")->error("{}", failure("webhook_receiver"));
            }
        });
        return receiver_.get();
    }

  private:
    // A shipment with a substatus its status does not allow becomes a permanent error, so that every
    // shipment the host accepts can be read back (sdk::shipment_from_json checks the same table).
    sdk::TrackResult within_model(sdk::TrackResult result, const char* call) const {
        if (result.kind != sdk::TrackResult::Kind::kOk) return result;
        auto mismatches = sdk::find_substatus_mismatches(result.shipment);
        if (mismatches.empty()) return result;
        std::string message = "plugin " + name_ + ": " + call +
                              " returned a shipment outside the model: " + sdk::describe(mismatches.front());
        if (mismatches.size() > 1) message += " (and " + std::to_string(mismatches.size() - 1) + " more)";
        logger("host")->error("{}", message);
        return sdk::TrackResult::permanent(std::move(message));
    }

    std::string failure(const char* call) const {
        return "plugin " + name_ + ": " + call + " threw: " + current_exception_text();
    }

    std::shared_ptr<void> owner_;
    sdk::CarrierPlugin* inner_;
    std::string name_;
    bool webhooks_;
    CallObserverPtr observer_;
    std::once_flag receiver_once_;
    std::unique_ptr<GuardedReceiver> receiver_;
};

class GuardedTicketing : public sdk::TicketingPlugin {
  public:
    GuardedTicketing(std::shared_ptr<void> owner, sdk::TicketingPlugin* inner, std::string name,
                     CallObserverPtr observer)
        : owner_(std::move(owner)), inner_(inner), name_(std::move(name)), observer_(std::move(observer)) {}

    sdk::FileResult file(const sdk::DisputeRequest& request) override {
        return guard<sdk::FileResult>("file", [&] { return inner_->file(request); });
    }
    sdk::FindResult find(std::string_view key) override {
        return guard<sdk::FindResult>("find", [&] { return inner_->find(key); });
    }
    sdk::StateResult state(const sdk::RemoteTicket& ticket) override {
        return guard<sdk::StateResult>("state", [&] { return inner_->state(ticket); });
    }
    sdk::AttachResult attach(const sdk::RemoteTicket& ticket, const sdk::EvidenceFile& file) override {
        return guard<sdk::AttachResult>("attach", [&] { return inner_->attach(ticket, file); });
    }

  private:
    template <typename R, typename F>
    R guard(const char* call, F&& f) {
        return guarded_call<R>(observer_.get(), name_, call, std::forward<F>(f));
    }

    std::shared_ptr<void> owner_;
    sdk::TicketingPlugin* inner_;
    std::string name_;
    CallObserverPtr observer_;
};

class GuardedMarketplace : public sdk::MarketplacePlugin {
  public:
    GuardedMarketplace(std::shared_ptr<void> owner, sdk::MarketplacePlugin* inner, std::string name,
                       CallObserverPtr observer)
        : owner_(std::move(owner)), inner_(inner), name_(std::move(name)), observer_(std::move(observer)) {}

    std::vector<std::string> shops() override {
        CallTimer timer(observer_.get(), name_, "shops");
        try {
            return inner_->shops();
        } catch (...) {
            logger("host")->error("plugin {}: shops threw: {}", name_, current_exception_text());
            return {};
        }
    }
    sdk::MarketplaceResult<sdk::OrderPage> changed_orders(std::string_view shop_id,
                                                          std::string_view cursor) override {
        return guard<sdk::MarketplaceResult<sdk::OrderPage>>(
            "changed_orders", [&] { return inner_->changed_orders(shop_id, cursor); });
    }
    sdk::MarketplaceResult<std::string> order(std::string_view shop_id, std::string_view order_id) override {
        return guard<sdk::MarketplaceResult<std::string>>("order",
                                                          [&] { return inner_->order(shop_id, order_id); });
    }
    sdk::MarketplaceResult<sdk::PodReceipt> update_delivery_status(const sdk::PodUpdate& update) override {
        return guard<sdk::MarketplaceResult<sdk::PodReceipt>>(
            "update_delivery_status", [&] { return inner_->update_delivery_status(update); });
    }
    sdk::MarketplaceResult<sdk::PodReceipt> find_delivery_status(const sdk::PodUpdate& update) override {
        return guard<sdk::MarketplaceResult<sdk::PodReceipt>>(
            "find_delivery_status", [&] { return inner_->find_delivery_status(update); });
    }
    sdk::MarketplacePushResult receive(const sdk::WebhookRequest& request) override {
        return guarded_receive<sdk::MarketplacePushResult>(observer_.get(), name_,
                                                           [&] { return inner_->receive(request); });
    }

  private:
    template <typename R, typename F>
    R guard(const char* call, F&& f) {
        return guarded_call<R>(observer_.get(), name_, call, std::forward<F>(f));
    }

    std::shared_ptr<void> owner_;
    sdk::MarketplacePlugin* inner_;
    std::string name_;
    CallObserverPtr observer_;
};

}  // namespace

std::shared_ptr<sdk::CarrierPlugin> guard_carrier(std::shared_ptr<void> owner, sdk::CarrierPlugin* plugin,
                                                  std::string name, bool webhooks, CallObserverPtr observer) {
    return std::make_shared<GuardedCarrier>(std::move(owner), plugin, std::move(name), webhooks,
                                            std::move(observer));
}

std::shared_ptr<sdk::TicketingPlugin> guard_ticketing(std::shared_ptr<void> owner,
                                                      sdk::TicketingPlugin* plugin, std::string name,
                                                      CallObserverPtr observer) {
    return std::make_shared<GuardedTicketing>(std::move(owner), plugin, std::move(name), std::move(observer));
}

std::shared_ptr<sdk::MarketplacePlugin> guard_marketplace(std::shared_ptr<void> owner,
                                                          sdk::MarketplacePlugin* plugin, std::string name,
                                                          CallObserverPtr observer) {
    return std::make_shared<GuardedMarketplace>(std::move(owner), plugin, std::move(name),
                                                std::move(observer));
}

}  // namespace unstuck::core
