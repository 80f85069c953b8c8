#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/util/result.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

namespace crm {
namespace {

Result<int> half(int n) {
    if (n % 2 != 0) return make_error(ErrorCode::Invalid, "odd", "n", "malformed");
    return n / 2;
}

Status chain(int n) {
    CRM_TRY(half(n));
    return {};
}

TEST(Result, CarriesValueOrError) {
    auto ok = half(4);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(*ok, 2);
    auto bad = half(3);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::Invalid);
    EXPECT_EQ(bad.error().field, "n");
    EXPECT_EQ(bad.error().reason, "malformed");
    EXPECT_EQ(bad.value_or(-1), -1);
    EXPECT_TRUE(chain(8).ok());
    EXPECT_EQ(chain(7).error().message, "odd");
    EXPECT_STREQ(to_string(ErrorCode::Unsupported), "unsupported");
}

TEST(Text, FoldsLatinAndCyrillicCase) {
    EXPECT_EQ(text::fold_case("HeLLo"), "hello");
    EXPECT_EQ(text::fold_case("ИВАНОВ Пётр"), "иванов петр");
    EXPECT_EQ(text::fold_case("ЁЛКА ёлка"), "елка елка");
    EXPECT_EQ(text::fold_case("ÀÉÎÕÜ"), "àéîõü");
    EXPECT_EQ(text::fold_case("ĄĆĘŁŃŚŹŻ"), "ąćęłńśźż");
    EXPECT_EQ(text::fold_case("ЄІЇЎ"), "єіїў");
    EXPECT_EQ(text::fold_case("123 №—«»"), "123 №—«»");
    // Invalid bytes pass through unchanged.
    EXPECT_EQ(text::fold_case("A\xffZ"), "a\xffz");
}

TEST(Text, ComparesLikeAPhoneBook) {
    EXPECT_LT(text::compare_folded("абрамов", "Борисов"), 0);
    EXPECT_GT(text::compare_folded("Яковлев", "борисов"), 0);
    EXPECT_LT(text::compare_folded("Ежов", "Ёлкин"), 0);   // ё sorts as е
    EXPECT_LT(text::compare_folded("Ёлкин", "Жуков"), 0);
    EXPECT_LT(text::compare_folded("Иван", "Иванов"), 0);
    EXPECT_NE(text::compare_folded("иван", "Иван"), 0);  // equal when folded: bytes decide, never 0
    EXPECT_EQ(text::compare_folded("Иван", "Иван"), 0);
    std::vector<std::string> names{"яблоко", "Арбуз", "ёж", "Ель", "банан", "Zebra", "apple"};
    std::sort(names.begin(), names.end(),
              [](const std::string& a, const std::string& b) { return text::compare_folded(a, b) < 0; });
    EXPECT_EQ(names, (std::vector<std::string>{"apple", "Zebra", "Арбуз", "банан", "ёж", "Ель", "яблоко"}));
}

TEST(Text, Utf8Helpers) {
    EXPECT_TRUE(text::is_valid_utf8("Привет, мир! 👋"));
    EXPECT_FALSE(text::is_valid_utf8("\xd0"));            // truncated
    EXPECT_FALSE(text::is_valid_utf8("\xc0\xaf"));        // overlong
    EXPECT_FALSE(text::is_valid_utf8("\xed\xa0\x80"));    // surrogate
    EXPECT_FALSE(text::is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
    EXPECT_EQ(text::count_code_points("Ёж👋"), 3u);
    EXPECT_EQ(text::trim("  \t иван \n"), "иван");
    EXPECT_EQ(text::trim("   "), "");
    EXPECT_EQ(text::digits_only("+7 (495) 123-45-67"), "74951234567");
    EXPECT_EQ(text::split_words("  a  bb\tв \n"), (std::vector<std::string>{"a", "bb", "в"}));
    EXPECT_TRUE(text::split_words(" \t ").empty());
}

TEST(Uuid, Version7TextSortedByTime) {
    UuidGenerator gen(123);
    const std::string a = gen.make(1'700'000'000'000);
    const std::string b = gen.make(1'700'000'000'001);
    EXPECT_TRUE(is_uuid(a));
    EXPECT_EQ(a.size(), 36u);
    EXPECT_EQ(a[14], '7');  // version
    EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);  // RFC 9562 variant
    EXPECT_LT(a, b);
    EXPECT_EQ(a.substr(0, 13), "018bcfe5-6800");  // 1'700'000'000'000 ms in hex
    UuidGenerator same(123);
    EXPECT_EQ(same.make(1'700'000'000'000), a);
    std::set<std::string> seen;
    UuidGenerator random;
    for (int i = 0; i < 1000; ++i) seen.insert(random.make(1));
    EXPECT_EQ(seen.size(), 1000u);
    EXPECT_FALSE(is_uuid("not-a-uuid"));
    EXPECT_FALSE(is_uuid("018bcfe5-6800-7000-8000-00000000000g"));
}

}  // namespace
}  // namespace crm
