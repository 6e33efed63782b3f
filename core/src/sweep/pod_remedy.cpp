#include "sweep/pod_remedy.hpp"

namespace unstuck::core {

std::string remedy_key(const OrderCase& order, std::string_view package) {
    return order.marketplace + ":" + order.shop_id + ":" + order.order_id + ":" + std::string(package) +
           ":pod";
}

namespace {

bool is_web_link(std::string_view ref) {
    return ref.rfind("https://", 0) == 0 || ref.rfind("http://", 0) == 0;
}

}  // namespace

sdk::Result<std::optional<sdk::PodUpdate>> PodRemedy::update_for(const OrderCase& order,
                                                                 const PackageDecision& package) const {
    std::size_t index = 0;
    while (index < order.packages.size() && order.packages[index].ref() != package.package) ++index;
    if (index == order.packages.size())
        return sdk::Error{"package " + package.package + " is not in the order"};
    const PackageCase& pkg = order.packages[index];

    sdk::PodUpdate update;
    update.key = remedy_key(order, package.package);
    update.marketplace = order.marketplace;
    update.shop_id = order.shop_id;
    update.order_id = order.order_id;
    update.package_id = pkg.package_id;
    update.tracking_number = pkg.tracking_number;
    if (package.facts.carrier_delivered_at) update.delivered_at = *package.facts.carrier_delivered_at;
    std::string proof;
    for (const auto& ev : package.evidence) {
        if (ev.kind == EvidenceKind::kCarrierDeliveryEvent && !ev.events.empty())
            update.delivered_at = ev.events.front().at;
        else if (ev.kind == EvidenceKind::kProofOfDelivery && ev.proof)
            proof = ev.proof->url;
    }
    if (proof.empty()) return std::optional<sdk::PodUpdate>();
    if (is_web_link(proof)) {
        update.proof_url = proof;
        return std::optional<sdk::PodUpdate>(std::move(update));
    }
    const std::string where = "packages[" + std::to_string(index) + "].proof_of_delivery.url";
    auto file = context_.evidence.order_file(where, proof);
    if (!file) return std::move(file).error();
    if (!*file) return sdk::Error{where + ": " + proof + ": neither a file nor an http(s) link"};
    std::string name = (*file)->filename().string();
    update.proof.push_back({name, (*file)->string(), media_type_of(name)});
    return std::optional<sdk::PodUpdate>(std::move(update));
}

void PodRemedy::count_existing(const RemedyRecord& record, SweepSummary& summary) const {
    switch (record.state) {
        case RemedyState::kApplied:
            ++summary.remedies_already;
            break;
        case RemedyState::kPending:
            ++summary.remedies_pending;  // another sender holds it; settling the pending remedies finishes it
            break;
        case RemedyState::kRejected:
            ++summary.remedies_rejected;
            break;
    }
}

PodRemedy::Sent PodRemedy::send(sdk::MarketplacePlugin& plugin, const std::string& plugin_name,
                                const sdk::PodUpdate& update, const std::string& what,
                                SweepSummary& summary) {
    CaseStore& store = *context_.store;
    auto result = plugin.update_delivery_status(update);
    switch (result.kind) {
        case sdk::TicketingResult<sdk::PodReceipt>::Kind::kOk:
            if (auto s = store.mark_remedy_applied(update.key, result.value.proof_url, context_.wall()); !s)
                summary.error(what + ": applied but not recorded (settling finds it): " + s.message());
            return Sent::kApplied;
        case sdk::TicketingResult<sdk::PodReceipt>::Kind::kRejected:
            if (auto s = store.mark_remedy_rejected(update.key, result.message, context_.wall()); !s)
                summary.error(what + ": " + s.message());
            summary.error(what + ": " + plugin_name + " refused it: " + result.message);
            return Sent::kRejected;
        default: {
            std::string why = (result.message.empty() ? std::string("not found") : result.message) +
                              retry_text(result.retry_after);
            if (auto s = store.record_remedy_failure(update.key, why, context_.wall()); !s)
                summary.error(what + ": " + s.message());
            summary.error(what + ": " + plugin_name + ": " + why + "; stays PENDING, the next run sends it");
            return Sent::kRetry;
        }
    }
}

bool PodRemedy::apply(const OrderCase& order, const Decision& decision, const std::string& who,
                      SweepSummary& summary) {
    auto marketplace = context_.marketplaces.find(order.marketplace);
    if (marketplace == context_.marketplaces.end()) return true;  // no plugin applies it: a person does
    bool ok = true;
    for (const auto& package : decision.packages) {
        if (package.action != Action::kUpdateStatusWithPod) continue;
        const std::string what = who + ": remedy " + remedy_key(order, package.package);
        auto update = update_for(order, package);
        if (!update) {
            ++summary.remedy_errors;
            summary.error(what + ": " + update.error().message);
            ok = false;
            continue;
        }
        if (!*update) {
            ++summary.remedies_without_proof;  // the seller uploads the proof by hand
            continue;
        }
        if (context_.options.dry_run) {
            // A dry run reads the store when it has one, so a remedy already there is counted as it stands.
            auto existing = context_.store
                                ? context_.store->find_remedy((*update)->key)
                                : sdk::Result<std::optional<RemedyRecord>>(std::optional<RemedyRecord>());
            if (existing && *existing)
                count_existing(**existing, summary);
            else
                ++summary.remedies_would_apply;
            continue;
        }
        if (!marketplace->second) {
            ++summary.remedy_errors;
            summary.error(what + ": no marketplace plugin \"" + marketplace->first + "\" was prepared");
            ok = false;
            continue;
        }
        CaseStore& store = *context_.store;
        auto existing = store.find_remedy((*update)->key);
        if (!existing) {
            ++summary.remedy_errors;
            summary.error(what + ": " + existing.error().message);
            ok = false;
            continue;
        }
        if (*existing) {
            count_existing(**existing, summary);
            continue;
        }
        // PENDING first: whoever writes the row sends; a crash after this is settled by the next run.
        auto begun = store.begin_remedy(**update, marketplace->first, context_.wall());
        if (!begun) {
            ++summary.remedy_errors;
            summary.error(what + ": " + begun.error().message);
            ok = false;
            continue;
        }
        if (!begun->created) {
            count_existing(begun->record, summary);
            continue;
        }
        switch (send(*marketplace->second, marketplace->first, **update, what, summary)) {
            case Sent::kApplied:
                ++summary.remedies_applied;
                break;
            case Sent::kRejected:
                ++summary.remedies_rejected;
                break;
            case Sent::kRetry:
                ++summary.remedies_pending;
                ok = false;
                break;
        }
    }
    return ok;
}

}  // namespace unstuck::core
