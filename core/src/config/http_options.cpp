#include "unstuck/core/config/http_options.hpp"

#include <set>

#include "util/json_fields.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

Result<HttpOptions> HttpOptions::from_json(const Poco::JSON::Object& section, const std::string& where,
                                           HttpOptions defaults) {
    HttpOptions options = std::move(defaults);
    JsonFields f(section, where);
    static const std::set<std::string, std::less<>> known{"connect_timeout_ms",
                                                          "read_timeout_ms",
                                                          "max_attempts",
                                                          "backoff_base_ms",
                                                          "backoff_max_ms",
                                                          "retry_after_max_ms",
                                                          "max_response_bytes",
                                                          "requests_per_second",
                                                          "burst",
                                                          "max_idle_per_host",
                                                          "verify_tls",
                                                          "ca_file",
                                                          "plugins"};
    if (auto s = f.only(known); !s) return Error{s.message()};
    auto ms = [&](const char* key, std::chrono::milliseconds& into) -> sdk::Status {
        auto v = f.integer(key, into.count(), 0);
        if (!v) return std::move(v).error();
        into = std::chrono::milliseconds(*v);
        return {};
    };
    for (auto [key, into] : {std::pair{"connect_timeout_ms", &options.connect_timeout},
                             {"read_timeout_ms", &options.read_timeout},
                             {"backoff_base_ms", &options.backoff_base},
                             {"backoff_max_ms", &options.backoff_max},
                             {"retry_after_max_ms", &options.retry_after_max}})
        if (auto s = ms(key, *into); !s) return Error{s.message()};
    auto attempts = f.integer("max_attempts", options.max_attempts, 1);
    if (!attempts) return std::move(attempts).error();
    options.max_attempts = static_cast<int>(*attempts);
    auto cap = f.integer("max_response_bytes", static_cast<std::int64_t>(options.max_response_bytes), 1);
    if (!cap) return std::move(cap).error();
    options.max_response_bytes = static_cast<std::size_t>(*cap);
    auto rate = f.number("requests_per_second", options.requests_per_second, 0);
    if (!rate) return std::move(rate).error();
    options.requests_per_second = *rate;
    auto burst = f.integer("burst", options.burst, 1);
    if (!burst) return std::move(burst).error();
    options.burst = static_cast<int>(*burst);
    auto idle = f.integer("max_idle_per_host", static_cast<std::int64_t>(options.max_idle_per_host), 0);
    if (!idle) return std::move(idle).error();
    options.max_idle_per_host = static_cast<std::size_t>(*idle);
    auto verify = f.boolean("verify_tls", options.verify_tls);
    if (!verify) return std::move(verify).error();
    options.verify_tls = *verify;
    auto ca = f.string("ca_file", options.ca_file);
    if (!ca) return std::move(ca).error();
    options.ca_file = *ca;
    return options;
}

}  // namespace unstuck::core
