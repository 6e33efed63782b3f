#pragma once
// Private: one thread's share of a sweep: its own reader, cases, decision, tracker, filer and counts.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sweep/dispute_filer.hpp"
#include "sweep/sweep_context.hpp"
#include "tracking/order_tracker.hpp"
#include "util/json_lines_reader.hpp"

namespace unstuck::core {

class SweepWorker {
  public:
    explicit SweepWorker(SweepContext& context);

    //! Reads, claims (unless a dry run), tracks, decides, records and files a batch of lines.
    void process_batch(const LineBatch& batch);
    //! The same for one document; with `padded` the kOrderReaderPadding bytes after it are readable.
    void process_line(std::string_view json, std::uint64_t line, bool padded);

    //! This worker's counts.
    SweepSummary summary;

  private:
    // Tracks, decides, records and files one parsed order; `json` is its document as given.
    void act(OrderCase& order, std::string_view json, std::uint64_t line);
    void flush();

    SweepContext& context_;
    OrderReader reader_;
    OrderTracker tracker_;
    DisputeFiler filer_;
    Decision decision_;
    std::vector<OrderCase> cases_;  // a batch's parsed orders, storage reused
    std::vector<DecisionRecord> records_;
};

}  // namespace unstuck::core
