#include "unstuck/core/disputes/dispute_request_json.hpp"

#include "disputes/evidence_file_json.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "util/json_fields.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

std::string to_json(const sdk::DisputeRequest& request) {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object();
    w.field("key", request.key);
    w.field("code", request.code);
    w.key("path").begin_array();
    for (const auto& step : request.path) w.value(step);
    w.end_array();
    w.field("marketplace", request.marketplace);
    w.field("shop_id", request.shop_id);
    w.field("order_id", request.order_id);
    w.key("packages").begin_array();
    for (const auto& p : request.packages) {
        w.begin_object();
        w.field("package_id", p.package_id);
        w.field("tracking_number", p.tracking_number);
        w.field("carrier", p.carrier);
        w.end_object();
    }
    w.end_array();
    w.key("files");
    write_evidence_files(w, request.files);
    w.key("facts").begin_array();
    for (const auto& f : request.facts) {
        w.begin_object();
        w.field("kind", f.kind);
        w.field("value", f.value);
        w.end_object();
    }
    w.end_array();
    w.field("explanation", request.explanation);
    w.end_object();
    return out;
}

Result<sdk::DisputeRequest> parse_dispute_request(std::string_view json) {
    auto root = parse_json_object(json, "dispute request");
    if (!root) return std::move(root).error();
    JsonFields f(**root, "request");
    sdk::DisputeRequest r;
    if (auto s = f.strings({{"key", &r.key},
                            {"code", &r.code},
                            {"marketplace", &r.marketplace},
                            {"shop_id", &r.shop_id},
                            {"order_id", &r.order_id},
                            {"explanation", &r.explanation}});
        !s)
        return Error{s.message()};
    if (r.key.empty()) return Error{"request.key: missing"};
    auto path = f.string_list("path");
    if (!path) return std::move(path).error();
    r.path = std::move(*path);
    auto packages = f.each_object("packages", [&](const JsonFields& p) -> sdk::Status {
        sdk::DisputePackage package;
        if (auto s = p.strings({{"package_id", &package.package_id},
                                {"tracking_number", &package.tracking_number},
                                {"carrier", &package.carrier}});
            !s)
            return s;
        r.packages.push_back(std::move(package));
        return {};
    });
    if (!packages) return Error{packages.message()};
    if (auto files = read_evidence_files(f, "files", r.files); !files) return Error{files.message()};
    auto facts = f.each_object("facts", [&](const JsonFields& p) -> sdk::Status {
        sdk::EvidenceFact fact;
        if (auto s = p.strings({{"kind", &fact.kind}, {"value", &fact.value}}); !s) return s;
        r.facts.push_back(std::move(fact));
        return {};
    });
    if (!facts) return Error{facts.message()};
    return r;
}

}  // namespace unstuck::core
