// Each field type on its own, through the test registry's "sample" entity (one field of every type):
// validation of good and bad values, the cleanup of input, encoding through the repository and back, the
// columns a type occupies, and its sort order.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/limits.hpp"
#include "tests/core/test_entities.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using nlohmann::json;
using test::message_of;

const EntityDesc& sample() {
    return test::sample_registry().get(test::kSample);
}
const FieldDesc& field(std::string_view name) {
    return *sample().find(name);
}

constexpr const char* kId = "018bcfe5-6800-7000-8000-0000000000aa";

std::string cyrillic_bytes(std::size_t n) {
    std::string s;
    while (s.size() + 2 <= n) s += "ж";
    return s;
}

// Invalid UTF-8 is shown replaced: dump() would throw (and abort in wasm).
std::string show(const json& v) {
    return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

struct Bad {
    json value;
    const char* reason;
};

void expect_accepts(std::string_view name, const std::vector<json>& good) {
    for (const json& v : good) {
        const Status s = validate_value(field(name), v);
        EXPECT_TRUE(s.ok()) << name << " = " << show(v) << ": " << message_of(s);
    }
}

void expect_refuses(std::string_view name, const std::vector<Bad>& bad) {
    for (const Bad& b : bad) {
        const Status s = validate_value(field(name), b.value);
        ASSERT_FALSE(s.ok()) << name << " = " << show(b.value);
        EXPECT_EQ(s.error().code, ErrorCode::Invalid);
        EXPECT_EQ(s.error().field, name);
        EXPECT_EQ(s.error().reason, b.reason) << name << " = " << show(b.value) << ": " << s.error().message;
    }
}

TEST(FieldTypes, Text) {
    expect_accepts("title", {"Ёлка", std::string(test::kSampleTitleBytes, 'x'),
                             cyrillic_bytes(test::kSampleTitleBytes)});
    expect_refuses("title",
                   {{"", "empty"},
                    {std::string(test::kSampleTitleBytes + 1, 'x'), "too_long"},
                    {cyrillic_bytes(test::kSampleTitleBytes) + "x", "too_long"},  // bytes, not letters
                    {"\xc3\x28", "bad_utf8"},
                    {"\xed\xa0\x80", "bad_utf8"},  // a UTF-16 surrogate
                    {5, "malformed"},
                    {nullptr, "malformed"}});
}

TEST(FieldTypes, LongTextUsesTheNotesLimitByDefault) {
    expect_accepts("body", {"", std::string(limits::kMaxNotesBytes, 'x'), "строка\nстрока"});
    expect_refuses(
        "body", {{std::string(limits::kMaxNotesBytes + 1, 'x'), "too_long"}, {json::array(), "malformed"}});
}

TEST(FieldTypes, TextList) {
    expect_accepts("tags", {json::array(), json::array({"a", "b", "c"}), json::array({cyrillic_bytes(16)})});
    expect_refuses("tags", {{json::array({"a", "b", "c", "d"}), "too_many"},
                            {json::array({std::string(test::kSampleTagBytes + 1, 't')}), "too_long"},
                            {json::array({"a", 1}), "malformed"},
                            {json::array({"\xff"}), "bad_utf8"},
                            {"a", "malformed"},
                            {nullptr, "malformed"}});
    // Formats apply to each item; a list without a limit of its own has the default.
    expect_accepts("phones", {json::array({"+7 916 123 45 67", "8 (495) 111-22-33"})});
    expect_refuses("phones",
                   {{json::array({"+7 916 123 45 67", "call me"}), "malformed"},
                    {json(std::vector<std::string>(limits::kMaxListItems + 1, "12345")), "too_many"}});
    expect_accepts("emails", {json::array({"a@b.ru", "c@d.ru"})});
    expect_refuses("emails", {{json::array({"a@b.ru", "c@d.ru", "e@f.ru"}), "too_many"},
                              {json::array({"a@b"}), "malformed"}});
}

TEST(FieldTypes, Integer) {
    expect_accepts("count", {nullptr, test::kSampleCountMin, test::kSampleCountMax, 0});
    expect_refuses("count", {{test::kSampleCountMin - 1, "out_of_range"},
                             {test::kSampleCountMax + 1, "out_of_range"},
                             {1.0, "malformed"},  // a float, even a whole one, is not an integer
                             {"5", "malformed"},
                             {true, "malformed"},
                             {std::numeric_limits<std::uint64_t>::max(), "malformed"}});
}

TEST(FieldTypes, Boolean) {
    expect_accepts("flag", {true, false});
    expect_refuses("flag", {{nullptr, "malformed"}, {0, "malformed"}, {"true", "malformed"}});
}

TEST(FieldTypes, MoneyIsMinorUnitsAndACurrencyCode) {
    expect_accepts("price", {nullptr, money(0, "RUB"), money(limits::kMaxMoneyMinor, "USD"),
                             money(-limits::kMaxMoneyMinor, "EUR")});
    expect_refuses("price",
                   {{money(limits::kMaxMoneyMinor + 1, "RUB"), "out_of_range"},
                    {money(-limits::kMaxMoneyMinor - 1, "RUB"), "out_of_range"},
                    {money(INT64_MIN, "RUB"), "out_of_range"},
                    // Past int64: nlohmann keeps it unsigned; it must not wrap into a small amount.
                    {json{{"minor", std::uint64_t{1} << 63}, {"currency", "RUB"}}, "malformed"},
                    {json{{"minor", 1.5}, {"currency", "RUB"}}, "malformed"},
                    {money(1, "rub"), "malformed"},  // the repository uppercases; the merge must not see it
                    {money(1, "RU"), "malformed"},
                    {money(1, "RUBL"), "malformed"},
                    {money(1, "R1B"), "malformed"},
                    {json{{"minor", 1}}, "malformed"},
                    {json{{"minor", 1}, {"currency", "RUB"}, {"note", 1}}, "malformed"},
                    {"100 RUB", "malformed"},
                    {100, "malformed"}});
    // A field's own range narrows the type's.
    expect_accepts("fee", {money(0, "RUB"), money(test::kSampleFeeMax, "RUB")});
    expect_refuses(
        "fee", {{money(-1, "RUB"), "out_of_range"}, {money(test::kSampleFeeMax + 1, "RUB"), "out_of_range"}});
    EXPECT_EQ(money_of(money(1250050, "RUB"))->minor, 1250050);
    EXPECT_EQ(money_of(money(1250050, "RUB"))->currency, "RUB");
    EXPECT_FALSE(money_of(json{{"minor", "1"}, {"currency", "RUB"}}).has_value());
}

TEST(FieldTypes, DateIsARealCalendarDay) {
    expect_accepts("due", {nullptr, "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2023-12-31"});
    std::vector<Bad> bad;
    for (const char* s : {"2023-02-29", "1900-02-29", "2100-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
                          "2024-01-00", "24-01-01", "2024-1-01", "2024/01/01", "0000-01-01", " 2024-01-01",
                          "2024-01-01T00:00", "", "２０２４-01-01"})
        bad.push_back({s, "malformed"});
    bad.push_back({20240101, "malformed"});
    expect_refuses("due", bad);
    EXPECT_TRUE(is_valid_date("2024-02-29"));
    EXPECT_FALSE(is_valid_date("2023-02-29"));
}

TEST(FieldTypes, DateTimeIsUnixMilliseconds) {
    expect_accepts("seen_at", {nullptr, 0, limits::kMaxDateTimeMs, std::int64_t{1'764'240'000'000}});
    expect_refuses("seen_at", {{-1, "out_of_range"},
                               {limits::kMaxDateTimeMs + 1, "out_of_range"},
                               {"2024-01-01", "malformed"},
                               {1.5, "malformed"}});
}

TEST(FieldTypes, FixedEnumTakesItsKeysOnly) {
    expect_accepts("level", {"", "low", "mid", "high"});
    expect_refuses("level",
                   {{"Low", "unknown_option"},
                    {"lo", "unknown_option"},  // a part of a key (the sort key finds keys in one string)
                    {"low mid", "unknown_option"},
                    {std::string(limits::kMaxKeyBytes + 1, 'k'), "too_long"},
                    {1, "malformed"},
                    {nullptr, "malformed"}});
}

TEST(FieldTypes, UserDefinedEnumTakesWellFormedOptionIds) {
    expect_accepts("kind", {"", kId});
    expect_refuses("kind", {{"not-an-option-id", "malformed"},
                            {std::string(limits::kMaxKeyBytes + 1, 'k'), "too_long"},
                            {nullptr, "malformed"}});
}

TEST(FieldTypes, ReferenceIsARecordIdOrNull) {
    expect_accepts("parent", {nullptr, kId});
    expect_refuses("parent", {{"", "malformed"},
                              {"123", "malformed"},
                              {std::string(kId) + "0", "malformed"},
                              {"018bcfe5x6800-7000-8000-0000000000aa", "malformed"},
                              {5, "malformed"}});
}

TEST(FieldTypes, GeoPointIsInRangeAndFinite) {
    expect_accepts("place", {nullptr, geo(0, 0, 0), geo(90, 180, limits::kMaxGeoAccuracyM), geo(-90, -180, 0),
                             geo(55.7558, 37.6173, 12.5)});
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    expect_refuses("place", {{geo(90.0001, 0, 0), "malformed"},
                             {geo(0, -180.5, 0), "malformed"},
                             {geo(0, 0, -1), "malformed"},
                             {geo(0, 0, limits::kMaxGeoAccuracyM + 1), "malformed"},
                             {geo(nan, 0, 0), "malformed"},
                             {geo(0, inf, 0), "malformed"},
                             {json{{"lat", 1}, {"lon", 2}}, "malformed"},
                             {json{{"lat", 1}, {"lon", 2}, {"accuracy", 0}, {"alt", 3}}, "malformed"},
                             {json{{"lat", "1"}, {"lon", 2}, {"accuracy", 0}}, "malformed"},
                             {json::array({1, 2}), "malformed"}});
    // NaN has no JSON form: written to the change log it would become null, so it must never get that far.
    EXPECT_EQ(json(nan).dump(), "null");
    EXPECT_FALSE(geo_of(geo(nan, 0, 0)).has_value());
}

// `required` means a non-empty value whatever the type; false is a value.
TEST(FieldTypes, RequiredRefusesTheEmptyValueOfEveryType) {
    for (const FieldDesc& f : sample().fields) {
        if (!test::is_written(f)) continue;
        FieldDesc required = f;
        required.required = true;
        const Status empty = validate_value(required, empty_value(f));
        if (f.type == FieldType::Boolean) {
            EXPECT_TRUE(empty.ok()) << f.name;
            continue;
        }
        ASSERT_FALSE(empty.ok()) << f.name;
        EXPECT_EQ(empty.error().reason, "empty") << f.name;
        EXPECT_TRUE(is_empty_value(f, empty_value(f))) << f.name;
        FieldDesc optional = f;
        optional.required = false;
        EXPECT_TRUE(validate_value(optional, empty_value(f)).ok()) << f.name;
    }
}

TEST(FieldTypes, NormalizeCleansInputByType) {
    json text = "  Ёлка \t";
    normalize_value(field("title"), text);
    EXPECT_EQ(text, "Ёлка");
    json list = json::array({" a ", "", "  ", 5, "b"});
    normalize_value(field("tags"), list);
    EXPECT_EQ(list, json::array({"a", 5, "b"}));  // a non-string is left for validation to report
    json price = json{{"minor", 5}, {"currency", " usd "}};
    normalize_value(field("price"), price);
    EXPECT_EQ(price, money(5, "USD"));
    for (const char* name : {"due", "parent"}) {
        json blank = "  ";
        normalize_value(field(name), blank);
        EXPECT_TRUE(blank.is_null()) << name;
        json padded = " 2024-01-02 ";
        normalize_value(field(name), padded);
        EXPECT_EQ(padded, "2024-01-02") << name;
    }
    json level = " mid ";
    normalize_value(field("level"), level);
    EXPECT_EQ(level, "mid");
    json number = 5;
    normalize_value(field("count"), number);
    EXPECT_EQ(number, 5);
}

TEST(FieldTypes, ColumnsPerType) {
    const auto price = columns_of(field("price"));
    ASSERT_EQ(price.size(), 2u);
    EXPECT_EQ(price[0].name, "price");
    EXPECT_EQ(price[0].sql_type, "INTEGER");
    EXPECT_EQ(price[1].name, "price_currency");
    EXPECT_EQ(price[1].sql_type, "TEXT");
    EXPECT_EQ(columns_of(field("title"))[0].sql_type, "TEXT NOT NULL DEFAULT ''");
    EXPECT_EQ(columns_of(field("tags"))[0].sql_type, "TEXT NOT NULL DEFAULT '[]'");
    EXPECT_EQ(columns_of(field("flag"))[0].sql_type, "INTEGER NOT NULL DEFAULT 0");
    EXPECT_EQ(columns_of(field("count"))[0].sql_type, "INTEGER");  // nullable: no value is not 0
    EXPECT_EQ(columns_of(field("seen_at"))[0].sql_type, "INTEGER");
    for (const char* name : {"due", "parent", "place"})
        EXPECT_EQ(columns_of(field(name))[0].sql_type, "TEXT") << name;
    FieldDesc quoted = field("title");
    quoted.default_value = "it's";
    EXPECT_EQ(columns_of(quoted)[0].sql_type, "TEXT NOT NULL DEFAULT 'it''s'");
    FieldDesc rank = field("count");
    rank.default_value = 5;
    EXPECT_EQ(columns_of(rank)[0].sql_type, "INTEGER NOT NULL DEFAULT 5");
}

// A new record starts from each field's default or empty value; typed reads never throw on a wrong shape.
TEST(FieldTypes, RecordsStartEmptyAndReadTyped) {
    Record r(sample());
    for (const FieldDesc& f : sample().fields) {
        const json expected = f.default_value.is_null() ? empty_value(f) : f.default_value;
        EXPECT_EQ(r.get(f.name), expected) << f.name;
    }
    r.set("title", 5).set("count", "7").set("tags", json::array({"a", 1, "b"})).set("flag", 1);
    EXPECT_EQ(r.text("title"), "");
    EXPECT_EQ(r.integer("count"), 0);
    EXPECT_EQ(r.list("tags"), (std::vector<std::string>{"a", "b"}));
    EXPECT_FALSE(r.boolean("flag"));
    r.set("count", 42).set("flag", true).set("title", "Ёж");
    EXPECT_EQ(r.integer("count"), 42);
    EXPECT_TRUE(r.boolean("flag"));
    EXPECT_EQ(r.text("title"), "Ёж");
    EXPECT_EQ(r.ref_title("parent"), "");
    EXPECT_EQ(Record(Registry::app().get(entity::kEnumOption)).integer("position"), 0);
}

class SampleRecords : public ::testing::Test {
  protected:
    void SetUp() override {
        env_ = test::Env::open(test::sample_registry(), clock_);
        ASSERT_TRUE(env_);
        drafts_ = std::make_unique<test::Drafts>(*env_);
    }
    Repository repo() { return env_->repo(sample()); }
    Record with(std::string_view title) {
        Record r(sample());
        r.set("title", std::string(title));
        return r;
    }
    std::string make(Record r) {
        auto made = repo().create(std::move(r));
        EXPECT_TRUE(made.ok()) << message_of(made);
        return made.ok() ? made->id : std::string();
    }
    // SQLite's typeof() of one column of one row.
    std::string column_type(const std::string& id, const std::string& column) {
        auto stmt = env_->db().prepare("SELECT typeof(" + column + ") || ':' || coalesce(" + column +
                                       ", '') FROM samples WHERE id = ?1");
        EXPECT_TRUE(stmt.ok()) << message_of(stmt);
        if (!stmt) return {};
        stmt->bind(1, id);
        return stmt->step().value_or(false) ? stmt->column_text(0) : "<no row>";
    }
    std::vector<std::string> sorted_titles(std::string_view field, bool descending = false) {
        ListQuery q;
        q.sort_field = std::string(field);
        q.descending = descending;
        auto page = repo().list(q);
        EXPECT_TRUE(page.ok()) << message_of(page);
        return page.ok() ? test::titles(*page) : std::vector<std::string>{};
    }

    test::FakeClock clock_;
    std::unique_ptr<test::Env> env_;
    std::unique_ptr<test::Drafts> drafts_;
};

TEST_F(SampleRecords, EveryTypeRoundTripsThroughTheRepository) {
    const std::string parent = make(with("Родитель"));
    Record r = with("Ёлка «Первая»");
    r.set("body", "строка 1\nстрока 2 \"в кавычках\"")
        .set("tags", json::array({"a", "бэ"}))
        .set("phones", json::array({"+7 (916) 123-45-67"}))
        .set("emails", json::array({"a@b.ru"}))
        .set("count", -10)
        .set("flag", true)
        .set("price", money(1250050, "RUB"))
        .set("fee", money(0, "EUR"))
        .set("due", "2024-02-29")
        .set("seen_at", limits::kMaxDateTimeMs)
        .set("level", "high")
        .set("kind", drafts_->option(test::kSampleKinds, 0))
        .set("parent", parent)
        .set("place", geo(55.7558, 37.6173, 12.5));
    auto made = repo().create(r);
    ASSERT_TRUE(made.ok()) << message_of(made);
    auto got = repo().get(made->id);
    ASSERT_TRUE(got.ok());
    for (const FieldDesc& f : sample().fields)
        if (test::is_written(f)) {
            EXPECT_EQ(got->get(f.name), r.get(f.name)) << f.name;
        }
    EXPECT_EQ(got->ref_title("parent"), "Родитель");
    // The stored forms: money in two typed columns, dates as ISO text, instants as integers.
    EXPECT_EQ(column_type(made->id, "price"), "integer:1250050");
    EXPECT_EQ(column_type(made->id, "price_currency"), "text:RUB");
    EXPECT_EQ(column_type(made->id, "due"), "text:2024-02-29");
    EXPECT_EQ(column_type(made->id, "seen_at"), "integer:" + std::to_string(limits::kMaxDateTimeMs));
    EXPECT_EQ(column_type(made->id, "flag"), "integer:1");
    EXPECT_EQ(column_type(made->id, "tags"), "text:[\"a\",\"бэ\"]");
    EXPECT_EQ(column_type(made->id, "phone_digits"), "text:79161234567 89161234567 9161234567");

    // And the empty value of every type comes back as itself, stored as NULL where the type allows.
    auto bare = repo().create(with("Пустая"));
    ASSERT_TRUE(bare.ok()) << message_of(bare);
    auto empty = repo().get(bare->id);
    ASSERT_TRUE(empty.ok());
    for (const FieldDesc& f : sample().fields)
        if (test::is_written(f) && f.name != "title") {
            EXPECT_EQ(empty->get(f.name), empty_value(f)) << f.name;
        }
    for (const char* column : {"count", "price", "price_currency", "due", "seen_at", "parent", "place"})
        EXPECT_EQ(column_type(bare->id, column), "null:") << column;
}

TEST_F(SampleRecords, TheRepositoryNormalizesBeforeItValidates) {
    Record r = with("  С пробелами  ");
    r.set("price", json{{"minor", 100}, {"currency", "usd"}})
        .set("due", " ")
        .set("tags", json::array({" x ", ""}));
    auto made = repo().create(r);
    ASSERT_TRUE(made.ok()) << message_of(made);
    EXPECT_EQ(made->text("title"), "С пробелами");
    EXPECT_EQ(made->get("price"), money(100, "USD"));
    EXPECT_TRUE(made->get("due").is_null());
    EXPECT_EQ(made->get("tags"), json::array({"x"}));
    const sync::Change queued = test::entry(test::outbox_of(env_->log(), made->id), std::string("price"));
    EXPECT_EQ(queued.value, money(100, "USD"));  // the normalized value is what syncs
}

TEST_F(SampleRecords, UserDefinedOptionsMustBeLiveOptionsOfTheirList) {
    const std::string option = drafts_->option(test::kSampleKinds, 0);
    Record r = with("С вариантом");
    r.set("kind", option);
    const std::string id = make(r);
    ASSERT_FALSE(id.empty());

    auto refused = [&](const std::string& value) {
        Record other = with("Другая");
        other.set("kind", value);
        auto made = repo().create(other);
        return made.ok() ? std::string("accepted") : made.error().reason;
    };
    EXPECT_EQ(refused(kId), "unknown_option");  // no such option
    // An option of another list.
    Record foreign(env_->options().entity());
    foreign.set("list", "industry").set("label", "Банки");
    auto other_list = env_->options().create(foreign);
    ASSERT_TRUE(other_list.ok());
    EXPECT_EQ(refused(other_list->id), "unknown_option");

    // A deleted option: nothing new may take it, but the record holding it stays editable.
    ASSERT_TRUE(env_->options().remove(option).ok());
    EXPECT_EQ(refused(option), "unknown_option");
    Record edited = repo().get(id).value();
    edited.set("title", "Переименована");
    EXPECT_TRUE(repo().update(edited).ok());
    ASSERT_TRUE(env_->options().restore(option).ok());
    EXPECT_EQ(refused(option), "accepted");

    ListQuery q;
    q.equals = {{"kind", option}};
    EXPECT_EQ(repo().list(q).value().total, 2);
}

TEST_F(SampleRecords, MoneySortsByMinorUnits) {
    const std::pair<const char*, json> rows[] = {{"2000 RUB", money(2000, "RUB")},
                                                 {"-5 USD", money(-5, "USD")},
                                                 {"none", nullptr},
                                                 {"100 EUR", money(100, "EUR")},
                                                 {"100 RUB", money(100, "RUB")},
                                                 {"max", money(limits::kMaxMoneyMinor, "AAA")}};
    for (const auto& [title, value] : rows) make(with(title).set("price", value));
    EXPECT_EQ(sorted_titles("price"),
              (std::vector<std::string>{"none", "-5 USD", "100 EUR", "100 RUB", "2000 RUB", "max"}));
    EXPECT_EQ(sorted_titles("price", true),
              (std::vector<std::string>{"max", "2000 RUB", "100 RUB", "100 EUR", "-5 USD", "none"}));
}

TEST_F(SampleRecords, DatesSortChronologically) {
    for (const char* d : {"2024-10-01", "1999-12-31", "2024-02-29", "0999-01-01", "2024-09-30"})
        make(with(d).set("due", d));
    make(with("none"));
    EXPECT_EQ(sorted_titles("due"), (std::vector<std::string>{"none", "0999-01-01", "1999-12-31",
                                                              "2024-02-29", "2024-09-30", "2024-10-01"}));
}

TEST_F(SampleRecords, IntegersAndInstantsSortAsNumbers) {
    for (const auto& [title, ms] : {std::pair{"100", 100}, {"99", 99}, {"1000", 1000}, {"0", 0}})
        make(with(title).set("seen_at", ms).set("count", -(ms / 100)));
    EXPECT_EQ(sorted_titles("seen_at"),
              (std::vector<std::string>{"0", "99", "100", "1000"}));  // not "100" < "99"
    EXPECT_EQ(sorted_titles("count"), (std::vector<std::string>{"1000", "100", "99", "0"}));
}

TEST_F(SampleRecords, FixedEnumsSortInOptionOrderAfterNoValue) {
    for (const char* level : {"high", "low", "", "mid", "low"})
        make(with(std::string("L-") + level).set("level", level));
    EXPECT_EQ(sorted_titles("level"), (std::vector<std::string>{"L-", "L-low", "L-low", "L-mid", "L-high"}));
    EXPECT_EQ(sorted_titles("level", true),
              (std::vector<std::string>{"L-high", "L-mid", "L-low", "L-low", "L-"}));
}

TEST_F(SampleRecords, TextSortsCaseInsensitivelyWithYoAsYe) {
    for (const char* t : {"яблоко", "Арбуз", "ёжик", "Ель", "банан", "Zebra", "apple", "Ежевика"})
        make(with(t));
    EXPECT_EQ(sorted_titles("title"), (std::vector<std::string>{"apple", "Zebra", "Арбуз", "банан", "Ежевика",
                                                                "ёжик", "Ель", "яблоко"}));
}

TEST_F(SampleRecords, BooleansSortFalseFirst) {
    for (const auto& [title, flag] : {std::pair{"yes-1", true}, {"no", false}, {"yes-2", true}})
        make(with(title).set("flag", flag));
    EXPECT_EQ(sorted_titles("flag"), (std::vector<std::string>{"no", "yes-1", "yes-2"}));
    ListQuery q;
    q.equals = {{"flag", "true"}};
    EXPECT_EQ(repo().list(q).value().total, 2);
}

}  // namespace
}  // namespace crm::domain
