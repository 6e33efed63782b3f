// Typed fields of a JSON object: defaults when absent or null, one error naming the field's path when the
// type or range is wrong.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <Poco/JSON/Parser.h>

#include "util/json_fields.hpp"

namespace unstuck::core {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

TEST(JsonFields, PathNamesTheFieldUnderItsObject) {
    auto obj = parse(R"({})");
    EXPECT_EQ(JsonFields(*obj, "http").path("read_timeout_ms"), "http.read_timeout_ms");
    EXPECT_EQ(JsonFields(*obj, "").path("policy"), "policy");
}

TEST(JsonFields, AbsentAndNullFieldsTakeTheFallback) {
    auto obj =
        parse(R"({"name": null, "count": null, "ratio": null, "on": null, "list": null, "child": null})");
    for (const char* path : {"", "top"}) {
        JsonFields f(*obj, path);
        for (const char* key : {"name", "missing"}) {
            EXPECT_EQ(f.string(key, "dflt").value(), "dflt") << key;
            EXPECT_EQ(f.integer(key, 7, 0).value(), 7) << key;
            EXPECT_EQ(f.number(key, 2.5, 0).value(), 2.5) << key;
            EXPECT_TRUE(f.boolean(key, true).value()) << key;
            EXPECT_TRUE(f.string_list(key).value().empty()) << key;
            EXPECT_FALSE(f.object(key).value()) << key;
        }
    }
}

TEST(JsonFields, PresentFieldsAreReadAsWritten) {
    auto obj =
        parse(R"({"name": "ups", "count": 42, "ratio": 0.5, "whole": 3, "on": false, "list": ["a", "b"],)"
              R"( "child": {"k": 1}})");
    JsonFields f(*obj, "plugins");
    EXPECT_EQ(f.string("name", "").value(), "ups");
    EXPECT_EQ(f.integer("count", 0, 0).value(), 42);
    EXPECT_EQ(f.number("ratio", 0, 0).value(), 0.5);
    EXPECT_EQ(f.number("whole", 0, 0).value(), 3.0);
    EXPECT_FALSE(f.boolean("on", true).value());
    EXPECT_EQ(f.string_list("list").value(), (std::vector<std::string>{"a", "b"}));
    auto child = f.object("child").value();
    ASSERT_TRUE(child);
    EXPECT_EQ(child->getValue<int>("k"), 1);
}

TEST(JsonFields, AWrongTypeIsOneErrorNamingThePath) {
    auto obj = parse(R"({"name": 5, "count": "5", "fraction": 1.5, "ratio": "x", "on": 1, "list": "a",)"
                     R"( "mixed": ["a", 2], "child": [1]})");
    JsonFields f(*obj, "http");
    EXPECT_EQ(f.string("name", "").error().message, "http.name: expected a string");
    EXPECT_EQ(f.integer("count", 0, 0).error().message, "http.count: expected an integer");
    EXPECT_EQ(f.integer("fraction", 0, 0).error().message, "http.fraction: expected an integer");
    EXPECT_EQ(f.number("ratio", 0, 0).error().message, "http.ratio: expected a number");
    EXPECT_EQ(f.boolean("on", false).error().message, "http.on: expected true or false");
    EXPECT_EQ(f.string_list("list").error().message, "http.list: expected an array of strings");
    EXPECT_EQ(f.string_list("mixed").error().message, "http.mixed[1]: expected a string");
    EXPECT_EQ(f.object("child").error().message, "http.child: expected an object");
}

TEST(JsonFields, NumbersBelowTheMinimumAreRefused) {
    auto obj = parse(R"({"attempts": 0, "burst": -0.5, "exact": 1})");
    JsonFields f(*obj, "http");
    EXPECT_EQ(f.integer("attempts", 3, 1).error().message, "http.attempts: must be at least 1");
    EXPECT_EQ(f.integer("exact", 3, 1).value(), 1);
    auto burst = f.number("burst", 1, 0);
    ASSERT_FALSE(burst);
    EXPECT_EQ(burst.error().message.rfind("http.burst: must be a number of at least 0", 0), 0u)
        << burst.error().message;
}

TEST(JsonFields, OnlyRefusesAnUnknownKeyAndListsTheKnownOnes) {
    auto obj = parse(R"({"level": "info", "jsn": true})");
    JsonFields f(*obj, "log");
    auto status = f.only({"level", "json"});
    ASSERT_FALSE(status);
    EXPECT_EQ(status.message(), "log.jsn: unknown key (known: json, level)");
    EXPECT_TRUE(f.only({"level", "jsn", "json"}));
}

TEST(JsonFields, StringsReadsEachKeyAndNamesTheFirstThatIsNoText) {
    auto obj = parse(R"({"a": "x", "b": null, "c": 3})");
    JsonFields f(*obj, "req");
    std::string a = "old", b = "old", missing = "old";
    ASSERT_TRUE(f.strings({{"a", &a}, {"b", &b}, {"missing", &missing}}));
    EXPECT_EQ(a, "x");
    EXPECT_EQ(b, "");
    EXPECT_EQ(missing, "");
    std::string c;
    auto bad = f.strings({{"a", &a}, {"c", &c}});
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.message().find("req.c"), std::string::npos) << bad.message();
}

TEST(JsonFields, EachObjectVisitsEveryItemUnderItsPathAndStopsAtTheFirstError) {
    auto obj = parse(R"({"items": [{"n": "1"}, {"n": "2"}], "bad": [{"n": "1"}, 7], "none": null})");
    JsonFields f(*obj, "doc");
    std::vector<std::string> seen;
    ASSERT_TRUE(f.each_object("items", [&](const JsonFields& item) -> sdk::Status {
        seen.push_back(item.path("n") + "=" + item.string("n", "").value());
        return {};
    }));
    EXPECT_EQ(seen, (std::vector<std::string>{"doc.items[0].n=1", "doc.items[1].n=2"}));
    EXPECT_TRUE(f.each_object("none", [](const JsonFields&) -> sdk::Status { return sdk::Error{"called"}; }));
    EXPECT_TRUE(
        f.each_object("missing", [](const JsonFields&) -> sdk::Status { return sdk::Error{"called"}; }));
    auto bad = f.each_object("bad", [](const JsonFields&) -> sdk::Status { return {}; });
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.message(), "doc.bad[1]: expected an object");
    auto stopped = f.each_object("items", [](const JsonFields& item) -> sdk::Status {
        return sdk::Error{item.path("n") + ": refused"};
    });
    EXPECT_EQ(stopped.message(), "doc.items[0].n: refused");
    auto scalar = parse(R"({"items": "text"})");
    EXPECT_EQ(JsonFields(*scalar, "")
                  .each_object("items", [](const JsonFields&) -> sdk::Status { return {}; })
                  .message(),
              "items: expected an array of objects");
}

TEST(ParseJsonObject, NamesWhatWasReadWhenItIsNoObject) {
    auto ok = parse_json_object(R"({"k": 1})", "update");
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_TRUE((*ok)->has("k"));
    auto malformed = parse_json_object(R"({"k": )", "update");
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().message.rfind("update: malformed JSON: ", 0), 0u)
        << malformed.error().message;
    auto array = parse_json_object("[1]", "update");
    ASSERT_FALSE(array);
    EXPECT_EQ(array.error().message, "update: expected an object");
}

}  // namespace
}  // namespace unstuck::core
