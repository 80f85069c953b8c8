// The pipeline settings on the demo data, through the screen: rename, reorder, add and delete stages (a
// stage with deals sends them to another stage through move_deal, or keeps them when a gate stops one),
// the gate's fields, probability, and the loss-reason list.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "core/demo/demo_data.hpp"
#include "core/domain/repository.hpp"
#include "tests/ui/ui_harness.hpp"

namespace crm::ui::test {
namespace {

constexpr int kDeals = 60;

const domain::EntityDesc& entity(std::string_view name) {
    return domain::Registry::app().get(name);
}

std::int64_t count(Store& store, std::string_view e,
                   std::vector<std::pair<std::string, std::string>> equals) {
    domain::ListQuery q;
    q.equals = std::move(equals);
    q.limit = 1;
    auto page = records(store, entity(e)).list(q);
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->total : -1;
}

class UiPipelineSettings : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        const Status made = demo::generate(*store, {6, 18, kDeals}, 3);
        ASSERT_TRUE(made.ok()) << made.error().message;
    }
    nlohmann::json stages(UiHarness& ui) { return ui.state("settings.stages"); }
    // The first stage of the shown pipeline that holds deals and is open.
    int open_stage_with_deals(UiHarness& ui) {
        const nlohmann::json s = stages(ui);
        for (std::size_t i = 0; i < s.size(); ++i)
            if (s[i]["deals"].get<int>() > 0 && s[i]["kind"] == "open") return static_cast<int>(i);
        return -1;
    }
    // An open stage other than `not_this` whose gate asks for nothing.
    int free_open_stage(UiHarness& ui, int not_this) {
        const nlohmann::json s = stages(ui);
        for (std::size_t i = 0; i < s.size(); ++i)
            if (static_cast<int>(i) != not_this && s[i]["kind"] == "open" && s[i]["required_fields"].empty())
                return static_cast<int>(i);
        return -1;
    }
    std::unique_ptr<Store> store;
    FakePlatform platform;
};

TEST_F(UiPipelineSettings, RenamesAStageAndAPipeline) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("nav.section.settings"));
    EXPECT_EQ(ui.state("nav.section"), "settings");
    ASSERT_GE(stages(ui).size(), 3u);
    const std::string id = stages(ui)[1]["id"];
    ASSERT_TRUE(ui.click("settings.stage.1.name"));
    ui.type("Аудит");
    ui.press(ImGuiKey_Enter);
    EXPECT_EQ(stages(ui)[1]["name"], "Аудит");
    EXPECT_EQ(read_record(*store, entity("stage"), id).text("name"), "Аудит");
    EXPECT_EQ(ui.state("settings.error"), "");

    const std::string pipeline = ui.state("settings.pipeline");
    ASSERT_TRUE(ui.click("settings.pipeline.name"));
    ui.type("Опт");
    ui.press(ImGuiKey_Enter);
    EXPECT_EQ(read_record(*store, entity("pipeline"), pipeline).text("name"), "Опт");
}

TEST_F(UiPipelineSettings, ReordersStagesAndSetsProbabilityAndTheGate) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("nav.section.settings"));
    const nlohmann::json before = stages(ui);
    ASSERT_TRUE(ui.click("settings.stage.1.up"));
    const nlohmann::json after = stages(ui);
    ASSERT_EQ(after.size(), before.size());
    EXPECT_EQ(after[0]["id"], before[1]["id"]);
    EXPECT_EQ(after[1]["id"], before[0]["id"]);
    for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i]["position"], static_cast<int>(i));

    ASSERT_TRUE(ui.click("settings.stage.0.probability"));
    ui.type("35");
    ui.press(ImGuiKey_Enter);
    EXPECT_EQ(stages(ui)[0]["probability"], 35);

    ASSERT_TRUE(ui.click("settings.stage.0.required"));
    ASSERT_TRUE(ui.click("settings.required.expected_close"));
    EXPECT_EQ(stages(ui)[0]["required_fields"], nlohmann::json::array({"expected_close"}));
    const std::string id = stages(ui)[0]["id"];
    EXPECT_EQ(read_record(*store, entity("stage"), id).list("required_fields"),
              std::vector<std::string>{"expected_close"});
}

TEST_F(UiPipelineSettings, AddsAnOpenStageBeforeWonAndLost) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("nav.section.settings"));
    const std::size_t n = stages(ui).size();
    ASSERT_TRUE(ui.click("settings.stage.add"));
    const nlohmann::json after = stages(ui);
    ASSERT_EQ(after.size(), n + 1);
    EXPECT_EQ(after[n - 2]["name"], "Новый этап");
    EXPECT_EQ(after[n - 2]["kind"], "open");
    EXPECT_EQ(after[n - 1]["kind"], "won");
    EXPECT_EQ(after[n]["kind"], "lost");
}

TEST_F(UiPipelineSettings, DeletingAStageWithDealsMovesThemWithHistory) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("nav.section.settings"));
    const int from = open_stage_with_deals(ui);
    ASSERT_GE(from, 0);
    const int to = free_open_stage(ui, from);
    ASSERT_GE(to, 0);
    const nlohmann::json before = stages(ui);
    const std::string from_id = before[from]["id"];
    const std::string to_id = before[to]["id"];
    const int moving = before[from]["deals"];
    const int already = before[to]["deals"];
    const std::int64_t moves =
        count(*store, "stage_history", {{"from_stage_id", from_id}, {"to_stage_id", to_id}});

    ASSERT_TRUE(ui.click("settings.stage." + std::to_string(from) + ".delete"));
    EXPECT_EQ(ui.state("settings.deleting")["deals"], moving);
    ASSERT_TRUE(ui.click("settings.move.target"));
    // The targets are the other stages in order: the deleted one is left out.
    ASSERT_TRUE(ui.click("settings.move.target." + std::to_string(to < from ? to : to - 1)));
    ASSERT_TRUE(ui.click("confirm.yes"));

    EXPECT_EQ(ui.state("settings.error"), "");
    EXPECT_EQ(stages(ui).size(), before.size() - 1);
    EXPECT_EQ(count(*store, "deal", {{"stage_id", to_id}}), already + moving);
    EXPECT_EQ(count(*store, "deal", {{"stage_id", from_id}}), 0);
    EXPECT_EQ(count(*store, "stage_history", {{"from_stage_id", from_id}, {"to_stage_id", to_id}}),
              moves + moving);
    EXPECT_EQ(count(*store, "stage", {{"pipeline_id", ui.state("settings.pipeline")}}),
              static_cast<std::int64_t>(before.size() - 1));
}

TEST_F(UiPipelineSettings, AGateThatStopsADealKeepsTheStageAndItsDeals) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("nav.section.settings"));
    const int from = open_stage_with_deals(ui);
    const int to = free_open_stage(ui, from);
    ASSERT_GE(from, 0);
    ASSERT_GE(to, 0);
    // The target asks for a loss comment, which open demo deals do not have.
    ASSERT_TRUE(ui.click("settings.stage." + std::to_string(to) + ".required"));
    ASSERT_TRUE(ui.click("settings.required.loss_comment"));
    ui.press(ImGuiKey_Escape);
    const nlohmann::json before = stages(ui);
    const std::string from_id = before[from]["id"];
    const std::int64_t history = count(*store, "stage_history", {});

    ASSERT_TRUE(ui.click("settings.stage." + std::to_string(from) + ".delete"));
    ASSERT_TRUE(ui.click("settings.move.target"));
    ASSERT_TRUE(ui.click("settings.move.target." + std::to_string(to < from ? to : to - 1)));
    ASSERT_TRUE(ui.click("confirm.yes"));

    const std::string error = ui.state("settings.error");
    EXPECT_NE(error.find("Комментарий"), std::string::npos) << error;
    EXPECT_NE(error.find("Этап оставлен"), std::string::npos) << error;
    EXPECT_EQ(stages(ui).size(), before.size());
    EXPECT_EQ(count(*store, "deal", {{"stage_id", from_id}}), before[from]["deals"].get<int>());
    EXPECT_EQ(count(*store, "stage_history", {}), history);  // rolled back: no move was kept
}

TEST_F(UiPipelineSettings, KeepsTheLossReasonList) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("nav.section.settings"));
    const std::size_t n = ui.state("settings.reasons").size();
    ASSERT_GE(n, 2u);
    ASSERT_TRUE(ui.click("settings.reason.new"));
    ui.type("Ушли к конкуренту");
    ASSERT_TRUE(ui.click("settings.reason.add"));
    nlohmann::json reasons = ui.state("settings.reasons");
    ASSERT_EQ(reasons.size(), n + 1);
    EXPECT_EQ(reasons[n]["name"], "Ушли к конкуренту");

    ASSERT_TRUE(ui.click("settings.reason." + std::to_string(n) + ".up"));
    reasons = ui.state("settings.reasons");
    EXPECT_EQ(reasons[n - 1]["name"], "Ушли к конкуренту");

    ASSERT_TRUE(ui.click("settings.reason.0.name"));
    ui.type("Дорого");
    ui.press(ImGuiKey_Enter);
    EXPECT_EQ(ui.state("settings.reasons")[0]["name"], "Дорого");

    const std::string gone = ui.state("settings.reasons")[0]["id"];
    ASSERT_TRUE(ui.click("settings.reason.0.delete"));
    ASSERT_TRUE(ui.click("confirm.yes"));
    reasons = ui.state("settings.reasons");
    EXPECT_EQ(reasons.size(), n);
    auto state = records(*store, entity("loss_reason")).state(gone);
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(*state, domain::RowState::Deleted);
}

TEST_F(UiPipelineSettings, APipelineIsAddedUsableAndDeletedOnlyWithoutDeals) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("nav.section.settings"));
    ASSERT_TRUE(ui.click("settings.pipeline.delete"));  // the demo pipeline holds deals
    EXPECT_NE(ui.state("settings.error").get<std::string>().find("сделки"), std::string::npos);
    EXPECT_FALSE(ui.item("confirm.yes").has_value());

    const std::size_t n = ui.state("settings.pipelines").size();
    ASSERT_TRUE(ui.click("settings.pipeline.add"));
    EXPECT_EQ(ui.state("settings.pipelines").size(), n + 1);
    const nlohmann::json s = stages(ui);
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[0]["kind"], "open");
    EXPECT_EQ(s[1]["kind"], "won");
    EXPECT_EQ(s[2]["kind"], "lost");

    const std::string id = ui.state("settings.pipeline");
    ASSERT_TRUE(ui.click("settings.pipeline.delete"));
    ASSERT_TRUE(ui.click("confirm.yes"));
    EXPECT_EQ(ui.state("settings.pipelines").size(), n);
    EXPECT_EQ(count(*store, "stage", {{"pipeline_id", id}}), 0);
}

TEST_F(UiPipelineSettings, FitsAPhone) {
    UiHarness phone(*store, platform, 390.0f, 844.0f);
    ASSERT_TRUE(phone.click("nav.section.settings"));
    for (const char* tag :
         {"settings.pipeline", "settings.stage.0.name", "settings.stage.0.delete",
          "settings.stage.0.probability", "settings.stage.0.idle_days", "settings.stage.0.required"}) {
        const auto rect = phone.item(tag);
        ASSERT_TRUE(rect.has_value()) << tag;
        EXPECT_LE(rect->x + rect->w, 390.0f) << tag;
    }
}

}  // namespace
}  // namespace crm::ui::test
