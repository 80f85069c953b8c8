// A customer's deals on its card (open ones first, with stage and amount), "New deal" from the card (the
// deal starts prefilled and is created through create_deal, history row and all), a contact's deals as the
// contact person, and the deal form's stage change going through move_deal and its gate.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "core/demo/demo_data.hpp"
#include "core/domain/pipeline.hpp"
#include "core/domain/repository.hpp"
#include "tests/ui/ui_harness.hpp"

namespace crm::ui::test {
namespace {

constexpr float kTallScreen = 1600.0f;

const domain::EntityDesc& entity(std::string_view name) {
    return domain::Registry::app().get(name);
}

std::vector<domain::Record> all(Store& store, std::string_view e,
                                std::vector<std::pair<std::string, std::string>> equals,
                                std::string sort = {}) {
    domain::ListQuery q;
    q.equals = std::move(equals);
    q.sort_field = std::move(sort);
    q.limit = 1000;
    auto page = records(store, entity(e)).list(q);
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->rows : std::vector<domain::Record>{};
}

class UiCustomerDeals : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        const Status made = demo::generate(*store, {6, 18, 80}, 7);
        ASSERT_TRUE(made.ok()) << made.error().message;
    }
    // Opens the deals section, finds the deal by its title and opens its card.
    void open_deal(UiHarness& ui, const domain::Record& deal) {
        ASSERT_TRUE(ui.click("nav.section.deals"));
        if (ui.state("board.mode") == "board") {
            ASSERT_TRUE(ui.click("board.mode.list"));  // the section opens on the board
        }
        ASSERT_TRUE(ui.click("list.search"));
        // The title's words: search ignores punctuation, and a dash or a quote alone would match nothing.
        std::string words = deal.text("title");
        for (const std::string_view mark : {"—", "«", "»"})
            for (auto at = words.find(mark); at != std::string::npos; at = words.find(mark))
                words.replace(at, mark.size(), " ");
        ui.type(words);
        for (const auto& row : ui.state("list.visible")) {
            if (row["id"] != deal.id) continue;
            ASSERT_TRUE(ui.click("list.row." + std::to_string(row["index"].get<int>())));
            ASSERT_EQ(ui.state("card.id"), deal.id);
            return;
        }
        FAIL() << "deal " << deal.text("title") << " not listed";
    }
    std::unique_ptr<Store> store;
    FakePlatform platform;
};

TEST_F(UiCustomerDeals, ACompanysCardListsItsOpenDealsFirstWithStageAndAmount) {
    UiHarness ui(*store, platform);
    int mixed = 0;
    for (int row = 0; row < 6; ++row) {
        ASSERT_TRUE(ui.click("list.row." + std::to_string(row)));
        const nlohmann::json ids = ui.state("card.related_ids")["deal"];
        bool closed_seen = false;
        bool open_after_closed = false;
        bool open_seen = false;
        for (const auto& id : ids) {
            const bool open = read_record(*store, entity("deal"), id).text("status") == "open";
            if (open && closed_seen) open_after_closed = true;
            closed_seen |= !open;
            open_seen |= open;
        }
        EXPECT_FALSE(open_after_closed) << "an open deal is listed after a closed one";
        if (open_seen && closed_seen) ++mixed;
        if (!ids.empty()) {
            EXPECT_TRUE(ui.item("card.related.deal.0").has_value());
        }
    }
    EXPECT_GT(mixed, 0) << "the demo gives some company open and closed deals";
}

TEST_F(UiCustomerDeals, NewDealFromACompanyCardIsPrefilledAndCreatedWithAHistoryRow) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.row.0"));
    const std::string company = ui.state("card.id");
    // The owner is a user account (schema 8): the deal takes the customer's, shown by the user's name.
    const nlohmann::json owner = ui.state("card.record")["owner_id"];
    ASSERT_TRUE(owner.is_string()) << "the demo's customers have owners";
    const std::string owner_name = read_record(*store, entity("user"), owner.get<std::string>()).text("name");
    EXPECT_FALSE(owner_name.empty());
    ASSERT_TRUE(ui.click("card.related.deal.new"));
    EXPECT_EQ(ui.state("form.entity"), "deal");
    const nlohmann::json draft = ui.state("form.draft");
    EXPECT_EQ(draft["company_id"], company);
    EXPECT_EQ(draft["owner_id"], owner);
    const auto pipelines = all(*store, "pipeline", {}, "position");
    ASSERT_FALSE(pipelines.empty());
    EXPECT_EQ(draft["pipeline_id"], pipelines.front().id);
    const auto open_stages =
        all(*store, "stage", {{"pipeline_id", pipelines.front().id}, {"kind", "open"}}, "position");
    ASSERT_FALSE(open_stages.empty());
    EXPECT_EQ(draft["stage_id"], open_stages.front().id);
    EXPECT_EQ(ui.state("form.refs")["stage_id"], open_stages.front().text("name"));

    ASSERT_TRUE(ui.click("form.field.title"));
    ui.type("Пилотный проект");
    ASSERT_TRUE(ui.click("form.save"));
    ASSERT_EQ(ui.state("card.entity"), "deal");
    EXPECT_EQ(ui.state("card.text")["owner_id"], owner_name);
    const std::string deal = ui.state("card.id");
    const domain::Record stored = read_record(*store, entity("deal"), deal);
    EXPECT_EQ(stored.text("status"), "open");
    EXPECT_NE(stored.get("stage_entered_at"), nullptr);
    const auto history = all(*store, "stage_history", {{"deal_id", deal}});
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].text("to_stage_id"), open_stages.front().id);
    EXPECT_EQ(history[0].get("from_stage_id"), nullptr);

    // Back on the company's card, the new deal is among its open deals, which come first.
    ASSERT_TRUE(ui.click("card.ref.company_id"));
    const nlohmann::json ids = ui.state("card.related_ids")["deal"];
    bool found = false;
    for (const auto& id : ids) {
        if (id == deal) found = true;
        if (read_record(*store, entity("deal"), id).text("status") != "open") break;
    }
    EXPECT_TRUE(found) << "the new deal is listed with the open ones";
}

TEST_F(UiCustomerDeals, AContactsCardListsTheDealsWhereItIsTheContactPerson) {
    const auto contacts = all(*store, "contact", {});
    const auto deals = all(*store, "deal", {{"status", "open"}});
    ASSERT_FALSE(contacts.empty());
    ASSERT_FALSE(deals.empty());
    domain::Record deal = deals.front();
    deal.set("contact_person_id", contacts.front().id);
    ASSERT_TRUE(records(*store, entity("deal")).update(deal).ok());

    UiHarness ui(*store, platform);
    open_deal(ui, deal);
    ASSERT_TRUE(ui.click("card.ref.contact_person_id"));
    EXPECT_EQ(ui.state("card.id"), contacts.front().id);
    const nlohmann::json ids = ui.state("card.related_ids");
    ASSERT_TRUE(ids.contains("deal.contact_person_id"));
    bool listed = false;
    for (const auto& id : ids["deal.contact_person_id"]) listed |= id == deal.id;
    EXPECT_TRUE(listed);
    EXPECT_TRUE(ui.item("card.related.deal.contact_person_id.0").has_value());
}

TEST_F(UiCustomerDeals, TheFormsStageChangeGoesThroughTheGate) {
    // An open deal, and another open stage of its pipeline that asks for a loss comment (the demo's open
    // deals have none).
    domain::Record deal;
    domain::Record target;
    for (const domain::Record& d : all(*store, "deal", {{"status", "open"}})) {
        for (const domain::Record& s :
             all(*store, "stage", {{"pipeline_id", d.text("pipeline_id")}, {"kind", "open"}})) {
            if (s.id == d.text("stage_id") || !d.text("loss_comment").empty()) continue;
            deal = d;
            target = s;
            break;
        }
        if (!deal.id.empty()) break;
    }
    ASSERT_FALSE(deal.id.empty());
    target.set("required_fields", nlohmann::json::array({"loss_comment"}));
    ASSERT_TRUE(records(*store, entity("stage")).update(target).ok());
    const std::size_t history = all(*store, "stage_history", {{"deal_id", deal.id}}).size();

    UiHarness ui(*store, platform, 1280.0f, kTallScreen);  // the whole deal form in view
    open_deal(ui, deal);
    ASSERT_TRUE(ui.click("card.edit"));
    ASSERT_TRUE(ui.click("form.field.stage_id"));
    ui.type(target.text("name"));
    ASSERT_TRUE(ui.click("form.stage_id.pick.0"));
    EXPECT_EQ(ui.state("form.draft")["stage_id"], target.id);
    ASSERT_TRUE(ui.click("form.save"));

    // Stopped: the field the stage asks for says so, and nothing was written.
    EXPECT_EQ(ui.state("form.mode"), "edit");
    const nlohmann::json errors = ui.state("form.errors");
    ASSERT_TRUE(errors.contains("loss_comment")) << errors.dump();
    EXPECT_NE(errors["loss_comment"].get<std::string>().find(target.text("name")), std::string::npos);
    EXPECT_EQ(read_record(*store, entity("deal"), deal.id).text("stage_id"), deal.text("stage_id"));
    EXPECT_EQ(all(*store, "stage_history", {{"deal_id", deal.id}}).size(), history);

    ASSERT_TRUE(ui.click("form.field.loss_comment"));
    ui.type("Ждут бюджет");
    EXPECT_FALSE(ui.state("form.errors").contains("loss_comment"));
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("form.mode"), nullptr);
    const domain::Record moved = read_record(*store, entity("deal"), deal.id);
    EXPECT_EQ(moved.text("stage_id"), target.id);
    EXPECT_EQ(moved.text("loss_comment"), "Ждут бюджет");
    const auto rows = all(*store, "stage_history", {{"deal_id", deal.id}});
    ASSERT_EQ(rows.size(), history + 1);
}

TEST_F(UiCustomerDeals, LostInTheFormNeedsItsLossReason) {
    const auto deals = all(*store, "deal", {{"status", "open"}});
    ASSERT_FALSE(deals.empty());
    const domain::Record deal = deals.front();
    const auto lost = all(*store, "stage", {{"pipeline_id", deal.text("pipeline_id")}, {"kind", "lost"}});
    ASSERT_FALSE(lost.empty());

    UiHarness ui(*store, platform, 1280.0f, kTallScreen);  // the whole deal form in view
    open_deal(ui, deal);
    ASSERT_TRUE(ui.click("card.edit"));
    ASSERT_TRUE(ui.click("form.field.stage_id"));
    ui.type(lost.front().text("name"));
    // Both pipelines have a lost stage of that name: take the one of this deal's pipeline.
    const nlohmann::json choices = ui.state("form.choices.stage_id");
    ASSERT_FALSE(choices.empty());
    ASSERT_TRUE(ui.click("form.stage_id.pick.0"));
    ASSERT_TRUE(ui.click("form.save"));
    const nlohmann::json errors = ui.state("form.errors");
    ASSERT_TRUE(errors.contains("loss_reason_id")) << errors.dump();
    EXPECT_EQ(read_record(*store, entity("deal"), deal.id).text("status"), "open");

    ASSERT_TRUE(ui.click("form.field.loss_reason_id"));
    ui.press(ImGuiKey_Enter);  // the first reason
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("form.mode"), nullptr);
    const domain::Record saved = read_record(*store, entity("deal"), deal.id);
    EXPECT_EQ(saved.text("status"), "lost");
    EXPECT_FALSE(saved.text("loss_reason_id").empty());
}

}  // namespace
}  // namespace crm::ui::test
