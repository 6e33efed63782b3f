#include "ticketing/zendesk/client.hpp"

#include <algorithm>
#include <cctype>

#include <simdjson.h>

#include "ticketing/common/dispute_text.hpp"
#include "ticketing/common/encoding.hpp"
#include "ticketing/common/files.hpp"
#include "ticketing/common/http_outcome.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::ticketing::zendesk {
namespace {

constexpr std::string_view kBackend = "zendesk";
// Zendesk stores at most this many characters of an Idempotency-Key.
constexpr std::size_t kMaxKeyLength = 255;

// Zendesk's error document: `{"error": "RecordInvalid", "description": "...", "details": {"field":
// [{...}]}}`, or `{"error": "Couldn't authenticate you"}`, or `{"error": {"title": ..., "message": ...}}`.
std::string error_detail(std::string_view body) {
    simdjson::dom::parser parser;
    auto root = parse_json(parser, body);
    if (!root) return std::string(body.substr(0, 200));
    std::string out = string_at(*root, "/error");
    if (out.empty()) {
        out = string_at(*root, "/error/title");
        if (auto m = string_at(*root, "/error/message"); !m.empty()) out += (out.empty() ? "" : ": ") + m;
    }
    if (auto d = string_at(*root, "/description"); !d.empty()) out += (out.empty() ? "" : ": ") + d;
    simdjson::dom::object details;
    if (!(*root)["details"].get_object().get(details)) {
        for (auto field : details) {
            simdjson::dom::array items;
            if (field.value.get_array().get(items)) continue;
            for (auto item : items) {
                std::string_view text;
                if (item["description"].get_string().get(text)) continue;
                out += "; " + std::string(field.key) + ": " + std::string(text);
            }
        }
    }
    return out;
}

std::string category_tag(const std::string& code) {
    return code.substr(0, code.find('.'));
}

std::string tag_of(std::string_view text) {
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        out += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
    }
    return out;
}

sdk::TicketState map_status(std::string_view status, bool& known) {
    known = true;
    if (status == "new" || status == "open") return sdk::TicketState::kOpen;
    if (status == "pending" || status == "hold") return sdk::TicketState::kPending;
    if (status == "solved") return sdk::TicketState::kSolved;
    if (status == "closed") return sdk::TicketState::kClosed;
    known = false;
    return sdk::TicketState::kOpen;
}

}  // namespace

Client::Client(Config config, sdk::Http& http, sdk::Logger* log)
    : config_(std::move(config)),
      http_(http),
      log_(log),
      auth_(basic_auth(config_.email + "/token", config_.api_token)) {}

sdk::HttpRequest Client::request(std::string method, std::string path) const {
    sdk::HttpRequest r;
    r.method = std::move(method);
    r.url = config_.base_url + path;
    r.headers = {{"Authorization", auth_}, {"Accept", "application/json"}};
    return r;
}

sdk::RemoteTicket Client::remote(const std::string& id) const {
    return {id, config_.base_url + "/agent/tickets/" + id};
}

std::string Client::ticket_json(const sdk::DisputeRequest& request,
                                const std::vector<std::string>& upload_tokens) const {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object().key("ticket").begin_object();
    w.field("subject", subject(request));
    w.key("comment").begin_object();
    w.field("body", ticket_body(request));
    w.field("public", false);
    if (!upload_tokens.empty()) {
        w.key("uploads").begin_array();
        for (const auto& t : upload_tokens) w.value(t);
        w.end_array();
    }
    w.end_object();
    w.field("external_id", request.key);
    std::vector<std::string> tags = config_.tags;
    for (std::string extra : {tag_of(request.marketplace.empty() ? "tiktok-shop" : request.marketplace),
                              category_tag(request.code)}) {
        if (!extra.empty() && std::find(tags.begin(), tags.end(), extra) == tags.end()) tags.push_back(extra);
    }
    w.key("tags").begin_array();
    for (const auto& t : tags) w.value(t);
    w.end_array();
    w.key("custom_fields").begin_array();
    w.begin_object()
        .field("id", config_.path_field_id)
        .field("value", config_.path_value(request.code))
        .end_object();
    if (config_.order_field_id > 0)
        w.begin_object().field("id", config_.order_field_id).field("value", request.order_id).end_object();
    w.end_array();
    if (!config_.priority.empty()) w.field("priority", config_.priority);
    if (!config_.ticket_type.empty()) w.field("type", config_.ticket_type);
    if (config_.group_id > 0) w.field("group_id", config_.group_id);
    w.end_object().end_object();
    return out;
}

sdk::TicketingResult<Client::Upload> Client::upload(const sdk::EvidenceFile& file, std::string bytes) {
    using R = sdk::TicketingResult<Upload>;
    auto req = request("POST", "/api/v2/uploads?filename=" + url_encode(file.name));
    req.headers.emplace_back(
        "Content-Type", file.media_type.empty() ? std::string("application/octet-stream") : file.media_type);
    req.body = std::move(bytes);
    req.idempotent = true;  // a repeated upload only leaves an unused token, which Zendesk deletes
    std::string action = "uploading " + file.name;
    auto res = exchange(http_, req, kBackend, action, error_detail);
    if (!res) return res.error().as<Upload>();
    simdjson::dom::parser parser;
    auto root = parse_json(parser, res->body);
    Upload up;
    if (root) {
        up.token = string_at(*root, "/upload/token");
        up.attachment_id = scalar_at(*root, "/upload/attachment/id");
    }
    if (up.token.empty())
        return R::rejected(std::string(kBackend) + ": " + action + ": no upload token in the answer");
    return R::ok(std::move(up));
}

sdk::FileResult Client::file(const sdk::DisputeRequest& request) {
    if (request.key.empty()) return sdk::FileResult::rejected("zendesk: the dispute has no key");
    if (request.key.size() > kMaxKeyLength)
        return sdk::FileResult::rejected("zendesk: dispute key longer than 255 characters: " + request.key);

    auto existing = find(request.key);
    if (existing.kind == sdk::FindResult::Kind::kOk) {
        if (log_) log_->info("dispute " + request.key + " already filed as ticket " + existing.value.id);
        return sdk::FileResult::ok(existing.value);
    }
    if (existing.kind != sdk::FindResult::Kind::kNotFound) return existing;

    auto contents = read_files(request.files);
    if (!contents) return sdk::FileResult::rejected("zendesk: " + contents.error().message);
    std::vector<std::string> tokens;
    for (std::size_t i = 0; i < request.files.size(); ++i) {
        auto up = upload(request.files[i], std::move((*contents)[i]));
        if (up.kind != decltype(up)::Kind::kOk) {
            return up.kind == decltype(up)::Kind::kRetry ? sdk::FileResult::retry(up.message, up.retry_after)
                                                         : sdk::FileResult::rejected(up.message);
        }
        tokens.push_back(up.value.token);
    }

    auto req = this->request("POST", "/api/v2/tickets");
    req.headers.emplace_back("Content-Type", "application/json");
    req.headers.emplace_back("Idempotency-Key", request.key);
    req.body = ticket_json(request, tokens);
    req.idempotent = true;  // the Idempotency-Key makes a repeat a replay of the first answer
    std::string action = "creating the ticket for " + request.key;
    auto res = http_.send(req);
    if (!res) return transport_failure(kBackend, action, res.error()).as<sdk::RemoteTicket>();

    if (res->status == 400 && res->body.find("IdempotentRequestError") != std::string::npos) {
        // The key was used with another body: another filer created the ticket between our lookup and now.
        auto found = find(request.key);
        if (found.kind == sdk::FindResult::Kind::kOk) {
            if (log_)
                log_->info("dispute " + request.key + " was filed concurrently as ticket " + found.value.id);
            return sdk::FileResult::ok(found.value);
        }
        if (found.kind != sdk::FindResult::Kind::kNotFound) return found;
        return sdk::FileResult::retry("zendesk: " + action +
                                      ": the idempotency key is in use but no ticket " +
                                      "carries it yet: " + error_detail(res->body));
    }
    if (!is_success(res->status))
        return response_failure(kBackend, action, *res, error_detail(res->body)).as<sdk::RemoteTicket>();

    simdjson::dom::parser parser;
    auto root = parse_json(parser, res->body);
    std::string id = root ? scalar_at(*root, "/ticket/id") : std::string();
    if (id.empty()) return sdk::FileResult::rejected("zendesk: " + action + ": no ticket id in the answer");
    bool replay = res->header("x-idempotency-lookup").value_or("") == "hit";
    if (log_)
        log_->info("dispute " + request.key + (replay ? " replayed as ticket " : " filed as ticket ") + id +
                   " with " + std::to_string(tokens.size()) + " attachment(s)");
    return sdk::FileResult::ok(remote(id));
}

sdk::FindResult Client::find(std::string_view key) {
    auto req = request("GET", "/api/v2/tickets?external_id=" + url_encode(key));
    std::string action = "looking up external id " + std::string(key);
    auto res = exchange(http_, req, kBackend, action, error_detail);
    if (!res) return res.error().as<sdk::RemoteTicket>();
    simdjson::dom::parser parser;
    auto root = parse_json(parser, res->body);
    simdjson::dom::array tickets;
    if (!root || (*root)["tickets"].get_array().get(tickets))
        return sdk::FindResult::rejected("zendesk: " + action + ": no ticket list in the answer");
    std::int64_t best = -1;
    for (auto t : tickets) {
        std::int64_t id = 0;
        std::string_view external;
        if (t["id"].get_int64().get(id) || t["external_id"].get_string().get(external)) continue;
        if (external != key) continue;  // the filter is exact; guard against a loose match anyway
        if (best < 0 || id < best) best = id;
    }
    if (best < 0) return sdk::FindResult::not_found();
    return sdk::FindResult::ok(remote(std::to_string(best)));
}

sdk::StateResult Client::state(const sdk::RemoteTicket& ticket) {
    auto req = request("GET", "/api/v2/tickets/" + url_encode(ticket.id));
    std::string action = "reading ticket " + ticket.id;
    auto res = exchange(http_, req, kBackend, action, error_detail);
    if (!res) return res.error().as<sdk::TicketState>();
    simdjson::dom::parser parser;
    auto root = parse_json(parser, res->body);
    std::string status = root ? string_at(*root, "/ticket/status") : std::string();
    bool known = false;
    auto mapped = map_status(status, known);
    if (!known) return sdk::StateResult::rejected("zendesk: " + action + ": unknown status '" + status + "'");
    return sdk::StateResult::ok(mapped);
}

sdk::AttachResult Client::attach(const sdk::RemoteTicket& ticket, const sdk::EvidenceFile& file) {
    auto bytes = read_file(file.path);
    if (!bytes) return sdk::AttachResult::rejected("zendesk: " + bytes.error().message);
    auto up = upload(file, std::move(*bytes));
    if (up.kind != decltype(up)::Kind::kOk) {
        return up.kind == decltype(up)::Kind::kRetry ? sdk::AttachResult::retry(up.message, up.retry_after)
                                                     : sdk::AttachResult::rejected(up.message);
    }
    std::string body;
    sdk::JsonWriter w(body);
    w.begin_object().key("ticket").begin_object().key("comment").begin_object();
    w.field("body", "Evidence added: " + file.name);
    w.field("public", false);
    w.key("uploads").begin_array().value(up.value.token).end_array();
    w.end_object().end_object().end_object();
    auto req = request("PUT", "/api/v2/tickets/" + url_encode(ticket.id));
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = std::move(body);
    req.idempotent = false;  // each update adds a comment
    std::string action = "attaching " + file.name + " to ticket " + ticket.id;
    auto res = exchange(http_, req, kBackend, action, error_detail);
    if (!res) return res.error().as<std::string>();
    return sdk::AttachResult::ok(up.value.attachment_id.empty() ? up.value.token : up.value.attachment_id);
}

}  // namespace unstuck::ticketing::zendesk
