// The deals board (ui/views/deal_board.cpp) and the stage-move dialog (ui/views/stage_move_dialog.cpp)
// headless: columns and figures, dragging a card with the mouse and a finger, the gate's prompt (fill and
// save, cancel), a lost stage's reason, opening a card, the list mode, and 10,000 deals read a page at a
// time.
#include <gtest/gtest.h>

#include <string>

#include "core/domain/pipeline.hpp"
#include "core/limits.hpp"
#include "tests/ui/ui_harness.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui::test {
namespace {

using nlohmann::json;
namespace entity = domain::entity;
namespace outcome = domain::outcome;

constexpr std::int64_t kDayMs = 24 * 3'600'000LL;

class UiDealBoard : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        pipeline = add("pipeline", {{"name", "Продажи"}, {"position", 0}});
        lead = stage("Новый лид", outcome::kOpen, 10, 7, 0, {});
        offer = stage("КП", outcome::kOpen, 60, 0, 1, {"amount", "expected_close"});
        won = stage("Успех", outcome::kWon, 100, 0, 2, {});
        lost = stage("Провал", outcome::kLost, 0, 0, 3, {});
        company = add_company(*store, "ООО «Ромашка»");
        reason = add("loss_reason", {{"name", "Дорого"}, {"position", 0}});
    }
    std::string add(std::string_view name, const json& values) {
        return add_record(*store, domain::Registry::app().get(name), values);
    }
    std::string stage(const char* name, std::string_view kind, int probability, int idle, int position,
                      std::vector<std::string> required) {
        return add("stage", {{"pipeline_id", pipeline},
                             {"name", name},
                             {"kind", std::string(kind)},
                             {"probability", probability},
                             {"idle_days", idle},
                             {"position", position},
                             {"required_fields", required}});
    }
    // `owner`: the login of the user account owning the deal (made on first use).
    std::string deal(const std::string& title, json amount, std::int64_t entered = kNowMs - kDayMs,
                     const std::string& owner = "anna") {
        const domain::EntityDesc& e = domain::Registry::app().get(entity::kDeal);
        domain::Record d(e);
        d.set("title", title)
            .set("company_id", company)
            .set("owner_id", user_id(*store, owner))
            .set("amount", std::move(amount));
        d.set("pipeline_id", pipeline).set("stage_id", lead);
        domain::MoveOptions options;
        options.at_ms = entered;
        auto made = domain::create_deal(*store, d, options);
        EXPECT_TRUE(made.ok() && made->moved);
        return made.ok() ? made->deal.id : std::string();
    }
    domain::Record stored(const std::string& id) {
        return read_record(*store, domain::Registry::app().get(entity::kDeal), id);
    }
    std::int64_t history(const std::string& id) {
        auto q = store->db().prepare("SELECT count(*) FROM stage_history WHERE deleted = 0 AND deal_id = ?1");
        q->bind(1, id);
        return q->step().value_or(false) ? q->column_int(0) : -1;
    }
    // The centre of column `i` on screen (the drop point).
    std::pair<float, float> column_centre(const UiHarness& ui, int i) {
        const auto r = ui.item("board.column." + std::to_string(i));
        EXPECT_TRUE(r.has_value()) << "column " << i << " not on screen";
        if (!r) return {0.0f, 0.0f};
        return {r->x + r->w * 0.5f, r->y + r->h * 0.5f};
    }
    void open_board(UiHarness& ui) {
        ASSERT_TRUE(ui.click("nav.section.deals"));
        ASSERT_EQ(ui.state("board.mode"), "board");
    }

    std::unique_ptr<Store> store;
    FakePlatform platform;
    std::string pipeline, lead, offer, won, lost, company, reason;
};

TEST_F(UiDealBoard, ColumnsShowCountsSumsAndWeightedSumsPerCurrency) {
    deal("Станки", domain::money(1'250'500'50, "RUB"));
    deal("Ленты", domain::money(100'00, "USD"));
    deal("Без суммы", nullptr, kNowMs - 10 * kDayMs);
    UiHarness ui(*store, platform);
    open_board(ui);
    const json cols = ui.state("board.columns");
    ASSERT_EQ(cols.size(), 4u);
    EXPECT_EQ(cols[0]["name"], "Новый лид");
    EXPECT_EQ(cols[0]["count"], 3);
    EXPECT_EQ(cols[0]["sum_text"], "1\u00A0250\u00A0500,50\u00A0₽ · 100,00\u00A0$");
    EXPECT_EQ(cols[0]["weighted_text"], "125\u00A0050,05\u00A0₽ · 10,00\u00A0$");
    EXPECT_EQ(cols[0]["cards"].size(), 3u);
    EXPECT_EQ(cols[2]["kind"], "won");
    EXPECT_EQ(cols[3]["kind"], "lost");
    EXPECT_EQ(cols[1]["count"], 0);
}

TEST_F(UiDealBoard, DraggingACardWithTheMouseMovesTheDealAndWritesItsHistory) {
    const std::string id = deal("Станки", domain::money(500'00, "RUB"));
    add("stage", {{"pipeline_id", pipeline},
                  {"name", "Встреча"},
                  {"kind", "open"},
                  {"position", 1},
                  {"probability", 30},
                  {"idle_days", 0}});  // no gate
    UiHarness ui(*store, platform);
    open_board(ui);
    const json cols = ui.state("board.columns");
    int meeting = -1;
    for (std::size_t i = 0; i < cols.size(); ++i)
        if (cols[i]["name"] == "Встреча") meeting = static_cast<int>(i);
    ASSERT_GE(meeting, 0);
    const auto [x, y] = column_centre(ui, meeting);
    ASSERT_TRUE(ui.drag("board.card." + id, x, y, 8, false));
    const json dragging = ui.state("board.dragging");
    ASSERT_TRUE(dragging.is_object());
    EXPECT_EQ(dragging["deal"], id);
    EXPECT_EQ(dragging["over"], meeting);
    ui.release_mouse();
    EXPECT_TRUE(ui.state("board.dragging").is_null());
    EXPECT_EQ(stored(id).text("stage_id"), ui.state("board.columns")[meeting]["stage"]);
    EXPECT_EQ(history(id), 2);
    EXPECT_EQ(ui.state("board.columns")[meeting]["count"], 1);
    EXPECT_EQ(ui.state("board.columns")[meeting]["cards"], json::array({id}));
    EXPECT_EQ(ui.state("card.entity"), nullptr);  // a drag is not a click
}

TEST_F(UiDealBoard, AGatedDropAsksForExactlyTheMissingFieldsAndSaveMovesIt) {
    const std::string id = deal("Станки", domain::money(500'00, "RUB"));
    UiHarness ui(*store, platform);
    open_board(ui);
    const auto [x, y] = column_centre(ui, 1);
    ASSERT_TRUE(ui.drag("board.card." + id, x, y));
    const json prompt = ui.state("stage_move");
    ASSERT_TRUE(prompt.is_object());
    EXPECT_EQ(prompt["missing"], json::array({"expected_close"}));
    EXPECT_FALSE(prompt["lost"].get<bool>());
    EXPECT_EQ(stored(id).text("stage_id"), lead);  // nothing written yet
    ASSERT_TRUE(ui.item("form.field.expected_close").has_value());
    EXPECT_FALSE(ui.item("form.field.amount").has_value());  // filled already: not asked

    // Saving with the field still empty keeps the prompt open and says what is missing.
    ASSERT_TRUE(ui.click("stage_move.save"));
    ASSERT_TRUE(ui.state("stage_move").is_object());
    EXPECT_FALSE(ui.state("stage_move")["error"].get<std::string>().empty());

    ASSERT_TRUE(ui.click("form.field.expected_close"));
    ui.type("15.12.2023");
    ASSERT_TRUE(ui.click("stage_move.save"));
    EXPECT_TRUE(ui.state("stage_move").is_null());
    const domain::Record moved = stored(id);
    EXPECT_EQ(moved.text("stage_id"), offer);
    EXPECT_EQ(moved.text("expected_close"), "2023-12-15");
    EXPECT_EQ(history(id), 2);
    EXPECT_EQ(ui.state("board.columns")[1]["count"], 1);
}

TEST_F(UiDealBoard, CancellingTheGatePromptLeavesTheCardWhereItWas) {
    const std::string id = deal("Станки", nullptr);
    UiHarness ui(*store, platform);
    open_board(ui);
    const auto [x, y] = column_centre(ui, 1);
    ASSERT_TRUE(ui.drag("board.card." + id, x, y));
    ASSERT_EQ(ui.state("stage_move")["missing"], json::array({"amount", "expected_close"}));
    ASSERT_TRUE(ui.click("stage_move.cancel"));
    EXPECT_TRUE(ui.state("stage_move").is_null());
    EXPECT_EQ(stored(id).text("stage_id"), lead);
    EXPECT_EQ(history(id), 1);
    EXPECT_EQ(ui.state("board.columns")[0]["cards"], json::array({id}));
}

TEST_F(UiDealBoard, ALostDropAsksForAReasonAndAComment) {
    const std::string id = deal("Станки", domain::money(500'00, "RUB"));
    UiHarness ui(*store, platform);
    open_board(ui);
    const auto [x, y] = column_centre(ui, 3);
    ASSERT_TRUE(ui.drag("board.card." + id, x, y));
    const json prompt = ui.state("stage_move");
    ASSERT_TRUE(prompt.is_object());
    EXPECT_TRUE(prompt["lost"].get<bool>());
    EXPECT_EQ(prompt["reasons"], 1);
    ASSERT_TRUE(ui.click("stage_move.save"));  // no reason yet: asked again
    ASSERT_TRUE(ui.state("stage_move").is_object());
    EXPECT_EQ(stored(id).text("status"), "open");
    ASSERT_TRUE(ui.click("stage_move.reason"));
    ASSERT_TRUE(ui.click("stage_move.reason.0"));
    ASSERT_TRUE(ui.click("form.field.loss_comment"));
    ui.type("Выбрали конкурента");
    ASSERT_TRUE(ui.click("stage_move.save"));
    EXPECT_TRUE(ui.state("stage_move").is_null());
    const domain::Record d = stored(id);
    EXPECT_EQ(d.text("status"), "lost");
    EXPECT_EQ(d.text("stage_id"), lost);
    EXPECT_EQ(d.text("loss_reason_id"), reason);
    EXPECT_EQ(d.text("loss_comment"), "Выбрали конкурента");
    EXPECT_EQ(ui.state("board.columns")[3]["count"], 1);
}

TEST_F(UiDealBoard, ANewLossReasonIsTypedInlineAndJoinsTheList) {
    const std::string id = deal("Станки", domain::money(500'00, "RUB"));
    UiHarness ui(*store, platform);
    open_board(ui);
    const auto [x, y] = column_centre(ui, 3);
    ASSERT_TRUE(ui.drag("board.card." + id, x, y));
    ASSERT_TRUE(ui.click("stage_move.reason"));
    ASSERT_TRUE(ui.click("stage_move.reason.new"));
    ASSERT_TRUE(ui.click("stage_move.new_reason"));
    ui.type("Сроки не устроили");
    ASSERT_TRUE(ui.click("stage_move.save"));
    EXPECT_TRUE(ui.state("stage_move").is_null());
    const domain::Record d = stored(id);
    EXPECT_EQ(d.text("status"), "lost");
    EXPECT_EQ(d.ref_title("loss_reason_id"), "Сроки не устроили");
}

TEST_F(UiDealBoard, WonAsksNothingAndAClickOpensTheDealsCard) {
    const std::string id = deal("Станки", domain::money(500'00, "RUB"));
    UiHarness ui(*store, platform);
    open_board(ui);
    ASSERT_TRUE(ui.click("board.card." + id));
    EXPECT_EQ(ui.state("card.entity"), "deal");
    EXPECT_EQ(ui.state("card.title"), "Станки");
    const auto [x, y] = column_centre(ui, 2);
    ASSERT_TRUE(ui.drag("board.card." + id, x, y));
    EXPECT_TRUE(ui.state("stage_move").is_null());
    EXPECT_EQ(stored(id).text("status"), "won");
}

TEST_F(UiDealBoard, ATouchDragOnAPhoneMovesTheDeal) {
    const std::string id = deal("Станки", domain::money(500'00, "RUB"));
    UiHarness ui(*store, platform, 390.0f, 844.0f);
    open_board(ui);
    EXPECT_EQ(ui.state("layout"), "narrow");
    // The second column peeks in at the right: the finger drops the card there.
    const auto second = ui.item("board.column.1");
    ASSERT_TRUE(second.has_value());
    const float x = std::min(second->x + limits::kBoardEdgeZonePx * 0.5f + 40.0f,
                             390.0f - limits::kBoardEdgeZonePx - 2.0f);
    ASSERT_TRUE(ui.drag("board.card." + id, std::max(x, second->x + 2.0f), second->y + 200.0f, 10, true,
                        ImGuiMouseSource_TouchScreen));
    // "КП" asks for its fields: the prompt is the proof the drop reached the second column.
    ASSERT_TRUE(ui.state("stage_move").is_object());
    EXPECT_EQ(ui.state("stage_move")["stage"], offer);
}

TEST_F(UiDealBoard, DraggingNearTheEdgeScrollsTheBoardSideways) {
    const std::string id = deal("Станки", domain::money(500'00, "RUB"));
    UiHarness ui(*store, platform, 390.0f, 844.0f);
    open_board(ui);
    ASSERT_FALSE(ui.item("board.column.3").has_value());  // the last column starts off screen
    ASSERT_TRUE(ui.drag("board.card." + id, 385.0f, 400.0f, 6, false, ImGuiMouseSource_TouchScreen));
    ui.frame(90);  // held at the edge for a second and a half
    EXPECT_TRUE(ui.item("board.column.3").has_value());
    ui.release_mouse();
}

TEST_F(UiDealBoard, TheListModeIsTheGenericListOfDeals) {
    deal("Станки", domain::money(500'00, "RUB"));
    deal("Ленты", domain::money(100'00, "RUB"));
    UiHarness ui(*store, platform);
    open_board(ui);
    ASSERT_TRUE(ui.click("board.mode.list"));
    EXPECT_EQ(ui.state("board.mode"), "list");
    EXPECT_EQ(ui.state("list.tab"), "deal");
    EXPECT_EQ(ui.state("list.total"), 2);
    EXPECT_FALSE(ui.item("list.tab.company").has_value());
    ASSERT_TRUE(ui.click("list.col.amount"));
    EXPECT_EQ(ui.state("list.sort")["field"], "amount");
    EXPECT_EQ(ui.visible_titles(), (std::vector<std::string>{"Ленты", "Станки"}));
}

TEST_F(UiDealBoard, OwnerAndSearchFilterTheColumns) {
    deal("Станки", domain::money(500'00, "RUB"), kNowMs - kDayMs, "boris");
    deal("Ленты", domain::money(100'00, "RUB"));
    deal("Ленты плюс", domain::money(300'00, "RUB"), kNowMs - kDayMs, "boris");
    UiHarness ui(*store, platform);
    open_board(ui);
    ASSERT_TRUE(ui.click("board.search"));
    ui.type("лент");
    EXPECT_EQ(ui.state("board.columns")[0]["count"], 2);
    // Owners are user accounts: the choices are their names, the filter holds the chosen user's id.
    EXPECT_EQ(ui.state("board.owners"), (json{"anna", "boris"}));
    ASSERT_TRUE(ui.click("board.owner"));
    ASSERT_TRUE(ui.click("board.owner.0"));
    EXPECT_EQ(ui.state("board.owner"), user_id(*store, "anna"));
    EXPECT_EQ(ui.state("board.columns")[0]["count"], 1);
    EXPECT_EQ(ui.state("board.columns")[0]["sum_text"], "100,00\u00A0₽");
    ASSERT_TRUE(ui.click("board.owner"));
    ASSERT_TRUE(ui.click("board.owner.1"));
    EXPECT_EQ(ui.state("board.owner"), user_id(*store, "boris"));
    EXPECT_EQ(ui.state("board.columns")[0]["count"], 1);
    EXPECT_EQ(ui.state("board.columns")[0]["sum_text"], "300,00\u00A0₽");
}

// 10,000 deals in one column: a frame reads only the cards on screen (a page or two per visible column), and
// scrolling reads the pages it reaches, never the whole column.
TEST_F(UiDealBoard, TenThousandDealsAreReadAPageAtATime) {
    constexpr int kDeals = 10'000;
    const std::string first = deal("Образец", domain::money(1'000'00, "RUB"));
    // Copies of one real deal (same table, search index by its triggers): the fast way to a big board.
    std::string cols;
    auto info =
        store->db().prepare("SELECT name FROM pragma_table_info('deals') WHERE name NOT IN ('rid', 'id')");
    while (info->step().value_or(false)) cols += (cols.empty() ? "" : ", ") + info->column_text(0);
    std::string picked = cols;
    auto replace = [&](const std::string& col, const std::string& expr) {
        picked.replace(picked.find(col), col.size(), expr);
    };
    replace("title", "'Сделка ' || n.i");
    replace("stage_entered_at", "d.stage_entered_at - n.i * 60000");
    const Status bulk = store->db().exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
        std::to_string(kDeals - 1) + ") INSERT INTO deals (id, " + cols +
        ") SELECT printf('bulk-%05d', n.i), " + picked + " FROM n, deals d WHERE d.id = '" + first + "'");
    ASSERT_TRUE(bulk.ok()) << bulk.error().message;

    UiHarness ui(*store, platform);
    open_board(ui);
    EXPECT_EQ(ui.state("board.columns")[0]["count"], kDeals);
    const std::int64_t rows = ui.state("board.fetch")["rows"].get<std::int64_t>();
    EXPECT_GT(rows, 0);
    EXPECT_LE(rows, 2 * limits::kBoardPageRows);  // one column has cards: its first page or two
    const std::size_t on_screen = ui.state("board.columns")[0]["cards"].size();
    EXPECT_GT(on_screen, 3u);
    ui.frame(5);
    EXPECT_EQ(ui.state("board.fetch")["rows"].get<std::int64_t>(), rows);  // idle frames read nothing
    for (int i = 0; i < 20; ++i) ui.wheel("board.column.0", 5.0f);
    const std::int64_t after = ui.state("board.fetch")["rows"].get<std::int64_t>();
    EXPECT_LT(after, 20 * limits::kBoardPageRows);  // the pages scrolled past, not 10,000 rows
    EXPECT_NE(ui.state("board.columns")[0]["cards"][0], first);
}

}  // namespace
}  // namespace crm::ui::test
