// The one place a plugin contains exceptions: contain() and the ticketing plugin built on it.
#include <gtest/gtest.h>

#include <stdexcept>

#include "unstuck/sdk/contain.hpp"
#include "unstuck/sdk/contained_ticketing_plugin.hpp"

namespace unstuck::sdk {
namespace {

TEST(Contain, ReturnsTheCallsResultWhenItDoesNotThrow) {
    int errors = 0;
    int r = contain([] { return 7; }, [&](std::string_view) { return ++errors, -1; });
    EXPECT_EQ(r, 7);
    EXPECT_EQ(errors, 0);
}

TEST(Contain, TurnsAnExceptionIntoItsMessage) {
    std::string seen;
    int r = contain([]() -> int { throw std::runtime_error("config.dir: required"); },
                    [&](std::string_view what) { return seen = what, -1; });
    EXPECT_EQ(r, -1);
    EXPECT_EQ(seen, "config.dir: required");
}

TEST(Contain, NamesAnExceptionThatIsNotAStdException) {
    std::string seen;
    contain([]() -> int { throw 42; }, [&](std::string_view what) { return seen = what, 0; });
    EXPECT_EQ(seen, "unknown exception");
}

// A backend whose every call throws what it is told, or answers.
struct Backend {
    explicit Backend(int* calls) : calls(calls) {}
    int* calls;
    bool throw_std = false;
    bool throw_other = false;
    void maybe_throw() const {
        ++*calls;
        if (throw_std) throw std::invalid_argument("bad key");
        if (throw_other) throw 1;
    }
    FileResult file(const DisputeRequest& r) const {
        maybe_throw();
        return FileResult::ok({r.key, "file:///x"});
    }
    FindResult find(std::string_view) const {
        maybe_throw();
        return FindResult::not_found();
    }
    StateResult state(const RemoteTicket&) const {
        maybe_throw();
        return StateResult::ok(TicketState::kSolved);
    }
    AttachResult attach(const RemoteTicket&, const EvidenceFile& f) const {
        maybe_throw();
        return AttachResult::ok(f.name);
    }
};

class Contained : public ContainedTicketingPlugin<Backend> {
  public:
    explicit Contained(int* calls) : ContainedTicketingPlugin("demo", calls) {}
    Backend& inner() { return backend(); }
};

TEST(ContainedTicketingPlugin, PassesAnswersThrough) {
    int calls = 0;
    Contained plugin(&calls);
    DisputeRequest request;
    request.key = "m:s:o:c";
    auto filed = plugin.file(request);
    ASSERT_EQ(filed.kind, FileResult::Kind::kOk);
    EXPECT_EQ(filed.value.id, "m:s:o:c");
    EXPECT_EQ(plugin.find("k").kind, FindResult::Kind::kNotFound);
    auto state = plugin.state({"id", ""});
    ASSERT_EQ(state.kind, StateResult::Kind::kOk);
    EXPECT_EQ(state.value, TicketState::kSolved);
    EXPECT_EQ(plugin.attach({"id", ""}, {"a.png", "/tmp/a.png", "image/png"}).value, "a.png");
    EXPECT_EQ(calls, 4);
}

TEST(ContainedTicketingPlugin, EveryCallThatThrowsIsARejectionNamingThePlugin) {
    int calls = 0;
    Contained plugin(&calls);
    plugin.inner().throw_std = true;
    auto filed = plugin.file({});
    EXPECT_EQ(filed.kind, FileResult::Kind::kRejected);
    EXPECT_EQ(filed.message, "demo: bad key");
    EXPECT_EQ(plugin.find("k").kind, FindResult::Kind::kRejected);
    EXPECT_EQ(plugin.state({}).message, "demo: bad key");
    EXPECT_EQ(plugin.attach({}, {}).kind, AttachResult::Kind::kRejected);

    plugin.inner().throw_std = false;
    plugin.inner().throw_other = true;
    auto found = plugin.find("k");
    EXPECT_EQ(found.kind, FindResult::Kind::kRejected);
    EXPECT_EQ(found.message, "demo: unknown exception");
    EXPECT_EQ(calls, 5);
}

}  // namespace
}  // namespace unstuck::sdk
