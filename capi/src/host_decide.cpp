// unstuck_decide, unstuck_check_batch: the policy's decisions, offline.
#include <string>

#include "api_error.hpp"
#include "host_state.hpp"

using namespace unstuck;
using namespace unstuck::capi;

namespace {

// The reader names fields as `packages[0].at: ...`; the API names them from the document's root, `$.`.
std::string json_path_message(const std::string& message) {
    const auto colon = message.find(": ");
    const auto space = message.find(' ');
    if (colon == std::string::npos || colon == 0 || space < colon) return message;
    return "$." + message;
}

}  // namespace

extern "C" int unstuck_decide(unstuck_host* host, const char* order_json, char** out_json) {
    return guarded("unstuck_decide", [&] {
        require(out_json, "out_json");
        require_utf8(order_json, "order_json");
        auto state = hosts().get(host, "host");
        std::string out;
        if (auto status = state->decide(order_json, out); !status)
            throw ApiError{UNSTUCK_EJSON, "order_json: " + json_path_message(status.message())};
        *out_json = give(out);
        return succeed();
    });
}

extern "C" int unstuck_check_batch(unstuck_host* host, const char* orders_jsonl, char** out_jsonl) {
    return guarded("unstuck_check_batch", [&] {
        require(out_jsonl, "out_jsonl");
        require_utf8(orders_jsonl, "orders_jsonl");
        auto state = hosts().get(host, "host");
        // The answers go into a buffer this thread keeps between calls: after the first batch, growing it
        // costs no copies and no page faults, which otherwise took most of a batch's time. Only the copy
        // handed to the caller is new memory. A buffer grown past 16 MiB is let go, so memory stays bounded.
        thread_local std::string answers;
        answers.clear();
        state->check_lines(orders_jsonl, answers);
        *out_jsonl = give(answers);
        if (answers.capacity() > (std::size_t{16} << 20)) std::string().swap(answers);
        return succeed();
    });
}
