#include <gtest/gtest.h>

#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/pretty_json.hpp"

namespace unstuck::sdk {
namespace {

TEST(PrettyJson, IndentsTwoSpacesALevelOneMemberALine) {
    EXPECT_EQ(pretty_json(R"({"a":1,"b":[true,null],"c":{"d":"e"}})"),
              "{\n"
              "  \"a\": 1,\n"
              "  \"b\": [\n"
              "    true,\n"
              "    null\n"
              "  ],\n"
              "  \"c\": {\n"
              "    \"d\": \"e\"\n"
              "  }\n"
              "}");
}

TEST(PrettyJson, KeepsEmptyContainersOnOneLine) {
    EXPECT_EQ(pretty_json(R"({"a":{},"b":[]})"), "{\n  \"a\": {},\n  \"b\": []\n}");
    EXPECT_EQ(pretty_json("[]"), "[]");
}

TEST(PrettyJson, CopiesStringsUntouchedEscapesIncluded) {
    std::string compact;
    JsonWriter w(compact);
    w.begin_object().field("k", "a,b:{c}[d] \"q\" back\\slash\\").end_object();
    std::string out = pretty_json(compact);
    EXPECT_EQ(out, "{\n  \"k\": \"a,b:{c}[d] \\\"q\\\" back\\\\slash\\\\\"\n}");
}

TEST(PrettyJson, UnbalancedInputNeverIndentsBelowZero) {
    EXPECT_EQ(pretty_json("]}"), "\n]\n}");
    EXPECT_EQ(pretty_json(""), "");
}

}  // namespace
}  // namespace unstuck::sdk
