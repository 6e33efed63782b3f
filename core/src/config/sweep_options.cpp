#include "unstuck/core/config/sweep_options.hpp"

#include "util/json_fields.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

Result<SweepOptions> SweepOptions::from_config(const HostConfig& config) {
    SweepOptions settings;
    settings.evidence_dir = (config.base_dir / "evidence").lexically_normal();
    if (!config.document || !config.document->has("sweep") || config.document->isNull("sweep"))
        return settings;
    auto sweep = config.document->getObject("sweep");
    if (!sweep) return Error{"sweep: expected an object"};
    JsonFields f(*sweep, "sweep");
    if (auto s = f.only({"concurrency", "batch_size", "evidence_dir", "carrier_plugins", "detect"}); !s)
        return Error{s.message()};

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
    if (!evidence->empty()) {
        std::filesystem::path path(*evidence);
        settings.evidence_dir = (path.is_absolute() ? path : config.base_dir / path).lexically_normal();
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
    return settings;
}

}  // namespace unstuck::core
