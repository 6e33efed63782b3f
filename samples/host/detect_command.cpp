// `unstuck detect NUMBER...`: every carrier and service whose format claims each number, and what its
// check digit says (valid, invalid or absent). `--file FILE` or `-` reads the numbers one a line, as many as
// a seller exports, and with `--json` writes one JSON line per number as it goes. Exit 0 when every number
// was examined (claimed or not); 2 on bad input (a line that cannot be a number: the others are still
// examined); 1 when the input or output failed midway.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "number_lines.hpp"
#include "unstuck/core/plugin/plugin_json.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::host {
namespace {

struct DetectArgs {
    std::vector<std::string> numbers;
    std::string file;
    bool json = false;
};

struct Detection {
    std::string number;
    std::vector<sdk::CarrierClaim> claims;
};

using Carriers = std::vector<std::shared_ptr<sdk::CarrierPlugin>>;

int fail(std::string_view message, int code) {
    std::cerr << "unstuck detect: " << message << '\n';
    return code;
}

Carriers load_carriers(HostContext& context) {
    auto& plugins = context.plugins();
    Carriers carriers;
    for (const auto& name : plugins.names("carrier")) {
        auto carrier = plugins.carrier(name);
        if (carrier)
            carriers.push_back(*carrier);
        else
            std::cerr << "unstuck detect: skipping " << carrier.error().message << '\n';
    }
    return carriers;
}

Detection detect_one(const Carriers& carriers, std::string_view number) {
    Detection d{std::string(number), {}};
    for (const auto& carrier : carriers) {
        auto claims = carrier->detect(number);
        d.claims.insert(d.claims.end(), claims.begin(), claims.end());
    }
    return d;
}

void print_json(const std::vector<Detection>& detections) {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_array();
    for (const auto& d : detections) {
        w.begin_object();
        w.field("number", d.number);
        w.key("claims").begin_array();
        for (const auto& c : d.claims) core::write_claim(w, c);
        w.end_array();
        w.end_object();
    }
    w.end_array();
    std::cout << out << '\n';
}

// The table's verdict: an invalid check digit is the one to notice.
std::string_view check_digit_column(sdk::CheckDigit verdict) {
    return verdict == sdk::CheckDigit::kInvalid ? "INVALID" : sdk::to_string(verdict);
}

void print_table(const std::vector<Detection>& detections) {
    std::size_t number_w = 6, carrier_w = 7, service_w = 7;
    for (const auto& d : detections) {
        number_w = std::max(number_w, d.number.size());
        for (const auto& c : d.claims) {
            carrier_w = std::max(carrier_w, c.carrier.size());
            service_w = std::max(service_w, c.service.size());
        }
    }
    std::cout << fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", "NUMBER", number_w, "CARRIER", carrier_w,
                             "SERVICE", service_w, "CHECK DIGIT");
    for (const auto& d : detections) {
        if (d.claims.empty())
            std::cout << fmt::format("{:<{}}  {}\n", d.number, number_w, "no carrier claims this number");
        for (const auto& c : d.claims)
            std::cout << fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", d.number, number_w, c.carrier, carrier_w,
                                     c.service, service_w, check_digit_column(c.check_digit));
    }
}

// Standard output through one buffer, written with write(2) in large pieces.
class LineOutput {
  public:
    static constexpr std::size_t kFlushAt = 256 * 1024;

    LineOutput() { buffer_.reserve(kFlushAt + 4096); }
    std::string& buffer() noexcept { return buffer_; }
    //! Writes the buffer once it is large; false when standard output failed.
    bool maybe_flush() { return buffer_.size() < kFlushAt || flush(); }
    bool flush() {
        std::size_t done = 0;
        while (done < buffer_.size()) {
            const ssize_t n = ::write(STDOUT_FILENO, buffer_.data() + done, buffer_.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                error_ = std::strerror(errno);
                buffer_.clear();
                return false;
            }
            done += static_cast<std::size_t>(n);
        }
        buffer_.clear();
        return true;
    }
    const std::string& error() const noexcept { return error_; }

  private:
    std::string buffer_;
    std::string error_;
};

// One JSON line: {"number": ..., "claims": [...]}, the objects `--json` writes for numbers given as
// arguments.
void append_json_line(std::string& out, std::string_view number, const Carriers& carriers) {
    out += "{\"number\":";
    sdk::append_json_string(out, number);
    out += ",\"claims\":[";
    bool first = true;
    for (const auto& carrier : carriers) {
        for (const sdk::CarrierClaim& c : carrier->detect(number)) {
            if (!first) out += ',';
            first = false;
            out += "{\"carrier\":";
            sdk::append_json_string(out, c.carrier);
            out += ",\"service\":";
            sdk::append_json_string(out, c.service);
            out += ",\"check_digit\":\"";
            out += sdk::to_string(c.check_digit);
            out += "\"}";
        }
    }
    out += "]}\n";
}

// `--file FILE` or `-`: every line examined, bad lines reported on standard error one line each.
int detect_lines(HostContext& context, const DetectArgs& args) {
    const bool from_stdin = args.file.empty() || args.file == "-";
    const std::string where = from_stdin ? std::string("stdin") : args.file;
    int fd = STDIN_FILENO;
    if (!from_stdin) {
        fd = ::open(args.file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return fail("--file: cannot read \"" + args.file + "\": " + std::strerror(errno), kExitBadInput);
    }
    const Carriers carriers = load_carriers(context);

    NumberLineReader reader(fd);
    NumberLine line;
    std::size_t bad = 0;
    int code = kExitOk;
    if (args.json) {
        std::cout.flush();
        LineOutput output;
        while (reader.next(line)) {
            if (!line.error.empty()) {
                ++bad;
                std::cerr << "unstuck detect: " << where << ':' << line.line << ": not a tracking number ("
                          << line.error << ")\n";
                continue;
            }
            append_json_line(output.buffer(), line.number, carriers);
            if (!output.maybe_flush()) break;
        }
        if (output.error().empty()) output.flush();
        if (!output.error().empty())
            code = fail("cannot write standard output: " + output.error(), kExitFailure);
    } else {
        std::vector<Detection> detections;
        while (reader.next(line)) {
            if (!line.error.empty()) {
                ++bad;
                std::cerr << "unstuck detect: " << where << ':' << line.line << ": not a tracking number ("
                          << line.error << ")\n";
                continue;
            }
            detections.push_back(detect_one(carriers, line.number));
        }
        print_table(detections);
    }
    if (!from_stdin) ::close(fd);
    if (!reader.io_error().empty()) return fail(where + ": " + reader.io_error(), kExitFailure);
    if (code != kExitOk) return code;
    return bad > 0 ? kExitBadInput : kExitOk;
}

int run_detect(HostContext& context, DetectArgs& args) {
    const bool dash = args.numbers.size() == 1 && args.numbers.front() == "-";
    if (!args.file.empty() && !args.numbers.empty())
        return fail("give tracking numbers, --file FILE or -, not both", kExitBadInput);
    if (args.file.empty() && args.numbers.empty())
        return fail("give tracking numbers, --file FILE or - (standard input)", kExitBadInput);
    if (!dash && args.numbers.size() > 1)
        for (const auto& n : args.numbers)
            if (n == "-") return fail("- (standard input) cannot be mixed with numbers", kExitBadInput);
    if (!args.file.empty() || dash) return detect_lines(context, args);

    const Carriers carriers = load_carriers(context);
    std::vector<Detection> detections;
    for (const auto& number : args.numbers) detections.push_back(detect_one(carriers, number));
    if (args.json)
        print_json(detections);
    else
        print_table(detections);
    return kExitOk;
}

}  // namespace

void register_detect_command(CLI::App& app, HostContext& context) {
    auto* cmd = app.add_subcommand("detect",
                                   "which carriers and services claim each tracking number, with "
                                   "check-digit verdict (valid, invalid or absent)");
    auto args = std::make_shared<DetectArgs>();
    cmd->add_option("numbers", args->numbers,
                    "tracking numbers; - reads them from standard input, one a line");
    cmd->add_option("--file", args->file, "read the numbers from FILE, one a line (blank lines skipped)");
    cmd->add_flag("--json", args->json,
                  "print JSON for machines: an array for numbers given as arguments, one line per number "
                  "for --file and -");
    cmd->callback([&context, args] { context.exit_code = run_detect(context, *args); });
}

}  // namespace unstuck::host
