#pragma once
// Private: what an unstuck_sweep handle stands for: an opened sweep on a host, the caller's options and
// callbacks, and whether a run is in progress.

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "handle_registry.hpp"
#include "host_state.hpp"
#include "unstuck.h"
#include "unstuck/core/sweep/sweep_builder.hpp"

namespace unstuck::capi {

//! A sweep opened through the C API.
struct SweepState {
    std::shared_ptr<HostState> host;  //!< kept alive by the sweep, whatever happens to the host handle
    std::unique_ptr<core::OpenSweep> open;
    unstuck_sweep_options options{};  //!< the caller's, copied (`now` points into `now_text`)
    std::string now_text;
    unsigned workers = 1;  //!< threads that process orders
    std::atomic<bool> busy{false};

    //! Destroys the sweep before the host it uses.
    ~SweepState() { open.reset(); }
};

//! The live sweep handles.
HandleRegistry<unstuck_sweep, SweepState>& sweeps();

//! Gives the next line of a run: 1 and the line in `line` (any trailing newline is dropped), 0 at the end,
//! negative to abort.
using LineFeed = std::function<int(std::string& line)>;

//! Runs a sweep over the lines `feed` gives, calling the callbacks on this thread; writes the summary JSON.
int run_sweep(SweepState& sweep, const LineFeed& feed, char** out_summary_json);

}  // namespace unstuck::capi
