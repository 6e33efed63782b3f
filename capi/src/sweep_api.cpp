// unstuck_sweep_run_file, unstuck_sweep_run_lines.
#include <filesystem>
#include <fstream>

#include "api_error.hpp"
#include "sweep_state.hpp"

using namespace unstuck;
using namespace unstuck::capi;

extern "C" int unstuck_sweep_run_file(unstuck_sweep* sweep, const char* orders_path,
                                      char** out_summary_json) {
    return guarded("unstuck_sweep_run_file", [&] {
        require(out_summary_json, "out_summary_json");
        require_utf8(orders_path, "orders_path");
        auto state = sweeps().get(sweep, "sweep");
        std::error_code ec;
        if (!std::filesystem::is_regular_file(orders_path, ec))
            throw ApiError{UNSTUCK_ENOTFOUND,
                           std::string("orders_path: no such file \"") + orders_path + "\""};
        std::ifstream in(orders_path, std::ios::binary);
        if (!in) throw ApiError{UNSTUCK_EIO, std::string("orders_path: cannot read \"") + orders_path + "\""};
        bool read_error = false;
        LineFeed feed = [&](std::string& line) {
            if (std::getline(in, line)) return 1;
            read_error = in.bad();
            return 0;
        };
        int rc = run_sweep(*state, feed, out_summary_json);
        if (read_error) {
            unstuck_free(*out_summary_json);
            *out_summary_json = nullptr;
            throw ApiError{UNSTUCK_EIO, std::string("orders_path: reading \"") + orders_path + "\" failed"};
        }
        return rc;
    });
}

extern "C" int unstuck_sweep_run_lines(unstuck_sweep* sweep, unstuck_line_source source, void* source_ctx,
                                       char** out_summary_json) {
    return guarded("unstuck_sweep_run_lines", [&] {
        require(out_summary_json, "out_summary_json");
        require(reinterpret_cast<const void*>(source), "source");
        auto state = sweeps().get(sweep, "sweep");
        LineFeed feed = [&](std::string& line) {
            const char* text = nullptr;
            std::size_t len = 0;
            int r = source(source_ctx, &text, &len);
            if (r > 0) {
                if (!text && len > 0) return -1;
                if (text) line.assign(text, len);
                return 1;
            }
            return r < 0 ? -1 : 0;
        };
        return run_sweep(*state, feed, out_summary_json);
    });
}
