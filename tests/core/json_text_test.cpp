// Untrusted JSON is refused by depth before the recursive parser sees it.
#include <gtest/gtest.h>

#include <string>

#include "core/util/json_text.hpp"

namespace crm {
namespace {

TEST(JsonText, ParsesShallowBodies) {
    auto j = parse_json_bounded(R"({"a": [1, {"b": "x[{"}], "c": "\"]]]]"})", 3);
    ASSERT_TRUE(j.ok()) << j.error().message;
    EXPECT_EQ((*j)["a"][1]["b"], "x[{");
}

TEST(JsonText, RefusesDeepNestingBeforeParsing) {
    const std::string deep = std::string(60'000, '[') + std::string(60'000, ']');
    auto j = parse_json_bounded(deep);
    ASSERT_FALSE(j.ok());
    EXPECT_EQ(j.error().code, ErrorCode::Protocol);
    EXPECT_NE(j.error().message.find("nested deeper"), std::string::npos);
    EXPECT_TRUE(
        parse_json_bounded(std::string(limits::kMaxJsonDepth, '[') + std::string(limits::kMaxJsonDepth, ']'))
            .ok());
    EXPECT_FALSE(parse_json_bounded(std::string(limits::kMaxJsonDepth + 1, '{')).ok());
}

TEST(JsonText, BracketsInStringsAndEscapesDoNotCount) {
    const std::string text = "{\"k\": \"" + std::string(100, '[') + "\\\"" + std::string(100, '{') + "\"}";
    EXPECT_TRUE(parse_json_bounded(text, 2).ok());
}

TEST(JsonText, MalformedIsAnErrorValue) {
    auto j = parse_json_bounded("{\"a\": ");
    ASSERT_FALSE(j.ok());
    EXPECT_NE(j.error().message.find("not valid JSON"), std::string::npos);
}

}  // namespace
}  // namespace crm
