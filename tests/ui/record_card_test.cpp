// The card between related records: a company lists its contacts (a related list) and starts new ones, a
// contact links to its company, links push a history for Back; phones and e-mails start calls and messages.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "tests/ui/ui_harness.hpp"

namespace crm::ui::test {
namespace {

class UiRecordCard : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        add_company(*store, "Альфа-Строй");
        romashka = add_company(*store, "ООО Ромашка", "decision");
        add_company(*store, "Вектор");
        // Listed on the card by name: Волкова, Зайцев, Смирнов.
        add_contact(*store, "Смирнов Алексей", romashka, "Директор");
        add_contact(*store, "Волкова Ирина", romashka, "Главный бухгалтер");
        add_contact(*store, "Зайцев Олег", romashka, "");
        add_contact(*store, "Чужой Контакт", "", "");
    }

    std::unique_ptr<Store> store;
    FakePlatform platform;
    std::string romashka;
};

TEST_F(UiRecordCard, WideLayoutShowsAPlaceholderUntilARowIsClicked) {
    UiHarness ui(*store, platform);
    EXPECT_EQ(ui.state("layout"), "wide");
    EXPECT_TRUE(ui.state("card.id").is_null());
    EXPECT_FALSE(ui.item("card.close").has_value());
    ASSERT_EQ(ui.visible_titles()[2], "ООО Ромашка");
    ASSERT_TRUE(ui.click("list.row.2"));
    EXPECT_EQ(ui.state("card.entity"), "company");
    EXPECT_EQ(ui.state("card.id"), romashka);
    EXPECT_EQ(ui.state("card.title"), "ООО Ромашка");
    // Wide: list left, card right, both on screen.
    ASSERT_TRUE(ui.item("card.title").has_value());
    EXPECT_TRUE(ui.item("list.search").has_value());
    EXPECT_GT(ui.item("card.title")->x, ui.item("list.row.2")->x + ui.item("list.row.2")->w * 0.5f);
    // Every card field, formatted: the stage by its label, the phone as typed, the empty address as a dash.
    const auto text = ui.state("card.text");
    EXPECT_EQ(text["journey_stage"], "Квалификация");  // "decision" before schema 6
    EXPECT_EQ(text["phones"], "+7 495 123-45-67");
    EXPECT_EQ(text["address"], "—");
    EXPECT_EQ(text["updated_at"], "15.11.2023 01:13");
    EXPECT_EQ(ui.state("card.record")["journey_stage"], journey_stage(2));
    ASSERT_TRUE(ui.click("card.close"));
    EXPECT_TRUE(ui.state("card.id").is_null());
}

TEST_F(UiRecordCard, ACompanyListsItsContactsAndTheyLinkBack) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.row.2"));
    EXPECT_EQ(ui.state("card.related")["contact"], 3);
    EXPECT_TRUE(ui.item("card.related.contact.0").has_value());
    EXPECT_TRUE(ui.item("card.related.contact.2").has_value());
    EXPECT_FALSE(ui.item("card.related.contact.3").has_value());  // "Чужой Контакт" belongs to no company

    ASSERT_TRUE(ui.click("card.related.contact.1"));
    EXPECT_EQ(ui.state("card.entity"), "contact");
    EXPECT_EQ(ui.state("card.title"), "Зайцев Олег");
    EXPECT_EQ(ui.state("card.text")["company_id"], "ООО Ромашка");
    EXPECT_FALSE(ui.item("card.related.contact.0").has_value());

    // The contact links back to its company, and Back returns along the history.
    ASSERT_TRUE(ui.click("card.ref.company_id"));
    EXPECT_EQ(ui.state("card.entity"), "company");
    EXPECT_EQ(ui.state("card.id"), romashka);
    ASSERT_TRUE(ui.click("card.back"));
    EXPECT_EQ(ui.state("card.title"), "Зайцев Олег");
    ASSERT_TRUE(ui.click("card.back"));
    EXPECT_EQ(ui.state("card.title"), "ООО Ромашка");
    EXPECT_FALSE(ui.item("card.back").has_value());
}

TEST_F(UiRecordCard, ACompanyCardStartsANewContactOfThatCompany) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.row.0"));  // Альфа-Строй, no contacts
    EXPECT_EQ(ui.state("card.related")["contact"], 0);
    ASSERT_TRUE(ui.click("card.related.contact.new"));
    EXPECT_EQ(ui.state("form.entity"), "contact");
    EXPECT_EQ(ui.state("form.refs")["company_id"], "Альфа-Строй");
    ui.type("Новый Сотрудник");  // the name field has the focus
    ui.press(ImGuiKey_Enter);
    EXPECT_EQ(ui.state("card.entity"), "contact");
    EXPECT_EQ(ui.state("card.text")["company_id"], "Альфа-Строй");
    ASSERT_TRUE(ui.click("card.ref.company_id"));
    EXPECT_EQ(ui.state("card.related")["contact"], 1);
}

TEST_F(UiRecordCard, PhonesAndEmailsOpenCallsAndMessages) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.row.2"));
    ASSERT_TRUE(ui.click("card.phones.0"));  // "+7 495 123-45-67"
    EXPECT_EQ(platform.opened_url, "tel:+74951234567");
    EXPECT_FALSE(ui.item("card.emails.0").has_value());  // the company has no e-mail
    ASSERT_TRUE(ui.click("card.related.contact.0"));
    ASSERT_TRUE(ui.click("card.emails.0"));
    EXPECT_EQ(platform.opened_url, "mailto:person@example.ru");
}

TEST_F(UiRecordCard, APrivatePersonSaysSoInsteadOfLinkingACompany) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.tab.contact"));
    ASSERT_TRUE(ui.click("list.search"));
    ui.type("чужой");
    ASSERT_EQ(ui.visible_titles(), std::vector<std::string>{"Чужой Контакт"});
    ASSERT_TRUE(ui.click("list.row.0"));
    EXPECT_EQ(ui.state("card.title"), "Чужой Контакт");
    EXPECT_FALSE(ui.item("card.ref.company_id").has_value());
    EXPECT_EQ(ui.state("card.text")["company_id"], "Частное лицо");
}

TEST_F(UiRecordCard, EscapeClosesTheCardButNotWhileTyping) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.row.2"));
    ASSERT_TRUE(ui.click("list.search"));
    ui.press(ImGuiKey_Escape);
    EXPECT_EQ(ui.state("card.title"), "ООО Ромашка");
    ui.press(ImGuiKey_Escape);  // the first Escape left the search box
    EXPECT_TRUE(ui.state("card.id").is_null());
}

TEST_F(UiRecordCard, ADeletedRecordSaysSoInsteadOfShowingStaleData) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.row.2"));
    ASSERT_EQ(ui.state("card.id"), romashka);
    ASSERT_TRUE(records(*store, company_entity()).remove(romashka).ok());
    ui.app().data_changed();
    ui.frame();
    EXPECT_EQ(ui.state("card.title"), "");
    EXPECT_FALSE(ui.item("card.related.contact.0").has_value());
    EXPECT_FALSE(ui.item("card.title").has_value());
    EXPECT_EQ(ui.state("list.total"), 2);
}

TEST_F(UiRecordCard, OpeningACardBesideTheListKeepsItsTabAndSearch) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.tab.contact"));
    ASSERT_TRUE(ui.click("list.search"));
    ui.type("смирнов");
    ASSERT_TRUE(ui.click("list.row.0"));
    EXPECT_EQ(ui.state("card.entity"), "contact");
    EXPECT_EQ(ui.state("list.tab"), "contact");
    EXPECT_EQ(ui.state("list.search"), "смирнов");
    EXPECT_EQ(ui.visible_titles(), std::vector<std::string>{"Смирнов Алексей"});
}

}  // namespace
}  // namespace crm::ui::test
