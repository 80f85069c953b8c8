// One validation path: for every field of every app entity, a value past its limit (or otherwise
// invalid) is refused by a local write and by the merge for the same reason, and a value exactly at the
// limit is accepted by both. (The merge once took any text up to the notes limit as a name.)
#include <gtest/gtest.h>

#include "core/limits.hpp"
#include "core/sync/merge.hpp"
#include "tests/core/test_entities.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using nlohmann::json;
using test::EntityCase;
using test::message_of;

// A value for a failure message; invalid UTF-8 is shown replaced rather than thrown over.
std::string show(const json& v) {
    return v.dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 80);
}

struct Refused {
    json value;
    std::string reason;
};

// `n` bytes of text: Cyrillic two-byte letters, so a limit counted in characters would let it through.
std::string bytes_of_text(std::size_t n) {
    std::string s;
    while (s.size() + 2 <= n) s += "ж";
    if (s.size() < n) s += "x";
    return s;
}

json items(test::Drafts& drafts, const EntityDesc& e, const FieldDesc& f, std::size_t count) {
    json out = json::array();
    for (std::size_t k = 0; k < count; ++k) out.push_back(drafts.value(e, f, static_cast<int>(k))[0]);
    return out;
}

std::vector<Refused> refused_values(test::Drafts& drafts, const EntityDesc& e, const FieldDesc& f) {
    std::vector<Refused> out;
    const std::size_t limit = test::text_limit(f);
    if (f.required) out.push_back({empty_value(f), "empty"});
    switch (f.type) {
        case FieldType::Text:
        case FieldType::LongText:
            out.push_back({bytes_of_text(limit + 1), "too_long"});
            out.push_back({"ok\xff", "bad_utf8"});
            out.push_back({42, "malformed"});
            break;
        case FieldType::TextList:
            out.push_back({items(drafts, e, f, test::item_limit(f) + 1), "too_many"});
            out.push_back({json::array({std::string(limit + 1, '7')}), "too_long"});
            out.push_back({json::array({"\xd0"}), "bad_utf8"});
            out.push_back({json::array({1}), "malformed"});
            out.push_back({"+7 916 123 45 67", "malformed"});
            if (f.format != TextFormat::Plain) out.push_back({json::array({"12-34 nope"}), "malformed"});
            break;
        case FieldType::Integer:
        case FieldType::DateTime: {
            const std::int64_t lo = f.type == FieldType::DateTime ? std::max<std::int64_t>(f.min, 0) : f.min;
            const std::int64_t hi =
                f.type == FieldType::DateTime ? std::min(f.max, limits::kMaxDateTimeMs) : f.max;
            if (hi < INT64_MAX) out.push_back({hi + 1, "out_of_range"});
            if (lo > INT64_MIN) out.push_back({lo - 1, "out_of_range"});
            out.push_back({"12", "malformed"});
            out.push_back({1.5, "malformed"});
            out.push_back({std::uint64_t{1} << 63, "malformed"});
            break;
        }
        case FieldType::Boolean:
            out.push_back({1, "malformed"});
            break;
        case FieldType::Money:
            out.push_back({money(std::min(f.max, limits::kMaxMoneyMinor) + 1, "RUB"), "out_of_range"});
            out.push_back({money(std::max(f.min, -limits::kMaxMoneyMinor) - 1, "RUB"), "out_of_range"});
            out.push_back({money(100, "RUBL"), "malformed"});
            out.push_back({json{{"minor", 100}}, "malformed"});
            break;
        case FieldType::Date:
            out.push_back({"2023-02-29", "malformed"});
            out.push_back({"29.02.2024", "malformed"});
            break;
        case FieldType::Enum:
            out.push_back({std::string(limit + 1, 'k'), "too_long"});
            if (f.option_list.empty()) out.push_back({"no_such_option", "unknown_option"});
            out.push_back({7, "malformed"});
            break;
        case FieldType::Reference:
            out.push_back({"not-a-record-id", "malformed"});
            out.push_back({std::string(limits::kMaxRowIdBytes + 1, 'a'), "malformed"});
            break;
        case FieldType::GeoPoint:
            out.push_back({geo(90.5, 0, 0), "malformed"});
            out.push_back({json{{"lat", 1}}, "malformed"});
            break;
    }
    return out;
}

// Valid values at the edges of what the field allows.
std::vector<json> boundary_values(test::Drafts& drafts, const EntityDesc& e, const FieldDesc& f) {
    std::vector<json> out;
    switch (f.type) {
        case FieldType::Text:
        case FieldType::LongText:
            if (f.format == TextFormat::Plain) out.push_back(bytes_of_text(test::text_limit(f)));
            break;
        case FieldType::TextList:
            out.push_back(items(drafts, e, f, test::item_limit(f)));
            if (f.format == TextFormat::Plain)
                out.push_back(json::array({bytes_of_text(test::text_limit(f))}));
            break;
        case FieldType::Integer:
            out.push_back(std::max<std::int64_t>(f.min, -limits::kMaxMoneyMinor));
            out.push_back(f.max);
            break;
        case FieldType::DateTime:
            out.push_back(std::int64_t{0});
            out.push_back(limits::kMaxDateTimeMs);
            break;
        case FieldType::Money:
            out.push_back(money(std::min(f.max, limits::kMaxMoneyMinor), "EUR"));
            out.push_back(money(std::max(f.min, -limits::kMaxMoneyMinor), "RUB"));
            break;
        case FieldType::Date:
            out.push_back("2024-02-29");
            break;
        case FieldType::Enum:
            if (f.option_list.empty()) out.push_back(std::string(f.options.back()));
            break;
        case FieldType::GeoPoint:
            out.push_back(geo(90, 180, limits::kMaxGeoAccuracyM));
            out.push_back(geo(-90, -180, 0));
            break;
        default:
            break;
    }
    return out;
}

class LimitsSuite : public ::testing::TestWithParam<EntityCase> {
  protected:
    void SetUp() override {
        env_ = test::Env::open(*GetParam().registry, clock_, "local");
        ASSERT_TRUE(env_);
        drafts_ = std::make_unique<test::Drafts>(*env_);
    }
    const EntityDesc& entity() const { return GetParam().desc(); }

    // Delivers one change for a new row; returns the outcome.
    sync::MergeOutcome merge(const FieldDesc& f, const json& value, const std::string& row) {
        auto outcome =
            sync::apply_remote(env_->db(), env_->log(),
                               {test::make_change(std::string(entity().table), row, std::string(f.name),
                                                  value, sync::Hlc{*clock_.ms, 0}, "remote")});
        EXPECT_TRUE(outcome.ok()) << message_of(outcome);
        return outcome.ok() ? *outcome : sync::MergeOutcome{};
    }

    test::FakeClock clock_;
    std::unique_ptr<test::Env> env_;
    std::unique_ptr<test::Drafts> drafts_;
    UuidGenerator rows_{99};
};

TEST_P(LimitsSuite, AnInvalidValueIsRefusedLocallyAndByTheMergeForTheSameReason) {
    int checked = 0;
    for (const FieldDesc& f : entity().fields) {
        if (!test::is_written(f)) continue;
        for (const Refused& bad : refused_values(*drafts_, entity(), f)) {
            const std::string what = std::string(f.name) + " = " + show(bad.value);
            Record draft = drafts_->draft(entity(), 1);
            draft.set(f.name, bad.value);
            const std::string before = test::sync_metadata(env_->store(), domain::Registry::app());
            auto local = env_->repo(entity()).create(draft);
            ASSERT_FALSE(local.ok()) << what;
            EXPECT_EQ(local.error().code, ErrorCode::Invalid) << what;
            EXPECT_EQ(local.error().field, f.name) << what;
            EXPECT_EQ(local.error().reason, bad.reason) << what << ": " << local.error().message;

            const std::string row = rows_.make(*clock_.ms);
            const sync::MergeOutcome remote = merge(f, bad.value, row);
            EXPECT_EQ(remote.applied, 0) << what;
            ASSERT_EQ(remote.rejected.size(), 1u) << what;
            EXPECT_EQ(remote.rejected[0].error.message,
                      std::string(entity().table) + "." + local.error().message)
                << what;
            EXPECT_EQ(env_->repo(entity()).state(row).value_or(RowState::Live), RowState::Missing) << what;
            EXPECT_EQ(test::sync_metadata(env_->store(), domain::Registry::app()), before) << what;
            ++checked;
        }
    }
    EXPECT_GT(checked, 5);
}

TEST_P(LimitsSuite, AValueAtTheLimitIsAcceptedLocallyAndByTheMerge) {
    int checked = 0;
    for (const FieldDesc& f : entity().fields) {
        if (!test::is_written(f)) continue;
        for (const json& edge : boundary_values(*drafts_, entity(), f)) {
            const std::string what = std::string(f.name) + " = " + show(edge);
            Record draft = drafts_->draft(entity(), 1);
            draft.set(f.name, edge);
            auto local = env_->repo(entity()).create(draft);
            ASSERT_TRUE(local.ok()) << what << ": " << message_of(local);
            EXPECT_EQ(env_->repo(entity()).get(local->id)->get(f.name), edge) << what;

            const std::string row = rows_.make(*clock_.ms);
            const sync::MergeOutcome remote = merge(f, edge, row);
            EXPECT_EQ(remote.applied, 1) << what;
            EXPECT_TRUE(remote.rejected.empty()) << what << ": " << remote.rejected[0].error.message;
            EXPECT_EQ(env_->repo(entity()).get(row)->get(f.name), edge) << what;
            auto clock = env_->log().winner(entity().table, row, f.name);
            ASSERT_TRUE(clock.ok() && clock->has_value()) << what;
            EXPECT_EQ(**clock, (sync::FieldClock{sync::Hlc{*clock_.ms, 0}, "remote"})) << what;
            EXPECT_TRUE(test::outbox_of(env_->log(), row).empty())
                << what << ": a received change is not sent back";
            ++checked;
        }
    }
    EXPECT_GT(checked, 0);
}

// Fields the repository sets itself still arrive from other devices: the merge checks them too.
TEST_P(LimitsSuite, TheMergeChecksSystemFieldsAndRefusesDerivedOnes) {
    const std::string table(entity().table);
    const sync::Hlc now{*clock_.ms, 0};
    const std::string row = rows_.make(now.ms);
    auto outcome = sync::apply_remote(env_->db(), env_->log(),
                                      {test::make_change(table, row, "deleted", 2, now, "remote"),
                                       test::make_change(table, row, "created_at", -1, now, "remote"),
                                       test::make_change(table, row, "updated_at", 5, now, "remote"),
                                       test::make_change(table, row, "no_such_field", "x", now, "remote"),
                                       test::make_change(table, row, "deleted", 1, now, "remote")});
    ASSERT_TRUE(outcome.ok()) << message_of(outcome);
    EXPECT_EQ(outcome->applied, 1);
    ASSERT_EQ(outcome->rejected.size(), 4u);
    EXPECT_NE(outcome->rejected[0].error.message.find("deleted"), std::string::npos);
    EXPECT_NE(outcome->rejected[1].error.message.find("created_at"), std::string::npos);
    EXPECT_NE(outcome->rejected[2].error.message.find("unknown field"), std::string::npos);
    EXPECT_NE(outcome->rejected[3].error.message.find("unknown field"), std::string::npos);
    EXPECT_EQ(env_->repo(entity()).state(row).value_or(RowState::Missing), RowState::Deleted);
}

INSTANTIATE_TEST_SUITE_P(App, LimitsSuite, ::testing::ValuesIn(test::app_entities()), test::param_name);

}  // namespace
}  // namespace crm::domain
