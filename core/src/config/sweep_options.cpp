#include "unstuck/core/config/sweep_options.hpp"

#include "util/json_fields.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

std::vector<std::filesystem::path> SweepOptions::evidence_roots_for(
    const std::filesystem::path& orders_dir) const {
    if (!evidence_roots.empty()) return evidence_roots;
    std::vector<std::filesystem::path> roots{orders_dir};
    if (!config_dir.empty() && config_dir != orders_dir) roots.push_back(config_dir);
    return roots;
}

Result<SweepOptions> SweepOptions::from_json(const Poco::JSON::Object::Ptr& sweep,
                                             const std::filesystem::path& base_dir) {
    SweepOptions settings;
    settings.config_dir = base_dir;
    settings.evidence_dir = (base_dir / "evidence").lexically_normal();
    if (!sweep) return settings;
    JsonFields f(*sweep, "sweep");
    if (auto s = f.only({"concurrency", "batch_size", "evidence_dir", "evidence_roots", "carrier_plugins",
                         "detect", "aggregator", "marketplaces"});
        !s)
        return Error{s.message()};
    auto resolve = [&](const std::string& p) {
        std::filesystem::path path(p);
        return (path.is_absolute() ? path : base_dir / path).lexically_normal();
    };

    auto concurrency = f.integer("concurrency", settings.concurrency, 1);
    if (!concurrency) return std::move(concurrency).error();
    if (*concurrency > 1024) return Error{"sweep.concurrency: must be at most 1024"};
    settings.concurrency = static_cast<unsigned>(*concurrency);

    auto batch = f.integer("batch_size", settings.batch_size, 1);
    if (!batch) return std::move(batch).error();
    if (*batch > 100000) return Error{"sweep.batch_size: must be at most 100000"};
    settings.batch_size = static_cast<unsigned>(*batch);

    auto evidence = f.string("evidence_dir", "");
    if (!evidence) return std::move(evidence).error();
    if (!evidence->empty()) settings.evidence_dir = resolve(*evidence);

    if (sweep->has("evidence_roots") && !sweep->isNull("evidence_roots")) {
        auto roots = f.string_list("evidence_roots");
        if (!roots) return std::move(roots).error();
        if (roots->empty())
            return Error{
                "sweep.evidence_roots: expected at least one folder (leave the key out for the default)"};
        for (std::size_t i = 0; i < roots->size(); ++i) {
            if ((*roots)[i].empty())
                return Error{"sweep.evidence_roots[" + std::to_string(i) + "]: expected a folder"};
            settings.evidence_roots.push_back(resolve((*roots)[i]));
        }
    }

    auto plugins = f.object("carrier_plugins");
    if (!plugins) return std::move(plugins).error();
    if (*plugins) {
        for (const auto& [carrier, value] : **plugins) {
            if (!value.isString() || value.toString().empty())
                return Error{"sweep.carrier_plugins." + carrier + ": expected a carrier plugin name"};
            settings.carrier_plugins[carrier] = value.toString();
        }
    }

    auto detect = f.string_list("detect");
    if (!detect) return std::move(detect).error();
    for (std::size_t i = 0; i < detect->size(); ++i)
        if ((*detect)[i].empty())
            return Error{"sweep.detect[" + std::to_string(i) + "]: expected a carrier plugin name"};
    settings.detect = std::move(*detect);

    auto aggregator = f.string("aggregator", "");
    if (!aggregator) return std::move(aggregator).error();
    settings.aggregator = std::move(*aggregator);

    auto marketplaces = f.string_list("marketplaces");
    if (!marketplaces) return std::move(marketplaces).error();
    for (std::size_t i = 0; i < marketplaces->size(); ++i) {
        const std::string& name = (*marketplaces)[i];
        const std::string where = "sweep.marketplaces[" + std::to_string(i) + "]";
        if (name.empty()) return Error{where + ": expected a marketplace plugin name"};
        for (std::size_t j = 0; j < i; ++j)
            if ((*marketplaces)[j] == name) return Error{where + ": \"" + name + "\" is listed twice"};
    }
    settings.marketplaces = std::move(*marketplaces);
    return settings;
}

}  // namespace unstuck::core
