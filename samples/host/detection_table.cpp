// A detection table: tracking numbers and the claims the plugin's detect must make for each.
#include <simdjson.h>

#include <iostream>
#include <optional>

#include "plugin_checks.hpp"
#include "text_files.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/pretty_json.hpp"

namespace unstuck::host {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kPrefix = "unstuck test-plugin: ";

struct Claim {
    std::string carrier, service, check_digit;
    bool operator==(const Claim&) const = default;
};

struct Row {
    std::string number;
    std::vector<Claim> claims;
};

std::string describe(const std::vector<Claim>& claims) {
    std::string out = "[";
    for (const auto& c : claims)
        out += (out.size() > 1 ? ", " : "") + c.carrier + " " + c.service + " " + c.check_digit;
    return out + "]";
}

// One row, or a line naming the path of what is wrong in it.
std::optional<Row> read_row(simdjson::dom::element value, const std::string& where, std::string& error) {
    simdjson::dom::object obj;
    if (value.get(obj)) {
        error = where + ": expected an object with number and claims";
        return std::nullopt;
    }
    Row row;
    std::string_view number;
    if (obj["number"].get(number)) {
        error = where + ".number: expected a string";
        return std::nullopt;
    }
    row.number = std::string(number);
    simdjson::dom::array claims;
    if (obj["claims"].get(claims)) {
        error = where + ".claims: expected an array (empty when no claim)";
        return std::nullopt;
    }
    std::size_t i = 0;
    for (simdjson::dom::element c : claims) {
        std::string at = where + ".claims[" + std::to_string(i++) + "]";
        Claim claim;
        for (auto [key, into] : {std::pair{"carrier", &claim.carrier}, std::pair{"service", &claim.service},
                                 std::pair{"check_digit", &claim.check_digit}}) {
            std::string_view s;
            if (c[key].get(s)) {
                error = at + "." + key + ": expected a string";
                return std::nullopt;
            }
            *into = std::string(s);
        }
        if (!sdk::parse_check_digit(claim.check_digit)) {
            error = at + ".check_digit: \"" + claim.check_digit + "\" is not absent, valid or invalid";
            return std::nullopt;
        }
        row.claims.push_back(std::move(claim));
    }
    return row;
}

std::vector<Claim> detected(const sdk::CarrierPlugin& plugin, const std::string& number) {
    std::vector<Claim> out;
    for (const auto& c : plugin.detect(number))
        out.push_back({c.carrier, c.service, std::string(sdk::to_string(c.check_digit))});
    return out;
}

std::string render_table(const std::vector<Row>& rows) {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_array();
    for (const auto& row : rows) {
        w.begin_object().field("number", row.number).key("claims").begin_array();
        for (const auto& c : row.claims)
            w.begin_object()
                .field("carrier", c.carrier)
                .field("service", c.service)
                .field("check_digit", c.check_digit)
                .end_object();
        w.end_array().end_object();
    }
    w.end_array();
    return sdk::pretty_json(out) + '\n';
}

}  // namespace

int run_detection_table(const sdk::CarrierPlugin& plugin, const fs::path& table, const CheckRun& run) {
    std::string text;
    if (!read_text_file(table, text)) {
        std::cerr << kPrefix << table.string() << ": cannot read\n";
        return 2;
    }
    simdjson::dom::parser parser;
    simdjson::dom::array rows;
    if (auto err = parser.parse(text).get(rows)) {
        std::cerr << kPrefix << table.string() << ": $: expected an array of rows ("
                  << simdjson::error_message(err) << ")\n";
        return 2;
    }
    int exit_code = 0;
    std::size_t index = 0, matched = 0;
    std::vector<Row> rewritten;
    for (simdjson::dom::element value : rows) {
        std::string where = "$[" + std::to_string(index++) + "]";
        std::string error;
        auto row = read_row(value, where, error);
        if (!row) {
            std::cerr << kPrefix << table.string() << ": " << error << '\n';
            exit_code = 2;
            continue;
        }
        auto claims = detected(plugin, row->number);
        if (run.update) {
            rewritten.push_back({row->number, std::move(claims)});
            continue;
        }
        if (claims == row->claims) {
            ++matched;
            continue;
        }
        std::cerr << kPrefix << table.string() << ": " << where << ".claims: " << row->number << ": expected "
                  << describe(row->claims) << ", got " << describe(claims) << '\n';
        if (exit_code == 0) exit_code = 1;
    }
    if (run.update) {
        if (exit_code != 0) return exit_code;  // nothing half written: a bad row stops the rewrite
        if (!write_text_file_atomically(table, render_table(rewritten))) {
            std::cerr << kPrefix << table.string() << ": cannot write\n";
            return 1;
        }
        std::cout << "wrote " << table.string() << " (" << rewritten.size() << " numbers)\n";
        return 0;
    }
    std::cout << table.filename().string() << ": " << matched << " of " << index << " numbers as expected\n";
    if (exit_code == 1)
        std::cerr << kPrefix << "if the new claims are right, rewrite with: " << run.update_hint << '\n';
    return exit_code;
}

}  // namespace unstuck::host
