#include "unstuck/core/store/pod_update_json.hpp"

#include "disputes/evidence_file_json.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "util/json_fields.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

std::string to_json(const sdk::PodUpdate& update) {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object();
    w.field("key", update.key);
    w.field("marketplace", update.marketplace);
    w.field("shop_id", update.shop_id);
    w.field("order_id", update.order_id);
    w.field("package_id", update.package_id);
    w.field("tracking_number", update.tracking_number);
    w.field("delivered_at", sdk::format_utc(update.delivered_at));
    w.key("proof");
    write_evidence_files(w, update.proof);
    w.field("proof_url", update.proof_url);
    w.end_object();
    return out;
}

Result<sdk::PodUpdate> parse_pod_update(std::string_view json) {
    auto root = parse_json_object(json, "update");
    if (!root) return std::move(root).error();
    JsonFields f(**root, "update");
    sdk::PodUpdate u;
    std::string delivered;
    if (auto s = f.strings({{"key", &u.key},
                            {"marketplace", &u.marketplace},
                            {"shop_id", &u.shop_id},
                            {"order_id", &u.order_id},
                            {"package_id", &u.package_id},
                            {"tracking_number", &u.tracking_number},
                            {"proof_url", &u.proof_url},
                            {"delivered_at", &delivered}});
        !s)
        return Error{s.message()};
    if (u.key.empty()) return Error{"update.key: missing"};
    auto at = sdk::parse_timestamp(delivered);
    if (!at) return Error{"update.delivered_at: " + at.error().message};
    u.delivered_at = *at;
    if (auto proof = read_evidence_files(f, "proof", u.proof); !proof) return Error{proof.message()};
    return u;
}

}  // namespace unstuck::core
