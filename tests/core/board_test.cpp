// The deals board's reads (core/domain/board.hpp): column order, counts, sums and weighted sums per
// currency, filters, card pages and the cards' facts.
#include <gtest/gtest.h>

#include <set>

#include "core/domain/board.hpp"
#include "core/domain/pipeline.hpp"
#include "core/store.hpp"
#include "core/util/civil_date.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using nlohmann::json;
using test::message_of;

constexpr std::int64_t kDayMs = 24 * 3'600'000LL;
constexpr std::int64_t kMoscow = 3 * 3'600'000LL;

class Board : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = test::open_store("dev-b", clock_);
        ASSERT_TRUE(store_);
        pipeline_ = create(entity::kPipeline, {{"name", "Продажи"}, {"position", 0}});
        other_ = create(entity::kPipeline, {{"name", "Повторные"}, {"position", 1}});
        // Created out of board order: the board sorts open stages by position, then won, then lost.
        won_ = stage(pipeline_, "Успех", outcome::kWon, 100, 0, 9);
        lead_ = stage(pipeline_, "Новый лид", outcome::kOpen, 10, 7, 0);
        lost_ = stage(pipeline_, "Провал", outcome::kLost, 0, 0, 8);
        offer_ = stage(pipeline_, "КП", outcome::kOpen, 60, 3, 1);
        other_stage_ = stage(other_, "Запрос", outcome::kOpen, 20, 0, 0);
        company_ = create(entity::kCompany, {{"name", "ООО «Ромашка»"}});
        person_ = create(entity::kContact, {{"name", "Иван Петров"}});
    }

    std::string create(std::string_view entity, const std::vector<std::pair<std::string, json>>& values) {
        return test::create_record(*store_, entity, values);
    }
    std::string stage(const std::string& pipeline, const char* name, std::string_view kind, int probability,
                      int idle_days, int position) {
        return create(entity::kStage, {{"pipeline_id", pipeline},
                                       {"name", name},
                                       {"position", position},
                                       {"kind", std::string(kind)},
                                       {"probability", probability},
                                       {"idle_days", idle_days}});
    }
    struct DealSpec {
        std::string title = "Поставка";
        std::string stage;
        json amount = nullptr;
        json probability = nullptr;
        std::string owner = "anna";
        bool private_person = false;
        std::int64_t at = 1'700'000'000'000;
    };
    std::string deal(DealSpec spec) {
        Repository deals = store_->records(entity::kDeal);
        Record d(deals.entity());
        const bool other = spec.stage == other_stage_;
        d.set("title", spec.title).set("owner_id", test::user_id(*store_, spec.owner)).set("amount", spec.amount);
        d.set("probability", spec.probability).set("stage_id", spec.stage);
        d.set("pipeline_id", other ? other_ : pipeline_);
        if (spec.private_person)
            d.set("contact_id", person_);
        else
            d.set("company_id", company_);
        MoveOptions options;
        options.at_ms = spec.at;
        auto made = create_deal(*store_, d, options);
        EXPECT_TRUE(made.ok() && made->moved) << message_of(made);
        return made.ok() ? made->deal.id : std::string();
    }
    std::vector<BoardColumn> columns(BoardFilter filter = {}) {
        if (filter.pipeline_id.empty()) filter.pipeline_id = pipeline_;
        auto loaded = load_board_columns(*store_, filter);
        EXPECT_TRUE(loaded.ok()) << message_of(loaded);
        return loaded.ok() ? std::move(loaded).value() : std::vector<BoardColumn>{};
    }
    std::vector<BoardCard> cards(const std::string& stage_id, int offset, int limit,
                                 BoardFilter filter = {}) {
        if (filter.pipeline_id.empty()) filter.pipeline_id = pipeline_;
        auto stage = store_->records(entity::kStage).get(stage_id);
        EXPECT_TRUE(stage.ok());
        auto loaded = load_board_cards(*store_, filter, *stage, offset, limit, *clock_.ms, kMoscow);
        EXPECT_TRUE(loaded.ok()) << message_of(loaded);
        return loaded.ok() ? std::move(loaded).value() : std::vector<BoardCard>{};
    }

    test::FakeClock clock_;
    std::unique_ptr<Store> store_;
    std::string pipeline_, other_, lead_, offer_, won_, lost_, other_stage_, company_, person_;
};

TEST_F(Board, ColumnsAreOpenStagesByPositionThenWonThenLost) {
    const auto cols = columns();
    ASSERT_EQ(cols.size(), 4u);
    EXPECT_EQ(cols[0].stage.id, lead_);
    EXPECT_EQ(cols[1].stage.id, offer_);
    EXPECT_EQ(cols[2].stage.id, won_);
    EXPECT_EQ(cols[3].stage.id, lost_);
    for (const auto& c : cols) EXPECT_EQ(c.count, 0);
    auto pipelines = board_pipelines(*store_);
    ASSERT_TRUE(pipelines.ok());
    ASSERT_EQ(pipelines->size(), 2u);
    EXPECT_EQ((*pipelines)[0].id, pipeline_);
}

TEST_F(Board, CountsSumsAndWeightedSumsPerCurrencyInIntegerMinorUnits) {
    deal({.stage = lead_, .amount = money(100'00, "RUB")});                    // 10 %: 10,00
    deal({.stage = lead_, .amount = money(33'33, "RUB"), .probability = 50});  // 16,665 -> 16,67
    deal({.stage = lead_, .amount = money(10'00, "USD")});                     // 1,00
    deal({.stage = lead_, .amount = money(5'00, "EUR"), .probability = 0});    // 0
    deal({.stage = lead_});                                                    // counted, no amount
    deal({.stage = offer_, .amount = money(1'000'000'00, "RUB")});             // 60 %
    deal({.stage = other_stage_, .amount = money(7'00, "RUB")});               // another pipeline
    const auto cols = columns();
    ASSERT_EQ(cols.size(), 4u);
    EXPECT_EQ(cols[0].count, 5);
    ASSERT_EQ(cols[0].sums.size(), 3u);
    EXPECT_EQ(cols[0].sums[0], (CurrencySum{"RUB", 133'33, 26'67}));  // RUB first, then by code
    EXPECT_EQ(cols[0].sums[1], (CurrencySum{"EUR", 5'00, 0}));
    EXPECT_EQ(cols[0].sums[2], (CurrencySum{"USD", 10'00, 1'00}));
    EXPECT_EQ(cols[1].count, 1);
    ASSERT_EQ(cols[1].sums.size(), 1u);
    EXPECT_EQ(cols[1].sums[0], (CurrencySum{"RUB", 1'000'000'00, 600'000'00}));
    EXPECT_EQ(cols[2].count, 0);
    EXPECT_TRUE(cols[2].sums.empty());
}

TEST_F(Board, AColumnsWeightedSumIsTheSumOfItsCardsWeightedAmounts) {
    // Three deals of 0,01 at 50 %: each rounds half up to 0,01, so the column is 0,03 (not 0,02 of the sum).
    for (int i = 0; i < 3; ++i) deal({.stage = lead_, .amount = money(1, "RUB"), .probability = 50});
    const auto cols = columns();
    EXPECT_EQ(cols[0].sums.at(0), (CurrencySum{"RUB", 3, 3}));
}

TEST_F(Board, AMoveTakesTheDealAndItsFiguresToTheOtherColumn) {
    const std::string id = deal({.stage = lead_, .amount = money(200'00, "RUB")});
    auto moved = move_deal(*store_, id, offer_);
    ASSERT_TRUE(moved.ok() && moved->moved) << message_of(moved);
    const auto cols = columns();
    EXPECT_EQ(cols[0].count, 0);
    EXPECT_EQ(cols[1].count, 1);
    EXPECT_EQ(cols[1].sums.at(0), (CurrencySum{"RUB", 200'00, 120'00}));
    EXPECT_EQ(cards(offer_, 0, 10).at(0).id, id);
    EXPECT_TRUE(cards(lead_, 0, 10).empty());
}

TEST_F(Board, OwnerAndSearchFilterEveryColumnAndDeletedDealsAreLeftOut) {
    deal({.title = "Станки для завода", .stage = lead_, .amount = money(1'00, "RUB"), .owner = "anna"});
    deal({.title = "Ёлки к празднику", .stage = lead_, .amount = money(2'00, "RUB"), .owner = "boris"});
    deal({.title = "Станки повторно", .stage = offer_, .amount = money(4'00, "RUB"), .owner = "boris"});
    const std::string gone = deal({.title = "Станки удалённые", .stage = offer_, .owner = "boris"});
    ASSERT_TRUE(store_->records(entity::kDeal).remove(gone).ok());

    auto boris = columns({.owner = test::user_id(*store_, "boris")});
    EXPECT_EQ(boris[0].count, 1);
    EXPECT_EQ(boris[0].sums.at(0).amount, 2'00);
    EXPECT_EQ(boris[1].count, 1);
    auto machines = columns({.search = "стан"});
    EXPECT_EQ(machines[0].count, 1);
    EXPECT_EQ(machines[1].count, 1);
    EXPECT_EQ(cards(lead_, 0, 10, {.search = "стан"}).at(0).title, "Станки для завода");
    auto both = columns({.owner = test::user_id(*store_, "boris"), .search = "елки"});  // ё and е match both ways
    EXPECT_EQ(both[0].count, 1);
    EXPECT_EQ(both[1].count, 0);
    EXPECT_EQ(cards(lead_, 0, 10, {.owner = test::user_id(*store_, "anna")}).size(), 1u);
    std::vector<std::string> owners;
    for (const auto& o : board_owners(*store_)) owners.push_back(o.name);
    EXPECT_EQ(owners, (std::vector<std::string>{"anna", "boris"}));
}

TEST_F(Board, CardPagesAreNewestInTheStageFirstWithoutRepeatsOrGaps) {
    constexpr int kDeals = 25;
    for (int i = 0; i < kDeals; ++i)
        deal({.title = "Сделка " + std::to_string(i),
              .stage = lead_,
              .at = *clock_.ms - (kDeals - i) * 60'000});
    std::vector<std::string> titles;
    for (int offset = 0; offset < kDeals; offset += 10)
        for (const BoardCard& c : cards(lead_, offset, 10)) titles.push_back(c.title);
    ASSERT_EQ(titles.size(), static_cast<std::size_t>(kDeals));
    EXPECT_EQ(titles.front(), "Сделка 24");
    EXPECT_EQ(titles.back(), "Сделка 0");
    EXPECT_EQ(std::set<std::string>(titles.begin(), titles.end()).size(), titles.size());
    EXPECT_TRUE(cards(lead_, kDeals, 10).empty());
}

TEST_F(Board, ACardShowsCustomerAmountDaysInStageOwnerAndStaleness) {
    const std::int64_t now = *clock_.ms;
    deal({.title = "Свежая", .stage = lead_, .amount = money(1'250'500'50, "RUB"), .at = now - 2 * kDayMs});
    deal({.title = "Залежалась",
          .stage = lead_,
          .owner = "boris",
          .private_person = true,
          .at = now - 9 * kDayMs});
    const auto list = cards(lead_, 0, 10);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].title, "Свежая");
    EXPECT_EQ(list[0].customer, "ООО «Ромашка»");
    ASSERT_TRUE(list[0].amount.has_value());
    EXPECT_EQ(list[0].amount->minor, 1'250'500'50);
    EXPECT_EQ(list[0].amount->currency, "RUB");
    EXPECT_EQ(list[0].days_in_stage, 2);
    EXPECT_FALSE(list[0].stale);  // 2 days of 7 idle days
    EXPECT_EQ(list[1].customer, "Иван Петров");
    EXPECT_FALSE(list[1].amount.has_value());
    EXPECT_EQ(list[1].days_in_stage, 9);
    EXPECT_EQ(list[1].owner, "boris");
    EXPECT_TRUE(list[1].stale);
}

TEST_F(Board, AClosedDealIsNeverStale) {
    const std::string id = deal({.stage = lead_, .at = *clock_.ms - 30 * kDayMs});
    MoveOptions won_long_ago;
    won_long_ago.at_ms = *clock_.ms - 20 * kDayMs;
    ASSERT_TRUE(move_deal(*store_, id, won_, won_long_ago).ok());
    const auto list = cards(won_, 0, 10);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].days_in_stage, 20);
    EXPECT_FALSE(list[0].stale);
}

// The board's two reads use the deals' indexes at any size: the columns scan the pipeline's reference
// index, a card page the stage's (the plans SQLite picks for the shapes the board issues).
TEST_F(Board, QueriesUseTheDealsIndexes) {
    auto plan = [&](const std::string& sql) {
        auto stmt = store_->db().prepare("EXPLAIN QUERY PLAN " + sql);
        EXPECT_TRUE(stmt.ok());
        std::string text;
        while (stmt.ok() && stmt->step().value_or(false)) text += stmt->column_text(3) + "\n";
        return text;
    };
    const std::string columns_plan = plan(
        "SELECT stage_id, amount, amount_currency, probability FROM deals WHERE pipeline_id = 'x' AND "
        "deleted = 0 AND owner_id = 'a'");
    EXPECT_NE(columns_plan.find("USING INDEX"), std::string::npos) << columns_plan;
    const std::string cards_plan = plan(
        "SELECT t.rowid FROM deals t WHERE t.deleted = 0 AND t.stage_id = 'x' ORDER BY t.stage_entered_at "
        "DESC, "
        "t.rowid DESC LIMIT 20 OFFSET 40");
    EXPECT_NE(cards_plan.find("USING INDEX"), std::string::npos) << cards_plan;
    EXPECT_EQ(cards_plan.find("SCAN t\n"), std::string::npos) << cards_plan;
}

}  // namespace
}  // namespace crm::domain
