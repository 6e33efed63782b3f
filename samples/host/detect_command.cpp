// `unstuck detect NUMBER...`: every carrier and service whose format claims each number, and what its
// check digit says (valid, invalid or absent). Exit 0 when every number was examined (claimed or not); 2 on
// bad input.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "unstuck/core/plugin/plugin_json.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::host {
namespace {

struct Detection {
    std::string number;
    std::vector<sdk::CarrierClaim> claims;
};

std::vector<Detection> detect_all(HostContext& context, const std::vector<std::string>& numbers) {
    auto& plugins = context.plugins();
    std::vector<std::shared_ptr<sdk::CarrierPlugin>> carriers;
    for (const auto& name : plugins.names("carrier")) {
        auto carrier = plugins.carrier(name);
        if (carrier)
            carriers.push_back(*carrier);
        else
            std::cerr << "unstuck detect: skipping " << carrier.error().message << '\n';
    }
    std::vector<Detection> out;
    for (const auto& number : numbers) {
        Detection d{number, {}};
        for (const auto& carrier : carriers) {
            auto claims = carrier->detect(number);
            d.claims.insert(d.claims.end(), claims.begin(), claims.end());
        }
        out.push_back(std::move(d));
    }
    return out;
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

}  // namespace

void register_detect_command(CLI::App& app, HostContext& context) {
    auto* cmd = app.add_subcommand("detect",
                                   "which carriers and services claim each tracking number, with "
                                   "check-digit verdict (valid, invalid or absent)");
    auto numbers = std::make_shared<std::vector<std::string>>();
    auto json = std::make_shared<bool>(false);
    cmd->add_option("numbers", *numbers, "tracking numbers")->required();
    cmd->add_flag("--json", *json, "print JSON for machines");
    cmd->callback([&context, numbers, json] {
        auto detections = detect_all(context, *numbers);
        if (*json)
            print_json(detections);
        else
            print_table(detections);
        context.exit_code = kExitOk;
    });
}

}  // namespace unstuck::host
