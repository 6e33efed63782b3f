// `unstuck serve` as a real process on loopback: the port file, health, readiness, metrics, errors in the one
// shape, the JSON-lines logs, exit codes and the graceful stop.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <sstream>
#include <thread>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include "support/run_process.hpp"
#include "support/serve_process.hpp"
#include "support/test_paths.hpp"

namespace unstuck::test {
namespace {

using namespace std::chrono_literals;

// A config with a SQLite store in `dir`, JSON logs and the given `serve` section.
std::filesystem::path write_config(const TempDir& dir, const std::string& serve = R"({"auth": "none"})") {
    auto path = dir.path() / "unstuck.json";
    write_file(
        path,
        R"({"store": {"sqlite": "unstuck.db"}, "routes": [{"backend": "outbox"}], "plugins": {"outbox": {"dir": "outbox"}}, "log": {"json": true, "level": "info"}, "serve": )" +
            serve + "}");
    return path;
}

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

// The lines of `text`, each parsed as a JSON object; a line that is not one fails the test.
std::vector<Poco::JSON::Object::Ptr> json_lines(const std::string& text) {
    std::vector<Poco::JSON::Object::Ptr> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        try {
            lines.push_back(json(line));
        } catch (const Poco::Exception& e) {
            ADD_FAILURE() << "not a JSON line: " << line;
        }
    }
    return lines;
}

TEST(ServeBasics, AnswersHealthAndReadinessOnThePortItWrote) {
    TempDir dir;
    ServeProcess serve(write_config(dir));
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    auto health = serve.request("GET", "/healthz");
    EXPECT_EQ(health.status, 200) << health.error;
    EXPECT_EQ(health.body, R"({"status":"ok"})");
    EXPECT_EQ(health.header("Content-Type").value_or(""), "application/json");
    auto ready = serve.request("GET", "/readyz");
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(json(ready.body)->getValue<std::string>("status"), "ready");
    EXPECT_EQ(serve.terminate(), 0) << serve.stderr_text();
}

TEST(ServeBasics, ReadinessFailsWhileTheStoreIsDown) {
    // A PostgreSQL server of this test's own, stopped under the running service.
    TempDir dir;
    const auto state = dir.path() / "postgres";
    const auto script = source_path("scripts/postgres-test-server.sh").string();
    auto started = run_process(script, {"start", state.string()});
    ASSERT_EQ(started.exit_code, 0) << started.err;
    struct StopServer {
        std::string script, state;
        ~StopServer() { run_process(script, {"stop", state}); }
    } stop_server{script, state.string()};
    auto connection = read_file(state / "connection");
    while (!connection.empty() && connection.back() == '\n') connection.pop_back();

    auto config = dir.path() / "unstuck.json";
    write_file(
        config,
        R"({"store": {"postgresql": ")" + connection +
            R"("}, "routes": [{"backend": "outbox"}], "plugins": {"outbox": {"dir": "outbox"}}, "log": {"json": true}, "serve": {"auth": "none"}})");
    ServeProcess serve(config, {"--no-scheduler"});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    EXPECT_EQ(serve.request("GET", "/readyz").status, 200);

    auto stopped = run_process(script, {"stop", state.string()});
    ASSERT_EQ(stopped.exit_code, 0) << stopped.err;
    auto ready = serve.request("GET", "/readyz");
    EXPECT_EQ(ready.status, 503) << ready.body;
    EXPECT_EQ(json(ready.body)->getValue<std::string>("status"), "unavailable");
    EXPECT_EQ(json(ready.body)->getValue<std::string>("reason").rfind("the store does not answer", 0), 0u)
        << ready.body;
    EXPECT_EQ(serve.request("GET", "/healthz").status, 200) << "alive all the same";
    EXPECT_EQ(serve.terminate(), 0) << serve.stderr_text();
}

TEST(ServeBasics, ErrorsHaveTheOneShape) {
    TempDir dir;
    ServeProcess serve(write_config(dir));
    ASSERT_TRUE(serve.started()) << serve.stderr_text();

    auto missing = serve.request("GET", "/v1/nothing-here");
    EXPECT_EQ(missing.status, 404);
    auto error = json(missing.body)->getObject("error");
    ASSERT_TRUE(error) << missing.body;
    EXPECT_EQ(error->getValue<std::string>("code"), "not_found");
    EXPECT_FALSE(error->getValue<std::string>("message").empty());

    auto wrong = serve.request("DELETE", "/healthz");
    EXPECT_EQ(wrong.status, 405);
    EXPECT_EQ(json(wrong.body)->getObject("error")->getValue<std::string>("code"), "method_not_allowed");
    EXPECT_EQ(wrong.header("Allow").value_or(""), "GET");

    auto bad = serve.request("GET", "/v1/whoami?x=%zz");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(json(bad.body)->getObject("error")->getValue<std::string>("code"), "bad_request");
}

TEST(ServeBasics, MetricsExposeEveryFamilyAndCountRequestsByRoutePattern) {
    TempDir dir;
    ServeProcess serve(write_config(dir));
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    for (int i = 0; i < 3; ++i) ASSERT_EQ(serve.request("GET", "/healthz").status, 200);
    ASSERT_EQ(serve.request("GET", "/v1/unknown/abc").status, 404);
    auto metrics = serve.request("GET", "/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.header("Content-Type").value_or("").rfind("text/plain", 0), 0u);
    for (const char* family :
         {"unstuck_orders_decided_total", "unstuck_disputes_filed_total", "unstuck_plugin_call_seconds",
          "unstuck_http_requests_total", "unstuck_http_request_seconds", "unstuck_scheduler_due_orders",
          "unstuck_webhooks_total", "unstuck_sweep_orders_total"})
        EXPECT_NE(metrics.body.find(std::string("# TYPE ") + family + " "), std::string::npos) << family;
    EXPECT_NE(metrics.body.find(R"(unstuck_http_requests_total{code="200",method="GET",route="/healthz"} 3)"),
              std::string::npos)
        << metrics.body;
    EXPECT_NE(
        metrics.body.find(R"(unstuck_http_requests_total{code="404",method="GET",route="unmatched"} 1)"),
        std::string::npos);
    EXPECT_EQ(metrics.body.find("/v1/unknown/abc"), std::string::npos) << "paths never become labels";
    EXPECT_NE(metrics.body.find(R"(unstuck_http_request_seconds_count{route="/healthz"} 3)"),
              std::string::npos);
}

TEST(ServeBasics, LogsAreJsonLinesWithAnAccessEntryPerRequest) {
    TempDir dir;
    ServeProcess serve(write_config(dir));
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    ASSERT_EQ(serve.request("GET", "/healthz").status, 200);
    ASSERT_EQ(serve.request("GET", "/v1/whoami").status, 200);
    ASSERT_EQ(serve.terminate(), 0);

    int access = 0;
    bool listening = false, stopped = false;
    for (const auto& line : json_lines(serve.stderr_text())) {
        const auto logger = line->optValue<std::string>("logger", "");
        const auto msg = line->optValue<std::string>("msg", "");
        if (logger == "serve" &&
            msg.rfind("listening on http://127.0.0.1:" + std::to_string(serve.port()), 0) == 0)
            listening = true;
        if (logger == "serve" && msg == "stopped") stopped = true;
        if (logger != "serve.access") continue;
        ++access;
        // The request's fields sit at the line's top level; `msg` is the same as text.
        const auto& entry = line;
        EXPECT_EQ(entry->getValue<std::string>("level"), "info");
        EXPECT_FALSE(entry->getValue<std::string>("time").empty());
        EXPECT_EQ(msg.rfind("GET /", 0), 0u) << msg;
        EXPECT_NE(msg.find(" 200 "), std::string::npos) << msg;
        EXPECT_EQ(msg.find("\"status\""), std::string::npos) << "no JSON inside msg: " << msg;
        EXPECT_EQ(entry->getValue<std::string>("method"), "GET");
        EXPECT_TRUE(entry->getValue<std::string>("route") == "/healthz" ||
                    entry->getValue<std::string>("route") == "/v1/whoami");
        EXPECT_EQ(entry->getValue<int>("status"), 200);
        EXPECT_GE(entry->getValue<double>("duration_ms"), 0.0);
        EXPECT_TRUE(entry->has("principal"));
        EXPECT_EQ(entry->getValue<std::string>("client"), "127.0.0.1");
    }
    EXPECT_EQ(access, 2);
    EXPECT_TRUE(listening);
    EXPECT_TRUE(stopped);
}

TEST(ServeBasics, BadConfigOrFlagsExitWith2) {
    TempDir dir;
    auto result = run_host({"--config", write_config(dir, R"({"threads": 0})").string(), "serve"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("serve.threads"), std::string::npos) << result.err;

    result = run_host({"--config", write_config(dir).string(), "serve", "--listen", "nowhere"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("--listen: expected HOST:PORT"), std::string::npos) << result.err;

    result = run_host({"--config", write_config(dir).string(), "serve", "--now", "yesterday"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("--now"), std::string::npos) << result.err;
}

TEST(ServeBasics, APortInUseExitsWith1) {
    TempDir dir;
    Poco::Net::ServerSocket taken(Poco::Net::SocketAddress("127.0.0.1", 0));
    const auto port = taken.address().port();
    auto result = run_host(
        {"--config", write_config(dir).string(), "serve", "--listen", "127.0.0.1:" + std::to_string(port)});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("cannot listen on 127.0.0.1:" + std::to_string(port)), std::string::npos)
        << result.err;
}

TEST(ServeBasics, SigtermLetsARequestInFlightFinishThenExits0) {
    TempDir dir;
    ServeProcess serve(write_config(dir, R"({"auth": "none", "shutdown_grace_ms": 10000})"));
    ASSERT_TRUE(serve.started()) << serve.stderr_text();

    // A request whose body is still arriving when SIGTERM comes.
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", serve.port()));
    const std::string head = "GET /v1/whoami HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    std::this_thread::sleep_for(300ms);
    ASSERT_EQ(::kill(serve.pid(), SIGTERM), 0);
    std::this_thread::sleep_for(500ms);
    EXPECT_FALSE(serve.wait_exit(0ms).has_value()) << "it waits for the request in flight";
    EXPECT_EQ(serve.request("GET", "/healthz").status, 0) << "new connections are refused while it stops";

    const auto sent = std::chrono::steady_clock::now();
    socket.sendBytes("def", 3);
    std::string answer;
    char buffer[4096];
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) answer.append(buffer, n);
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
    EXPECT_NE(answer.find(R"({"principal":null,"scopes":["read","write"]})"), std::string::npos) << answer;

    auto code = serve.wait_exit(5s);
    ASSERT_TRUE(code.has_value()) << "it exits promptly once the request is answered";
    EXPECT_EQ(*code, 0) << serve.stderr_text();
    EXPECT_LT(std::chrono::steady_clock::now() - sent, 5s);
}

TEST(ServeBasics, ARequestOutlastingTheGraceIsCutAndTheProcessStillEnds) {
    TempDir dir;
    ServeProcess serve(write_config(dir, R"({"auth": "none", "shutdown_grace_ms": 300})"));
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", serve.port()));
    const std::string head = "GET /v1/whoami HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    std::this_thread::sleep_for(300ms);
    const auto signalled = std::chrono::steady_clock::now();
    ASSERT_EQ(::kill(serve.pid(), SIGTERM), 0);
    auto code = serve.wait_exit(5s);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 1);
    EXPECT_LT(std::chrono::steady_clock::now() - signalled, 3s);
    EXPECT_NE(serve.stderr_text().find("still in flight"), std::string::npos) << serve.stderr_text();
}

}  // namespace
}  // namespace unstuck::test
