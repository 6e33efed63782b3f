// unstuck_sweep_options_init, unstuck_sweep_open, unstuck_sweep_close.
#include <cstring>

#include "api_error.hpp"
#include "sweep_state.hpp"
#include "unstuck/sdk/time.hpp"

using namespace unstuck;
using namespace unstuck::capi;

namespace unstuck::capi {

HandleRegistry<unstuck_sweep, SweepState>& sweeps() {
    // Never destroyed: a handle left open at exit must not be torn down after the plugins' libraries.
    static auto* registry = new HandleRegistry<unstuck_sweep, SweepState>();
    return *registry;
}

}  // namespace unstuck::capi

namespace {

void require_size(std::size_t struct_size, const char* name) {
    if (struct_size < sizeof(unstuck_sweep_options))
        throw ApiError{UNSTUCK_EINVALID, std::string(name) + ": struct_size " + std::to_string(struct_size) +
                                             " is smaller than " +
                                             std::to_string(sizeof(unstuck_sweep_options)) +
                                             " (call unstuck_sweep_options_init)"};
}

}  // namespace

extern "C" int unstuck_sweep_options_init(unstuck_sweep_options* opts, size_t struct_size) {
    return guarded("unstuck_sweep_options_init", [&] {
        require(opts, "opts");
        require_size(struct_size, "opts");
        std::memset(opts, 0, struct_size);
        opts->struct_size = struct_size;
        return succeed();
    });
}

extern "C" int unstuck_sweep_open(unstuck_sweep** out, unstuck_host* host,
                                  const unstuck_sweep_options* opts) {
    return guarded("unstuck_sweep_open", [&] {
        require(out, "out");
        *out = nullptr;
        auto state = std::make_shared<SweepState>();
        unstuck_sweep_options& o = state->options;
        unstuck_sweep_options_init(&o, sizeof o);
        if (opts) {
            require_size(opts->struct_size, "opts");
            std::memcpy(&o, opts, sizeof o);  // a newer caller's appended fields are not known here
            o.struct_size = sizeof o;
        }
        if (o.concurrency < 0)
            throw ApiError{UNSTUCK_EINVALID, "opts.concurrency: " + std::to_string(o.concurrency) +
                                                 " is negative (0 means the config's)"};
        core::SweepRunOptions run;
        run.dry_run = o.dry_run != 0;
        run.concurrency = static_cast<unsigned>(o.concurrency);
        if (o.now) {
            require_utf8(o.now, "opts.now");
            auto now = sdk::parse_timestamp(o.now);
            if (!now) throw ApiError{UNSTUCK_EINVALID, "opts.now: " + now.error().message};
            run.now = *now;
            state->now_text = o.now;
            o.now = state->now_text.c_str();
        }
        state->host = hosts().get(host, "host");
        run.order_files_dir = state->host->config().base_dir;
        auto opened = core::open_sweep(state->host->config(), state->host->plugins(), std::move(run));
        if (!opened)
            throw ApiError{opened.error().kind == core::SweepOpenError::Kind::kFailure ? UNSTUCK_ESTORE
                                                                                       : UNSTUCK_ECONFIG,
                           opened.error().message};
        state->open = std::move(*opened);
        const unsigned configured = state->host->config().sweep.concurrency;
        state->workers = o.concurrency > 0 ? static_cast<unsigned>(o.concurrency) : std::max(1u, configured);
        *out = sweeps().add(std::move(state));
        return succeed();
    });
}

extern "C" int unstuck_sweep_close(unstuck_sweep* sweep) {
    return guarded("unstuck_sweep_close", [&] {
        if (!sweep) return succeed();
        auto state = sweeps().remove(sweep, "sweep");
        state.reset();  // a run in progress holds it; the run's end destroys it then
        return succeed();
    });
}
