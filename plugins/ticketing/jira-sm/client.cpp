#include "ticketing/jira-sm/client.hpp"

#include <algorithm>
#include <cctype>

#include <simdjson.h>

#include "ticketing/common/dispute_text.hpp"
#include "ticketing/common/encoding.hpp"
#include "ticketing/common/files.hpp"
#include "ticketing/common/http_outcome.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::ticketing::jira_sm {
namespace {

constexpr std::string_view kBackend = "jira-sm";
// Jira's summary field holds at most 255 characters.
constexpr std::size_t kMaxSummary = 255;

// Jira's error documents: `{"errorMessage": "...", "i18nErrorMessage": {...}}` (service desk API) or
// `{"errorMessages": ["..."], "errors": {"field": "..."}}` (platform API).
std::string error_detail(std::string_view body) {
    simdjson::dom::parser parser;
    auto root = parse_json(parser, body);
    if (!root) return std::string(body.substr(0, 200));
    std::string out = string_at(*root, "/errorMessage");
    simdjson::dom::array messages;
    if (!(*root)["errorMessages"].get_array().get(messages)) {
        for (auto m : messages) {
            std::string_view s;
            if (!m.get_string().get(s)) out += (out.empty() ? "" : "; ") + std::string(s);
        }
    }
    simdjson::dom::object errors;
    if (!(*root)["errors"].get_object().get(errors)) {
        for (auto field : errors) {
            std::string_view s;
            if (!field.value.get_string().get(s))
                out += (out.empty() ? "" : "; ") + std::string(field.key) + ": " + std::string(s);
        }
    }
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// A JQL string literal: double quotes, with quotes and backslashes escaped.
std::string jql_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

template <typename T, typename U>
sdk::TicketingResult<T> pass_on(const sdk::TicketingResult<U>& r) {
    return r.kind == sdk::TicketingResult<U>::Kind::kRetry
               ? sdk::TicketingResult<T>::retry(r.message, r.retry_after)
               : sdk::TicketingResult<T>::rejected(r.message);
}

}  // namespace

Client::Client(Config config, sdk::Http& http, sdk::Logger* log)
    : config_(std::move(config)),
      http_(http),
      log_(log),
      auth_(basic_auth(config_.email, config_.api_token)) {}

std::string Client::label(std::string_view key) {
    std::string out(key);
    for (char& c : out)
        if (std::isspace(static_cast<unsigned char>(c))) c = '_';
    return out;
}

sdk::HttpRequest Client::request(std::string method, std::string path) const {
    sdk::HttpRequest r;
    r.method = std::move(method);
    r.url = config_.base_url + path;
    r.headers = {{"Authorization", auth_}, {"Accept", "application/json"}};
    return r;
}

sdk::RemoteTicket Client::remote(const std::string& issue_key) const {
    return {issue_key, config_.base_url + "/browse/" + issue_key};
}

std::string Client::request_json(const sdk::DisputeRequest& request) const {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object();
    w.field("serviceDeskId", config_.service_desk_id);
    w.field("requestTypeId", config_.request_types.at(request.code));
    w.key("requestFieldValues").begin_object();
    std::string summary = subject(request);
    if (summary.size() > kMaxSummary) summary.resize(kMaxSummary);
    w.field("summary", summary);
    w.field("description", ticket_body(request));
    w.key("labels").begin_array();
    std::vector<std::string> labels = config_.labels;
    labels.push_back(label(request.key));
    for (const auto& l : labels) w.value(l);
    w.end_array();
    w.end_object();
    w.end_object();
    return out;
}

sdk::FileResult Client::file(const sdk::DisputeRequest& request) {
    if (request.key.empty()) return sdk::FileResult::rejected("jira-sm: the dispute has no key");
    if (config_.request_types.find(request.code) == config_.request_types.end())
        return sdk::FileResult::rejected("jira-sm: no request type configured for path code '" +
                                         request.code + "'");

    auto contents = read_files(request.files);
    if (!contents) return sdk::FileResult::rejected("jira-sm: " + contents.error().message);

    sdk::RemoteTicket ticket;
    std::vector<std::string> present;
    bool created = false;
    auto existing = find(request.key);
    if (existing.kind == sdk::FindResult::Kind::kOk) {
        ticket = existing.value;
        if (!request.files.empty()) {
            auto names = attached_names(ticket.id);
            if (names.kind != decltype(names)::Kind::kOk) return pass_on<sdk::RemoteTicket>(names);
            present = std::move(names.value);
        }
    } else if (existing.kind != sdk::FindResult::Kind::kNotFound) {
        return existing;
    } else {
        auto req = this->request("POST", "/rest/servicedeskapi/request");
        req.headers.emplace_back("Content-Type", "application/json");
        req.body = request_json(request);
        req.idempotent = false;  // no idempotency key: a blind repeat could raise a second request
        std::string action = "raising the request for " + request.key;
        auto res = exchange(http_, req, kBackend, action, error_detail);
        if (!res) return res.error().as<sdk::RemoteTicket>();
        simdjson::dom::parser parser;
        auto root = parse_json(parser, res->body);
        std::string issue_key = root ? string_at(*root, "/issueKey") : std::string();
        if (issue_key.empty())
            return sdk::FileResult::rejected("jira-sm: " + action + ": no issueKey in the answer");
        ticket = remote(issue_key);
        created = true;
        if (log_) log_->info("dispute " + request.key + " raised as " + issue_key);
    }

    std::vector<Loaded> missing;
    for (std::size_t i = 0; i < request.files.size(); ++i) {
        const auto& f = request.files[i];
        if (std::find(present.begin(), present.end(), f.name) == present.end())
            missing.push_back({&f, std::move((*contents)[i])});
    }
    if (!missing.empty()) {
        std::string comment = "Evidence for dispute " + request.key + ":";
        for (const auto& m : missing) comment += " " + m.file->name;
        auto attached = attach_files(ticket.id, missing, comment);
        if (attached.kind != decltype(attached)::Kind::kOk) {
            std::string why =
                "jira-sm: request " + ticket.id + " is raised but its evidence is not attached yet: ";
            return attached.kind == decltype(attached)::Kind::kRetry
                       ? sdk::FileResult::retry(why + attached.message, attached.retry_after)
                       : sdk::FileResult::rejected(why + attached.message);
        }
        if (log_)
            log_->info("attached " + std::to_string(missing.size()) + " evidence file(s) to " + ticket.id);
    } else if (!created && log_) {
        log_->info("dispute " + request.key + " already raised as " + ticket.id);
    }
    return sdk::FileResult::ok(ticket);
}

sdk::FindResult Client::find(std::string_view key) {
    std::string jql = "labels = " + jql_string(label(key)) + " ORDER BY created ASC";
    auto req =
        request("GET", config_.search_path + "?jql=" + url_encode(jql) + "&fields=created&maxResults=10");
    std::string action = "searching for label " + label(key);
    auto res = exchange(http_, req, kBackend, action, error_detail);
    if (!res) return res.error().as<sdk::RemoteTicket>();
    simdjson::dom::parser parser;
    auto root = parse_json(parser, res->body);
    simdjson::dom::array issues;
    if (!root || (*root)["issues"].get_array().get(issues))
        return sdk::FindResult::rejected("jira-sm: " + action + ": no issue list in the answer");
    for (auto issue : issues) {
        std::string id = scalar_at(issue, "/key");
        if (id.empty()) id = scalar_at(issue, "/id");
        if (!id.empty()) return sdk::FindResult::ok(remote(id));
    }
    return sdk::FindResult::not_found();
}

sdk::StateResult Client::state(const sdk::RemoteTicket& ticket) {
    auto req = request("GET", "/rest/servicedeskapi/request/" + url_encode(ticket.id));
    std::string action = "reading request " + ticket.id;
    auto res = exchange(http_, req, kBackend, action, error_detail);
    if (!res) return res.error().as<sdk::TicketState>();
    simdjson::dom::parser parser;
    auto root = parse_json(parser, res->body);
    if (!root) return sdk::StateResult::rejected("jira-sm: " + action + ": the answer is not JSON");
    std::string status = string_at(*root, "/currentStatus/status");
    std::string category = string_at(*root, "/currentStatus/statusCategory");
    if (auto it = config_.status_map.find(lower(status)); it != config_.status_map.end())
        return sdk::StateResult::ok(it->second);
    if (category == "NEW" || category == "UNDEFINED") return sdk::StateResult::ok(sdk::TicketState::kOpen);
    if (category == "INDETERMINATE") return sdk::StateResult::ok(sdk::TicketState::kPending);
    if (category == "DONE") {
        std::string s = lower(status);
        bool closed = s == "closed" || s == "canceled" || s == "cancelled" || s == "declined";
        return sdk::StateResult::ok(closed ? sdk::TicketState::kClosed : sdk::TicketState::kSolved);
    }
    return sdk::StateResult::rejected("jira-sm: " + action + ": unknown status category '" + category +
                                      "' (status '" + status + "')");
}

sdk::AttachResult Client::attach(const sdk::RemoteTicket& ticket, const sdk::EvidenceFile& file) {
    auto bytes = read_file(file.path);
    if (!bytes) return sdk::AttachResult::rejected("jira-sm: " + bytes.error().message);
    std::vector<Loaded> one;
    one.push_back({&file, std::move(*bytes)});
    auto r = attach_files(ticket.id, one, "Evidence added: " + file.name);
    if (r.kind != decltype(r)::Kind::kOk) return r;
    return sdk::AttachResult::ok(file.name);
}

sdk::TicketingResult<std::vector<std::string>> Client::attached_names(const std::string& issue_key) {
    using R = sdk::TicketingResult<std::vector<std::string>>;
    std::vector<std::string> names;
    for (std::int64_t start = 0;;) {
        auto req = request("GET", "/rest/servicedeskapi/request/" + url_encode(issue_key) +
                                      "/attachment?start=" + std::to_string(start) + "&limit=100");
        std::string action = "listing the attachments of " + issue_key;
        auto res = exchange(http_, req, kBackend, action, error_detail);
        if (!res) return res.error().as<std::vector<std::string>>();
        simdjson::dom::parser parser;
        auto root = parse_json(parser, res->body);
        simdjson::dom::array values;
        if (!root || (*root)["values"].get_array().get(values))
            return R::rejected("jira-sm: " + action + ": no attachment list in the answer");
        std::int64_t count = 0;
        for (auto v : values) {
            ++count;
            std::string_view name;
            if (!v["filename"].get_string().get(name)) names.emplace_back(name);
        }
        bool last = true;
        if ((*root)["isLastPage"].get_bool().get(last)) last = true;
        if (last || count == 0) break;
        start += count;
    }
    return R::ok(std::move(names));
}

sdk::TicketingResult<std::string> Client::upload_temporary(const Loaded& loaded) {
    using R = sdk::TicketingResult<std::string>;
    const sdk::EvidenceFile& file = *loaded.file;
    auto body = multipart({{"file", file.name, file.media_type, loaded.bytes}});
    auto req = request("POST", "/rest/servicedeskapi/servicedesk/" + url_encode(config_.service_desk_id) +
                                   "/attachTemporaryFile");
    req.headers.emplace_back("Content-Type", body.content_type);
    req.headers.emplace_back("X-Atlassian-Token", "no-check");
    req.headers.emplace_back("X-ExperimentalApi", "opt-in");
    req.body = std::move(body.body);
    req.idempotent = true;  // an unused temporary file expires on its own
    std::string action = "uploading " + file.name;
    auto res = exchange(http_, req, kBackend, action, error_detail);
    if (!res) return res.error().as<std::string>();
    simdjson::dom::parser parser;
    auto root = parse_json(parser, res->body);
    std::string id = root ? string_at(*root, "/temporaryAttachments/0/temporaryAttachmentId") : std::string();
    if (id.empty()) return R::rejected("jira-sm: " + action + ": no temporaryAttachmentId in the answer");
    return R::ok(std::move(id));
}

sdk::TicketingResult<std::string> Client::attach_files(const std::string& issue_key,
                                                       const std::vector<Loaded>& files,
                                                       const std::string& comment) {
    using R = sdk::TicketingResult<std::string>;
    std::vector<std::string> ids;
    for (const auto& f : files) {
        auto id = upload_temporary(f);
        if (id.kind != R::Kind::kOk) return id;
        ids.push_back(std::move(id.value));
    }
    std::string body;
    sdk::JsonWriter w(body);
    w.begin_object().key("temporaryAttachmentIds").begin_array();
    for (const auto& id : ids) w.value(id);
    w.end_array();
    w.field("public", config_.public_attachments);
    w.key("additionalComment").begin_object().field("body", comment).end_object();
    w.end_object();
    auto req = request("POST", "/rest/servicedeskapi/request/" + url_encode(issue_key) + "/attachment");
    req.headers.emplace_back("Content-Type", "application/json");
    req.headers.emplace_back("X-ExperimentalApi", "opt-in");
    req.body = std::move(body);
    req.idempotent = false;  // a repeat would attach the files twice
    std::string action = "attaching evidence to " + issue_key;
    auto res = exchange(http_, req, kBackend, action, error_detail);
    if (!res) return res.error().as<std::string>();
    return R::ok(issue_key);
}

}  // namespace unstuck::ticketing::jira_sm
