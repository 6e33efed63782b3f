#include "unstuck/core/config/serve_options.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "unstuck/kit/signature.hpp"
#include "util/json_fields.hpp"

extern char** environ;

namespace unstuck::core {

using sdk::Error;
using sdk::Result;
using sdk::Status;

namespace {

bool is_hex64(const std::string& s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
           });
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Applies a list of scope names to a token; errors name `what`.
Status set_scopes(ServeToken& token, const std::vector<std::string>& scopes, const std::string& what) {
    token.read = false;
    token.write = false;
    for (std::size_t i = 0; i < scopes.size(); ++i) {
        if (scopes[i] == "read") {
            token.read = true;
        } else if (scopes[i] == "write") {
            token.write = true;
        } else {
            return Error{what + "[" + std::to_string(i) + "]: unknown scope \"" + scopes[i] +
                         "\" (read or write)"};
        }
    }
    if (!token.read && !token.write) return Error{what + ": expected at least one scope (read, write)"};
    return {};
}

Result<unsigned> bounded(const JsonFields& f, const std::string& key, unsigned fallback, std::int64_t min,
                         std::int64_t max) {
    auto v = f.integer(key, fallback, min);
    if (!v) return std::move(v).error();
    if (*v > max) return Error{f.path(key) + ": must be at most " + std::to_string(max)};
    return static_cast<unsigned>(*v);
}

}  // namespace

Status ServeOptions::set_listen(const std::string& listen, const std::string& what) {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size())
        return Error{what + ": expected HOST:PORT, e.g. 127.0.0.1:8080"};
    std::string h = listen.substr(0, colon);
    if (h.front() == '[') {
        if (h.back() != ']' || h.size() < 3) return Error{what + ": expected [IPv6]:PORT"};
        h = h.substr(1, h.size() - 2);
    }
    const std::string p = listen.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
    if (ec != std::errc() || end != p.data() + p.size() || value > 65535)
        return Error{what + ": the port must be a number from 0 to 65535"};
    host = std::move(h);
    port = static_cast<std::uint16_t>(value);
    return {};
}

std::string ServeOptions::listen() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Status ServeOptions::add_environment_tokens(const std::map<std::string, std::string>& environment) {
    static const std::string kToken = "UNSTUCK_SERVE_TOKEN_";
    static const std::string kScopes = "UNSTUCK_SERVE_SCOPES_";
    for (const auto& [variable, value] : environment) {
        if (variable.rfind(kToken, 0) != 0) continue;
        const std::string suffix = variable.substr(kToken.size());
        if (suffix.empty()) return Error{variable + ": expected a token name after UNSTUCK_SERVE_TOKEN_"};
        if (value.empty()) return Error{variable + ": the token is empty"};
        ServeToken token;
        token.name = lower(suffix);
        token.sha256_hex = kit::to_hex(kit::sha256(value));
        std::vector<std::string> scopes{"read"};
        if (auto it = environment.find(kScopes + suffix); it != environment.end()) {
            scopes.clear();
            std::string item;
            for (std::size_t i = 0; i <= it->second.size(); ++i) {
                if (i == it->second.size() || it->second[i] == ',') {
                    item.erase(0, item.find_first_not_of(" \t"));
                    item.erase(item.find_last_not_of(" \t") + 1);
                    if (!item.empty()) scopes.push_back(item);
                    item.clear();
                } else {
                    item += it->second[i];
                }
            }
        }
        if (auto s = set_scopes(token, scopes, kScopes + suffix); !s) return s;
        auto same =
            std::find_if(tokens.begin(), tokens.end(), [&](const auto& t) { return t.name == token.name; });
        if (same != tokens.end())
            *same = std::move(token);
        else
            tokens.push_back(std::move(token));
    }
    return {};
}

std::map<std::string, std::string> process_environment() {
    std::map<std::string, std::string> env;
    for (char** e = environ; e && *e; ++e) {
        std::string_view entry(*e);
        auto eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
    }
    return env;
}

Result<ServeOptions> ServeOptions::from_json(const Poco::JSON::Object::Ptr& serve,
                                             const std::filesystem::path& base_dir) {
    ServeOptions options;
    if (!serve) return options;
    JsonFields f(*serve, "serve");
    if (auto s = f.only({"listen", "threads", "max_queued", "max_body_bytes", "tls", "auth", "tokens",
                         "rate_limit", "webhooks", "scheduler", "shutdown_grace_ms", "dashboard_dir"});
        !s)
        return Error{s.message()};
    auto resolve = [&](const std::string& p) {
        std::filesystem::path path(p);
        return (path.is_absolute() ? path : base_dir / path).lexically_normal();
    };

    auto listen = f.string("listen", options.listen());
    if (!listen) return std::move(listen).error();
    if (auto s = options.set_listen(*listen); !s) return Error{s.message()};

    auto threads = bounded(f, "threads", options.threads, 1, 1024);
    if (!threads) return std::move(threads).error();
    options.threads = *threads;
    auto queued = bounded(f, "max_queued", options.max_queued, 1, 1000000);
    if (!queued) return std::move(queued).error();
    options.max_queued = *queued;
    auto body = f.integer("max_body_bytes", static_cast<std::int64_t>(options.max_body_bytes), 1);
    if (!body) return std::move(body).error();
    options.max_body_bytes = static_cast<std::size_t>(*body);
    auto grace = bounded(f, "shutdown_grace_ms", options.shutdown_grace_ms, 0, 3600000);
    if (!grace) return std::move(grace).error();
    options.shutdown_grace_ms = *grace;

    auto dashboard = f.string("dashboard_dir", "");
    if (!dashboard) return std::move(dashboard).error();
    if (!dashboard->empty()) options.dashboard_dir = resolve(*dashboard);

    auto auth = f.string("auth", "token");
    if (!auth) return std::move(auth).error();
    if (*auth != "token" && *auth != "none")
        return Error{"serve.auth: expected \"token\" or \"none\", not \"" + *auth + "\""};
    options.auth_none = *auth == "none";

    auto tls = f.object("tls");
    if (!tls) return std::move(tls).error();
    if (*tls) {
        JsonFields t(**tls, "serve.tls");
        if (auto s = t.only({"cert_file", "key_file", "ca_file"}); !s) return Error{s.message()};
        auto cert = t.string("cert_file", "");
        if (!cert) return std::move(cert).error();
        auto key = t.string("key_file", "");
        if (!key) return std::move(key).error();
        auto ca = t.string("ca_file", "");
        if (!ca) return std::move(ca).error();
        if (cert->empty() != key->empty())
            return Error{cert->empty() ? "serve.tls.cert_file: required with serve.tls.key_file"
                                       : "serve.tls.key_file: required with serve.tls.cert_file"};
        if (cert->empty() && !ca->empty())
            return Error{"serve.tls.ca_file: needs serve.tls.cert_file and serve.tls.key_file"};
        if (!cert->empty()) {
            options.tls.cert_file = resolve(*cert);
            options.tls.key_file = resolve(*key);
        }
        if (!ca->empty()) options.tls.ca_file = resolve(*ca);
    }

    if (serve->has("tokens") && !serve->isNull("tokens")) {
        auto list = serve->getArray("tokens");
        if (!list) return Error{"serve.tokens: expected an array of {name, sha256, scopes}"};
        for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string at = "serve.tokens[" + std::to_string(i) + "]";
            auto item = list->getObject(static_cast<unsigned>(i));
            if (!item) return Error{at + ": expected an object {name, sha256, scopes}"};
            JsonFields t(*item, at);
            if (auto s = t.only({"name", "sha256", "scopes"}); !s) return Error{s.message()};
            ServeToken token;
            auto name = t.string("name", "");
            if (!name) return std::move(name).error();
            if (name->empty()) return Error{at + ".name: expected a name"};
            auto digest = t.string("sha256", "");
            if (!digest) return std::move(digest).error();
            if (!is_hex64(*digest))
                return Error{at + ".sha256: expected the token's SHA-256 as 64 hexadecimal digits"};
            token.name = *name;
            token.sha256_hex = lower(*digest);
            std::vector<std::string> scopes{"read"};
            if (item->has("scopes")) {
                auto s = t.string_list("scopes");
                if (!s) return std::move(s).error();
                scopes = std::move(*s);
            }
            if (auto s = set_scopes(token, scopes, at + ".scopes"); !s) return Error{s.message()};
            for (const auto& other : options.tokens)
                if (other.name == token.name)
                    return Error{at + ".name: \"" + token.name + "\" appears twice"};
            options.tokens.push_back(std::move(token));
        }
    }

    auto rate = f.object("rate_limit");
    if (!rate) return std::move(rate).error();
    if (*rate) {
        JsonFields r(**rate, "serve.rate_limit");
        if (auto s = r.only({"requests_per_second", "burst"}); !s) return Error{s.message()};
        auto rps = r.number("requests_per_second", options.rate_limit.requests_per_second, 0);
        if (!rps) return std::move(rps).error();
        auto burst = r.number("burst", options.rate_limit.burst, 1);
        if (!burst) return std::move(burst).error();
        options.rate_limit.requests_per_second = *rps;
        options.rate_limit.burst = *burst;
    }

    auto hooks = f.object("webhooks");
    if (!hooks) return std::move(hooks).error();
    if (*hooks) {
        JsonFields w(**hooks, "serve.webhooks");
        if (auto s = w.only({"window_s", "max_body_bytes"}); !s) return Error{s.message()};
        auto window = bounded(w, "window_s", options.webhooks.window_s, 1, 86400);
        if (!window) return std::move(window).error();
        options.webhooks.window_s = *window;
        auto max = w.integer("max_body_bytes", static_cast<std::int64_t>(options.webhooks.max_body_bytes), 1);
        if (!max) return std::move(max).error();
        options.webhooks.max_body_bytes = static_cast<std::size_t>(*max);
    }

    auto scheduler = f.object("scheduler");
    if (!scheduler) return std::move(scheduler).error();
    if (*scheduler) {
        JsonFields s(**scheduler, "serve.scheduler");
        if (auto st = s.only({"enabled", "batch", "idle_poll_ms", "concurrency", "pull_every_s"}); !st)
            return Error{st.message()};
        auto enabled = s.boolean("enabled", options.scheduler.enabled);
        if (!enabled) return std::move(enabled).error();
        options.scheduler.enabled = *enabled;
        auto batch = bounded(s, "batch", options.scheduler.batch, 1, 100000);
        if (!batch) return std::move(batch).error();
        options.scheduler.batch = *batch;
        auto poll = bounded(s, "idle_poll_ms", options.scheduler.idle_poll_ms, 1, 3600000);
        if (!poll) return std::move(poll).error();
        options.scheduler.idle_poll_ms = *poll;
        auto concurrency = bounded(s, "concurrency", options.scheduler.concurrency, 0, 1024);
        if (!concurrency) return std::move(concurrency).error();
        options.scheduler.concurrency = *concurrency;
        auto pull_every = bounded(s, "pull_every_s", options.scheduler.pull_every_s, 0, 86400);
        if (!pull_every) return std::move(pull_every).error();
        options.scheduler.pull_every_s = *pull_every;
    }
    return options;
}

}  // namespace unstuck::core
