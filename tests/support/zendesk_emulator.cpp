#include "support/zendesk_emulator.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/URI.h>

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

LoopbackResponse json(int status, const Object::Ptr& body) {
    LoopbackResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.body = stringify(body);
    return r;
}

LoopbackResponse error(int status, const std::string& error, const std::string& description = "") {
    Object::Ptr o = new Object;
    o->set("error", error);
    if (!description.empty()) o->set("description", description);
    return json(status, o);
}

std::string query_value(const std::string& uri, const std::string& name) {
    for (const auto& [k, v] : Poco::URI(uri).getQueryParameters())
        if (k == name) return v;
    return {};
}

}  // namespace

std::optional<EmulatorFault> take_fault(std::vector<EmulatorFault>& faults, const LoopbackRequest& request) {
    for (auto& f : faults) {
        if (f.times > 0 && f.method == request.method && f.path == request.path()) {
            --f.times;
            return f;
        }
    }
    return std::nullopt;
}

LoopbackResponse fault_response(const EmulatorFault& fault) {
    LoopbackResponse r;
    r.status = fault.status;
    r.headers = fault.headers;
    r.body = fault.body;
    return r;
}

ZendeskEmulator::ZendeskEmulator(std::string email, std::string api_token, std::set<std::int64_t> field_ids)
    : authorization_(basic(email + "/token:" + api_token)),
      field_ids_(std::move(field_ids)),
      server_([this](const LoopbackRequest& r) { return handle(r); }) {}

void ZendeskEmulator::inject(EmulatorFault fault) {
    std::lock_guard lock(mutex_);
    faults_.push_back(std::move(fault));
}

void ZendeskEmulator::before_next_create(std::function<void(ZendeskEmulator&)> hook) {
    std::lock_guard lock(mutex_);
    before_create_ = std::move(hook);
}

std::int64_t ZendeskEmulator::seed_ticket(const std::string& external_id,
                                          const std::string& idempotency_key) {
    std::lock_guard lock(mutex_);
    Ticket t;
    t.id = next_ticket_++;
    t.external_id = external_id;
    t.subject = "filed by another host";
    t.comments.push_back({"filed by another host", false, {}});
    tickets_[t.id] = t;
    Object::Ptr body = new Object;
    body->set("ticket", Object::Ptr(new Object));
    idempotency_[idempotency_key] = {"{\"another\":\"body\"}", json(201, body)};
    return t.id;
}

void ZendeskEmulator::set_status(std::int64_t id, const std::string& status) {
    std::lock_guard lock(mutex_);
    tickets_.at(id).status = status;
}

std::vector<ZendeskEmulator::Ticket> ZendeskEmulator::tickets() const {
    std::lock_guard lock(mutex_);
    std::vector<Ticket> out;
    for (const auto& [id, t] : tickets_) out.push_back(t);
    return out;
}

std::optional<ZendeskEmulator::Upload> ZendeskEmulator::upload(const std::string& token) const {
    std::lock_guard lock(mutex_);
    auto it = uploads_.find(token);
    if (it == uploads_.end()) return std::nullopt;
    return it->second;
}

std::size_t ZendeskEmulator::upload_count() const {
    std::lock_guard lock(mutex_);
    return uploads_.size();
}

std::size_t ZendeskEmulator::create_calls() const {
    std::lock_guard lock(mutex_);
    return create_calls_;
}

std::size_t ZendeskEmulator::replays() const {
    std::lock_guard lock(mutex_);
    return replays_;
}

std::string ZendeskEmulator::ticket_json(const Ticket& t) const {
    Object::Ptr o = new Object;
    o->set("id", t.id);
    o->set("url", base_url() + "/api/v2/tickets/" + std::to_string(t.id) + ".json");
    o->set("external_id", t.external_id.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(t.external_id));
    o->set("subject", t.subject);
    o->set("status", t.status);
    o->set("priority", t.priority.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(t.priority));
    o->set("type", t.type.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(t.type));
    Array::Ptr tags = new Array;
    for (const auto& tag : t.tags) tags->add(tag);
    o->set("tags", tags);
    Array::Ptr fields = new Array;
    for (const auto& [id, value] : t.custom_fields) {
        Object::Ptr f = new Object;
        f->set("id", id);
        f->set("value", value);
        fields->add(f);
    }
    o->set("custom_fields", fields);
    return stringify(o);
}

LoopbackResponse ZendeskEmulator::handle(const LoopbackRequest& request) {
    if (request.header("Authorization").value_or("") != authorization_)
        return error(401, "Couldn't authenticate you");

    std::optional<EmulatorFault> fault;
    {
        std::lock_guard lock(mutex_);
        fault = take_fault(faults_, request);
    }
    if (fault && !fault->after_handling) return fault_response(*fault);

    LoopbackResponse answer;
    const std::string path = request.path();
    const std::string prefix = "/api/v2/tickets/";
    if (request.method == "POST" && path == "/api/v2/uploads") {
        answer = store_upload(request);
    } else if (request.method == "POST" && path == "/api/v2/tickets") {
        answer = create_ticket(request);
    } else if (request.method == "GET" && path == "/api/v2/tickets") {
        answer = list_tickets(request);
    } else if (path.rfind(prefix, 0) == 0) {
        std::string rest = path.substr(prefix.size());
        if (rest.size() > 5 && rest.substr(rest.size() - 5) == ".json") rest.resize(rest.size() - 5);
        std::int64_t id = 0;
        try {
            id = std::stoll(rest);
        } catch (...) {
            return error(404, "RecordNotFound", "Not found");
        }
        std::lock_guard lock(mutex_);
        auto it = tickets_.find(id);
        if (it == tickets_.end()) return error(404, "RecordNotFound", "Not found");
        if (request.method == "GET") {
            answer.status = 200;
            answer.headers = {{"Content-Type", "application/json; charset=utf-8"}};
            answer.body = "{\"ticket\":" + ticket_json(it->second) + "}";
        } else if (request.method == "PUT") {
            answer = update_ticket(id, request);
        } else {
            answer = error(405, "MethodNotAllowed");
        }
    } else {
        answer = error(404, "InvalidEndpoint", "Not found");
    }
    return fault ? fault_response(*fault) : answer;
}

LoopbackResponse ZendeskEmulator::store_upload(const LoopbackRequest& request) {
    std::string filename = query_value(request.uri, "filename");
    if (filename.empty()) return error(400, "InvalidValue", "filename is required");
    std::lock_guard lock(mutex_);
    Upload up;
    up.token = "tok" + std::to_string(uploads_.size() + 1) + "x" + std::to_string(next_attachment_);
    up.attachment_id = next_attachment_++;
    up.file_name = filename;
    up.content_type = request.header("Content-Type").value_or("application/binary");
    up.bytes = request.body;
    uploads_[up.token] = up;

    Object::Ptr attachment = new Object;
    attachment->set("id", up.attachment_id);
    attachment->set("file_name", up.file_name);
    attachment->set("content_url", base_url() + "/attachments/token/" + up.token + "/?name=" + up.file_name);
    attachment->set("content_type", up.content_type);
    attachment->set("size", static_cast<std::int64_t>(up.bytes.size()));
    Array::Ptr attachments = new Array;
    attachments->add(attachment);
    Object::Ptr upload = new Object;
    upload->set("token", up.token);
    upload->set("expires_at", "2024-07-16T21:00:00Z");
    upload->set("attachment", attachment);
    upload->set("attachments", attachments);
    Object::Ptr body = new Object;
    body->set("upload", upload);
    return json(201, body);
}

LoopbackResponse ZendeskEmulator::create_ticket(const LoopbackRequest& request) {
    std::function<void(ZendeskEmulator&)> hook;
    {
        std::lock_guard lock(mutex_);
        ++create_calls_;
        hook = std::move(before_create_);
        before_create_ = nullptr;
    }
    if (hook) hook(*this);

    std::lock_guard lock(mutex_);
    auto key = request.header("Idempotency-Key");
    if (key) {
        if (auto it = idempotency_.find(*key); it != idempotency_.end()) {
            if (it->second.body != request.body)
                return error(400, "IdempotentRequestError",
                             "Request parameters don't match the given idempotency key");
            ++replays_;
            LoopbackResponse replay = it->second.response;
            replay.headers.emplace_back("x-idempotency-lookup", "hit");
            return replay;
        }
    }

    Object::Ptr root;
    try {
        root = Poco::JSON::Parser().parse(request.body).extract<Object::Ptr>();
    } catch (const std::exception&) {
        return error(400, "Unprocessable Entity", "Server could not parse JSON");
    }
    Object::Ptr in = root ? root->getObject("ticket") : nullptr;
    if (!in) return error(400, "InvalidValue", "ticket is required");
    Object::Ptr comment = in->getObject("comment");
    Ticket t;
    Comment c;
    if (comment) {
        c.body = comment->optValue<std::string>("body", "");
        c.is_public = comment->optValue<bool>("public", true);
        if (auto uploads = comment->getArray("uploads"))
            for (std::size_t i = 0; i < uploads->size(); ++i)
                c.upload_tokens.push_back(uploads->getElement<std::string>(i));
    }
    Object::Ptr details = new Object;
    if (c.body.empty()) {
        Array::Ptr d = new Array;
        Object::Ptr e = new Object;
        e->set("description", "Description: cannot be blank");
        e->set("error", "BlankValue");
        d->add(e);
        details->set("description", d);
    }
    if (auto fields = in->getArray("custom_fields")) {
        for (std::size_t i = 0; i < fields->size(); ++i) {
            Object::Ptr f = fields->getObject(i);
            std::int64_t id = f ? f->optValue<std::int64_t>("id", 0) : 0;
            if (!field_ids_.count(id)) {
                Array::Ptr d = new Array;
                Object::Ptr e = new Object;
                e->set("description", "Custom field " + std::to_string(id) + " does not exist");
                e->set("error", "InvalidValue");
                d->add(e);
                details->set("base", d);
                continue;
            }
            t.custom_fields[id] = f->optValue<std::string>("value", "");
        }
    }
    if (details->size() > 0) {
        Object::Ptr o = new Object;
        o->set("error", "RecordInvalid");
        o->set("description", "Record validation errors");
        o->set("details", details);
        return json(422, o);
    }

    t.id = next_ticket_++;
    t.external_id = in->optValue<std::string>("external_id", "");
    t.subject = in->optValue<std::string>("subject", "");
    t.priority = in->optValue<std::string>("priority", "");
    t.type = in->optValue<std::string>("type", "");
    if (auto tags = in->getArray("tags"))
        for (std::size_t i = 0; i < tags->size(); ++i) t.tags.push_back(tags->getElement<std::string>(i));
    t.comments.push_back(c);
    tickets_[t.id] = t;

    LoopbackResponse created;
    created.status = 201;
    created.headers = {{"Content-Type", "application/json; charset=utf-8"},
                       {"Location", base_url() + "/api/v2/tickets/" + std::to_string(t.id) + ".json"}};
    created.body =
        "{\"ticket\":" + ticket_json(t) + ",\"audit\":{\"ticket_id\":" + std::to_string(t.id) + "}}";
    if (key) {
        idempotency_[*key] = {request.body, created};
        created.headers.emplace_back("x-idempotency-lookup", "miss");
    }
    return created;
}

LoopbackResponse ZendeskEmulator::update_ticket(std::int64_t id, const LoopbackRequest& request) {
    // Called with the mutex held.
    Object::Ptr root;
    try {
        root = Poco::JSON::Parser().parse(request.body).extract<Object::Ptr>();
    } catch (const std::exception&) {
        return error(400, "Unprocessable Entity", "Server could not parse JSON");
    }
    Object::Ptr in = root ? root->getObject("ticket") : nullptr;
    if (!in) return error(400, "InvalidValue", "ticket is required");
    Ticket& t = tickets_.at(id);
    if (Object::Ptr comment = in->getObject("comment")) {
        Comment c;
        c.body = comment->optValue<std::string>("body", "");
        c.is_public = comment->optValue<bool>("public", true);
        if (auto uploads = comment->getArray("uploads"))
            for (std::size_t i = 0; i < uploads->size(); ++i)
                c.upload_tokens.push_back(uploads->getElement<std::string>(i));
        t.comments.push_back(c);
    }
    LoopbackResponse r;
    r.status = 200;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.body = "{\"ticket\":" + ticket_json(t) + ",\"audit\":{\"ticket_id\":" + std::to_string(id) + "}}";
    return r;
}

LoopbackResponse ZendeskEmulator::list_tickets(const LoopbackRequest& request) const {
    std::string external_id = query_value(request.uri, "external_id");
    std::lock_guard lock(mutex_);
    std::string list;
    std::size_t count = 0;
    for (const auto& [id, t] : tickets_) {
        if (!external_id.empty() && t.external_id != external_id) continue;
        list += (count++ ? "," : "") + ticket_json(t);
    }
    LoopbackResponse r;
    r.status = 200;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.body = "{\"tickets\":[" + list +
             "],\"next_page\":null,\"previous_page\":null,\"count\":" + std::to_string(count) + "}";
    return r;
}

}  // namespace unstuck::test
