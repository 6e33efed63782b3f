// Tracking-number detection throughput: every carrier's detector (the code inside the plugins) over a mixed
// list of 100,000 numbers generated here from a fixed seed (UPS 1Z, FedEx, USPS, DHL and noise), in numbers
// per second on one core; and the same with each number's JSON line written, as `unstuck detect --json -`
// does. `detect_bench --write-numbers=FILE` writes the list, one number a line, for the end-to-end run.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "carriers/dhl/detector.hpp"
#include "carriers/fedex/detector.hpp"
#include "carriers/ups/detector.hpp"
#include "carriers/usps/detector.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace {

using Detect = std::vector<unstuck::sdk::CarrierClaim> (*)(std::string_view);

constexpr Detect kDetectors[] = {&unstuck::carriers::ups::detect, &unstuck::carriers::fedex::detect,
                                 &unstuck::carriers::usps::detect, &unstuck::carriers::dhl::detect};

constexpr std::size_t kCount = 100000;
constexpr std::uint64_t kSeed = 20261204;

// Deterministic everywhere: the engine's output is specified, and no distribution (whose algorithm is the
// library's own) is used.
class Draw {
  public:
    std::uint64_t below(std::uint64_t n) { return engine_() % n; }
    char digit() { return static_cast<char>('0' + below(10)); }
    char upper() { return static_cast<char>('A' + below(26)); }
    char alnum() { return below(36) < 10 ? digit() : upper(); }
    std::string digits(std::size_t n) {
        std::string s;
        for (std::size_t i = 0; i < n; ++i) s += digit();
        return s;
    }

  private:
    std::mt19937_64 engine_{kSeed};
};

// The last digit that `detect` calls valid, so the list agrees with the detectors by construction.
std::string with_valid_check_digit(std::string body, Detect detect) {
    for (char d = '0'; d <= '9'; ++d) {
        std::string n = body + d;
        for (const auto& c : detect(n))
            if (c.check_digit == unstuck::sdk::CheckDigit::kValid) return n;
    }
    return body + '0';
}

std::string make_number(Draw& draw) {
    const std::uint64_t kind = draw.below(100);
    std::string n;
    if (kind < 25) {  // UPS 1Z: 6-character account, 2-digit service, 7-digit reference
        n = "1Z";
        for (int i = 0; i < 6; ++i) n += draw.alnum();
        n += draw.digits(9);
        n = with_valid_check_digit(n, &unstuck::carriers::ups::detect);
    } else if (kind < 35) {  // FedEx Express, 12 digits
        n = with_valid_check_digit(draw.digits(11), &unstuck::carriers::fedex::detect);
    } else if (kind < 42) {  // FedEx Ground 96, 22 digits
        n = with_valid_check_digit("96" + draw.digits(19), &unstuck::carriers::fedex::detect);
    } else if (kind < 62) {  // USPS IMpb, 22 digits
        n = with_valid_check_digit("94" + draw.digits(19), &unstuck::carriers::usps::detect);
    } else if (kind < 72) {  // DHL Express, 10 digits
        n = with_valid_check_digit(draw.digits(9), &unstuck::carriers::dhl::detect);
    } else if (kind < 78) {  // DHL Express piece
        n = "JJD" + draw.digits(10);
    } else if (kind < 84) {  // DHL eCommerce
        n = "GM" + draw.digits(16);
    } else if (kind < 90) {  // a typo: a valid-looking number with its last digit changed
        n = with_valid_check_digit("1Z" + draw.digits(15), &unstuck::carriers::ups::detect);
        n.back() = static_cast<char>('0' + (n.back() - '0' + 1) % 10);
    } else if (kind < 95) {  // an order id
        n = "ORDER-" + draw.digits(6);
    } else {  // noise of any length
        const std::size_t len = 1 + draw.below(30);
        for (std::size_t i = 0; i < len; ++i) n += draw.alnum();
    }
    if (draw.below(20) == 0) {  // as people paste them: lowercase, or spaces between groups
        if (n.size() > 8) n.insert(4, " ");
        for (char& c : n)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return n;
}

const std::vector<std::string>& numbers() {
    static const std::vector<std::string> list = [] {
        Draw draw;
        std::vector<std::string> out;
        out.reserve(kCount);
        for (std::size_t i = 0; i < kCount; ++i) out.push_back(make_number(draw));
        return out;
    }();
    return list;
}

void BM_DetectAll(benchmark::State& state) {
    const auto& list = numbers();
    std::size_t claims = 0, valid = 0;
    for (auto _ : state) {
        claims = valid = 0;
        for (const auto& n : list) {
            for (Detect detect : kDetectors) {
                auto found = detect(n);
                claims += found.size();
                for (const auto& c : found) valid += c.check_digit == unstuck::sdk::CheckDigit::kValid;
                benchmark::DoNotOptimize(found);
            }
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * list.size()));
    state.counters["claims"] = static_cast<double>(claims);
    state.counters["valid"] = static_cast<double>(valid);
}

// As the host writes `--json` lines: {"number": ..., "claims": [...]} into one buffer, emptied as it grows.
void BM_DetectToJsonLines(benchmark::State& state) {
    const auto& list = numbers();
    std::string out;
    out.reserve(300 * 1024);
    std::size_t bytes = 0;
    for (auto _ : state) {
        for (const auto& n : list) {
            out += "{\"number\":";
            unstuck::sdk::append_json_string(out, n);
            out += ",\"claims\":[";
            bool first = true;
            for (Detect detect : kDetectors) {
                for (const auto& c : detect(n)) {
                    if (!first) out += ',';
                    first = false;
                    out += "{\"carrier\":";
                    unstuck::sdk::append_json_string(out, c.carrier);
                    out += ",\"service\":";
                    unstuck::sdk::append_json_string(out, c.service);
                    out += ",\"check_digit\":\"";
                    out += unstuck::sdk::to_string(c.check_digit);
                    out += "\"}";
                }
            }
            out += "]}\n";
            if (out.size() >= 256 * 1024) {
                bytes += out.size();
                benchmark::DoNotOptimize(out.data());
                out.clear();
            }
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * list.size()));
    state.counters["json_bytes_per_number"] =
        static_cast<double>(bytes + out.size()) / static_cast<double>(state.iterations() * list.size());
}

// One carrier's detector alone, to see which costs what.
void BM_DetectOne(benchmark::State& state, Detect detect) {
    const auto& list = numbers();
    for (auto _ : state)
        for (const auto& n : list) benchmark::DoNotOptimize(detect(n));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * list.size()));
}

}  // namespace

BENCHMARK(BM_DetectAll)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DetectToJsonLines)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DetectOne, ups, &unstuck::carriers::ups::detect)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DetectOne, fedex, &unstuck::carriers::fedex::detect)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DetectOne, usps, &unstuck::carriers::usps::detect)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DetectOne, dhl, &unstuck::carriers::dhl::detect)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
    constexpr std::string_view kWrite = "--write-numbers=";
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (!arg.starts_with(kWrite)) continue;
        std::string file(arg.substr(kWrite.size()));
        std::ofstream out(file, std::ios::binary);
        for (const auto& n : numbers()) out << n << '\n';
        out.close();
        if (!out) {
            std::cerr << "detect_bench: cannot write " << file << '\n';
            return 1;
        }
        std::cerr << "detect_bench: wrote " << numbers().size() << " numbers to " << file << '\n';
        return 0;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
