#include "support/jira_emulator.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <sstream>

namespace unstuck::test {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string basic(const std::string& credentials) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << credentials;
    encoder.close();
    return "Basic " + out.str();
}

std::string stringify(const Poco::Dynamic::Var& v) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(v, out);
    return out.str();
}

LoopbackResponse json(int status, const std::string& body) {
    LoopbackResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json;charset=UTF-8"}};
    r.body = body;
    return r;
}

// The service desk API's error document.
LoopbackResponse sd_error(int status, const std::string& message) {
    Object::Ptr i18n = new Object;
    i18n->set("i18nKey", "sd.error");
    i18n->set("parameters", Array::Ptr(new Array));
    Object::Ptr o = new Object;
    o->set("errorMessage", message);
    o->set("i18nErrorMessage", i18n);
    return json(status, stringify(o));
}

// The platform API's error document.
LoopbackResponse platform_error(int status, const std::string& message) {
    Object::Ptr o = new Object;
    Array::Ptr messages = new Array;
    messages->add(message);
    o->set("errorMessages", messages);
    o->set("errors", Object::Ptr(new Object));
    return json(status, stringify(o));
}

std::string query_value(const std::string& uri, const std::string& name) {
    for (const auto& [k, v] : Poco::URI(uri).getQueryParameters())
        if (k == name) return v;
    return {};
}

// Reads `labels = "value"` (with optional ORDER BY); empty when the query has another shape.
bool parse_label_jql(const std::string& jql, std::string& label) {
    std::string q = jql;
    if (auto order = q.find(" ORDER BY "); order != std::string::npos) q.resize(order);
    const std::string head = "labels = \"";
    if (q.rfind(head, 0) != 0 || q.size() < head.size() + 1 || q.back() != '"') return false;
    label.clear();
    for (std::size_t i = head.size(); i + 1 < q.size(); ++i) {
        if (q[i] == '\\' && i + 2 < q.size())
            ++i;
        else if (q[i] == '"')
            return false;
        label += q[i];
    }
    return true;
}

struct Part {
    std::string name, filename, content_type, bytes;
};

// Splits a multipart/form-data body into its parts.
std::vector<Part> parse_multipart(const std::string& content_type, const std::string& body) {
    std::vector<Part> parts;
    auto b = content_type.find("boundary=");
    if (b == std::string::npos) return parts;
    std::string boundary = "--" + content_type.substr(b + 9);
    std::size_t pos = body.find(boundary);
    while (pos != std::string::npos) {
        pos += boundary.size();
        if (body.compare(pos, 2, "--") == 0) break;
        pos += 2;  // CRLF
        auto head_end = body.find("\r\n\r\n", pos);
        auto next = body.find("\r\n" + boundary, pos);
        if (head_end == std::string::npos || next == std::string::npos) break;
        Part part;
        std::string head = body.substr(pos, head_end - pos);
        auto attr = [&](const std::string& key) {
            auto k = head.find(key + "=\"");
            if (k == std::string::npos) return std::string();
            auto start = k + key.size() + 2;
            return head.substr(start, head.find('"', start) - start);
        };
        part.name = attr("name");
        part.filename = attr("filename");
        if (auto ct = head.find("Content-Type: "); ct != std::string::npos)
            part.content_type = head.substr(ct + 14, head.find("\r\n", ct) - ct - 14);
        part.bytes = body.substr(head_end + 4, next - head_end - 4);
        parts.push_back(std::move(part));
        pos = body.find(boundary, next + 2);
    }
    return parts;
}

}  // namespace

JiraEmulator::JiraEmulator(std::string email, std::string api_token, std::string service_desk_id,
                           std::set<std::string> request_type_ids)
    : authorization_(basic(email + ":" + api_token)),
      service_desk_id_(std::move(service_desk_id)),
      request_type_ids_(std::move(request_type_ids)),
      server_([this](const LoopbackRequest& r) { return handle(r); }) {}

void JiraEmulator::inject(EmulatorFault fault) {
    std::lock_guard lock(mutex_);
    faults_.push_back(std::move(fault));
}

void JiraEmulator::set_status(const std::string& issue_key, const std::string& status,
                              const std::string& category) {
    std::lock_guard lock(mutex_);
    Request* r = find(issue_key);
    if (!r) throw std::invalid_argument("no request " + issue_key);
    r->status = status;
    r->status_category = category;
}

std::string JiraEmulator::seed_request(const std::string& label) {
    std::lock_guard lock(mutex_);
    Request r;
    r.issue_id = std::to_string(107001 + requests_.size());
    r.issue_key = "HELP-" + std::to_string(requests_.size() + 1);
    r.service_desk_id = service_desk_id_;
    r.summary = "raised by another host";
    r.labels = {label};
    requests_.push_back(r);
    return r.issue_key;
}

std::vector<JiraEmulator::Request> JiraEmulator::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::size_t JiraEmulator::pending_temporary_files() const {
    std::lock_guard lock(mutex_);
    return temporary_.size();
}

JiraEmulator::Request* JiraEmulator::find(const std::string& id_or_key) {
    for (auto& r : requests_)
        if (r.issue_key == id_or_key || r.issue_id == id_or_key) return &r;
    return nullptr;
}

std::string JiraEmulator::request_json(const Request& r) const {
    Object::Ptr date = new Object;
    date->set("iso8601", "2024-07-16T20:00:00+0000");
    date->set("epochMillis", static_cast<std::int64_t>(1721160000000));
    Object::Ptr status = new Object;
    status->set("status", r.status);
    status->set("statusCategory", r.status_category);
    status->set("statusDate", date);
    Array::Ptr values = new Array;
    for (const auto& [id, label, value] :
         {std::tuple{"summary", "Summary", r.summary}, {"description", "Description", r.description}}) {
        Object::Ptr v = new Object;
        v->set("fieldId", id);
        v->set("label", label);
        v->set("value", value);
        values->add(v);
    }
    Object::Ptr links = new Object;
    links->set("web", base_url() + "/servicedesk/customer/portal/1/" + r.issue_key);
    links->set("self", base_url() + "/rest/servicedeskapi/request/" + r.issue_id);
    Object::Ptr o = new Object;
    o->set("issueId", r.issue_id);
    o->set("issueKey", r.issue_key);
    o->set("requestTypeId", r.request_type_id);
    o->set("serviceDeskId", r.service_desk_id);
    o->set("createdDate", date);
    o->set("requestFieldValues", values);
    o->set("currentStatus", status);
    o->set("_links", links);
    return stringify(o);
}

LoopbackResponse JiraEmulator::handle(const LoopbackRequest& request) {
    if (request.header("Authorization").value_or("") != authorization_)
        return platform_error(
            401, "You are not authenticated. Authentication required to perform this operation.");

    std::optional<EmulatorFault> fault;
    {
        std::lock_guard lock(mutex_);
        fault = take_fault(faults_, request);
    }
    if (fault && !fault->after_handling) return fault_response(*fault);

    LoopbackResponse answer;
    const std::string path = request.path();
    const std::string sd_prefix = "/rest/servicedeskapi/servicedesk/";
    const std::string request_prefix = "/rest/servicedeskapi/request/";
    if (request.method == "POST" && path == "/rest/servicedeskapi/request") {
        answer = create_request(request);
    } else if (request.method == "GET" &&
               (path == "/rest/api/3/search/jql" || path == "/rest/api/2/search")) {
        answer = search(request, path == "/rest/api/3/search/jql");
    } else if (request.method == "POST" && path.rfind(sd_prefix, 0) == 0 &&
               path.size() > sd_prefix.size() + 20 &&
               path.compare(path.size() - 20, 20, "/attachTemporaryFile") == 0) {
        std::string desk = path.substr(sd_prefix.size(), path.size() - sd_prefix.size() - 20);
        answer = desk == service_desk_id_ ? upload_temporary(request)
                                          : sd_error(404, "The service desk does not exist: " + desk);
    } else if (path.rfind(request_prefix, 0) == 0) {
        std::string rest = path.substr(request_prefix.size());
        std::string id = rest.substr(0, rest.find('/'));
        std::string sub = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/'));
        std::lock_guard lock(mutex_);
        Request* r = find(id);
        if (!r) {
            answer = sd_error(
                404, "The request " + id + " does not exist or you do not have permission to see it.");
        } else if (sub.empty() && request.method == "GET") {
            answer = json(200, request_json(*r));
        } else if (sub == "/attachment" && request.method == "POST") {
            answer = attach(*r, request);
        } else if (sub == "/attachment" && request.method == "GET") {
            answer = list_attachments(*r, request);
        } else {
            answer = sd_error(404, "No such resource");
        }
    } else {
        answer = platform_error(404, "No such resource: " + path);
    }
    return fault ? fault_response(*fault) : answer;
}

LoopbackResponse JiraEmulator::create_request(const LoopbackRequest& request) {
    Object::Ptr in;
    try {
        in = Poco::JSON::Parser().parse(request.body).extract<Object::Ptr>();
    } catch (const std::exception&) {
        return sd_error(400, "Unrecognized JSON");
    }
    std::string desk = in->optValue<std::string>("serviceDeskId", "");
    std::string type = in->optValue<std::string>("requestTypeId", "");
    if (desk != service_desk_id_) return sd_error(404, "The service desk does not exist: " + desk);
    if (!request_type_ids_.count(type))
        return sd_error(400, "The request type you specified does not exist or is not accessible: " + type);
    Object::Ptr fields = in->getObject("requestFieldValues");
    if (!fields || fields->optValue<std::string>("summary", "").empty())
        return sd_error(
            400,
            "Your request could not be created. Please check the fields have been correctly filled "
            "in. Summary is required.");
    std::lock_guard lock(mutex_);
    Request r;
    r.issue_id = std::to_string(107001 + requests_.size());
    r.issue_key = "HELP-" + std::to_string(requests_.size() + 1);
    r.service_desk_id = desk;
    r.request_type_id = type;
    r.summary = fields->optValue<std::string>("summary", "");
    r.description = fields->optValue<std::string>("description", "");
    if (auto labels = fields->getArray("labels"))
        for (std::size_t i = 0; i < labels->size(); ++i)
            r.labels.push_back(labels->getElement<std::string>(i));
    requests_.push_back(r);
    return json(201, request_json(r));
}

LoopbackResponse JiraEmulator::search(const LoopbackRequest& request, bool v3) const {
    std::string jql = query_value(request.uri, "jql");
    std::string label;
    if (!parse_label_jql(jql, label))
        return platform_error(400,
                              "Error in the JQL Query: the emulator reads only labels = \"...\": " + jql);
    std::lock_guard lock(mutex_);
    Array::Ptr issues = new Array;
    for (const auto& r : requests_) {
        if (std::find(r.labels.begin(), r.labels.end(), label) == r.labels.end()) continue;
        Object::Ptr issue = new Object;
        issue->set("id", r.issue_id);
        issue->set("key", r.issue_key);
        issue->set("self", base_url() + "/rest/api/3/issue/" + r.issue_id);
        Object::Ptr f = new Object;
        f->set("created", "2024-07-16T20:00:00.000+0000");
        issue->set("fields", f);
        issues->add(issue);
    }
    Object::Ptr o = new Object;
    if (v3) {
        o->set("issues", issues);
        o->set("isLast", true);
    } else {
        o->set("startAt", 0);
        o->set("maxResults", 50);
        o->set("total", static_cast<int>(issues->size()));
        o->set("issues", issues);
    }
    return json(200, stringify(o));
}

LoopbackResponse JiraEmulator::upload_temporary(const LoopbackRequest& request) {
    if (request.header("X-Atlassian-Token").value_or("") != "no-check")
        return platform_error(403, "XSRF check failed");
    auto parts = parse_multipart(request.header("Content-Type").value_or(""), request.body);
    std::lock_guard lock(mutex_);
    Array::Ptr out = new Array;
    for (const auto& p : parts) {
        if (p.name != "file") continue;
        std::string id = "temp" + std::to_string(next_temporary_++);
        temporary_[id] = {p.filename, p.content_type, p.bytes, false};
        Object::Ptr t = new Object;
        t->set("temporaryAttachmentId", id);
        t->set("fileName", p.filename);
        out->add(t);
    }
    if (out->size() == 0) return sd_error(400, "No file part named 'file' in the upload");
    Object::Ptr o = new Object;
    o->set("temporaryAttachments", out);
    return json(201, stringify(o));
}

LoopbackResponse JiraEmulator::attach(Request& r, const LoopbackRequest& request) {
    // Called with the mutex held.
    Object::Ptr in;
    try {
        in = Poco::JSON::Parser().parse(request.body).extract<Object::Ptr>();
    } catch (const std::exception&) {
        return sd_error(400, "Unrecognized JSON");
    }
    auto ids = in->getArray("temporaryAttachmentIds");
    if (!ids || ids->size() == 0) return sd_error(400, "temporaryAttachmentIds is required");
    if (!in->has("public")) return sd_error(400, "public is required");
    bool is_public = in->getValue<bool>("public");
    std::vector<Attachment> added;
    for (std::size_t i = 0; i < ids->size(); ++i) {
        std::string id = ids->getElement<std::string>(i);
        auto it = temporary_.find(id);
        if (it == temporary_.end())
            return sd_error(400, "The temporary attachment " + id + " does not exist");
        added.push_back(it->second);
        added.back().is_public = is_public;
    }
    Array::Ptr values = new Array;
    for (std::size_t i = 0; i < ids->size(); ++i) temporary_.erase(ids->getElement<std::string>(i));
    for (const auto& a : added) {
        r.attachments.push_back(a);
        Object::Ptr v = new Object;
        v->set("filename", a.filename);
        v->set("size", static_cast<std::int64_t>(a.bytes.size()));
        v->set("mimeType", a.mime_type);
        values->add(v);
    }
    if (auto comment = in->getObject("additionalComment"))
        r.comments.push_back(comment->optValue<std::string>("body", ""));
    Object::Ptr attachments = new Object;
    attachments->set("size", static_cast<int>(values->size()));
    attachments->set("start", 0);
    attachments->set("limit", static_cast<int>(values->size()));
    attachments->set("isLastPage", true);
    attachments->set("values", values);
    Object::Ptr o = new Object;
    Object::Ptr comment = new Object;
    comment->set("body", r.comments.empty() ? std::string() : r.comments.back());
    comment->set("public", is_public);
    o->set("comment", comment);
    o->set("attachments", attachments);
    return json(201, stringify(o));
}

LoopbackResponse JiraEmulator::list_attachments(const Request& r, const LoopbackRequest& request) const {
    // Called with the mutex held. Pages of at most two, so a client must follow isLastPage.
    std::size_t start = 0;
    try {
        std::string s = query_value(request.uri, "start");
        if (!s.empty()) start = std::stoul(s);
    } catch (...) {
    }
    const std::size_t limit = 2;
    Array::Ptr values = new Array;
    for (std::size_t i = start; i < r.attachments.size() && i < start + limit; ++i) {
        Object::Ptr v = new Object;
        v->set("filename", r.attachments[i].filename);
        v->set("size", static_cast<std::int64_t>(r.attachments[i].bytes.size()));
        v->set("mimeType", r.attachments[i].mime_type);
        values->add(v);
    }
    Object::Ptr o = new Object;
    o->set("size", static_cast<int>(values->size()));
    o->set("start", static_cast<int>(start));
    o->set("limit", static_cast<int>(limit));
    o->set("isLastPage", start + limit >= r.attachments.size());
    o->set("values", values);
    return json(200, stringify(o));
}

}  // namespace unstuck::test
