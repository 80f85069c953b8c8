// Opening cards from the list and moving between a company and its contacts.
#include <gtest/gtest.h>

#include <string>

#include "tests/ui/ui_harness.hpp"

namespace crm::ui::test {
namespace {

class UiCustomerCard : public ::testing::Test {
protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        add_company(*store, "Альфа-Строй");
        romashka = add_company(*store, "ООО Ромашка", domain::JourneyStage::Decision);
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

TEST_F(UiCustomerCard, WideLayoutShowsAPlaceholderUntilARowIsClicked) {
    UiHarness ui(*store, platform);
    EXPECT_EQ(ui.state("layout"), "wide");
    EXPECT_TRUE(ui.state("card.id").is_null());
    EXPECT_FALSE(ui.item("card.close").has_value());

    ASSERT_EQ(ui.visible_names()[2], "ООО Ромашка");
    ASSERT_TRUE(ui.click("customers.row.2"));
    EXPECT_EQ(ui.state("card.kind"), "company");
    EXPECT_EQ(ui.state("card.id"), romashka);
    EXPECT_EQ(ui.state("card.name"), "ООО Ромашка");
    // Wide: list left, card right, both on screen.
    ASSERT_TRUE(ui.item("card.title").has_value());
    EXPECT_TRUE(ui.item("customers.search").has_value());
    EXPECT_GT(ui.item("card.title")->x, ui.item("customers.row.2")->x + ui.item("customers.row.2")->w * 0.5f);

    ASSERT_TRUE(ui.click("card.close"));
    EXPECT_TRUE(ui.state("card.id").is_null());
}

TEST_F(UiCustomerCard, CompanyCardListsItsContactsAndOpensThem) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.row.2"));
    ASSERT_EQ(ui.state("card.name"), "ООО Ромашка");
    EXPECT_TRUE(ui.item("card.contact.0").has_value());
    EXPECT_TRUE(ui.item("card.contact.2").has_value());
    EXPECT_FALSE(ui.item("card.contact.3").has_value());  // "Чужой Контакт" belongs to no company

    ASSERT_TRUE(ui.click("card.contact.1"));
    EXPECT_EQ(ui.state("card.kind"), "contact");
    EXPECT_EQ(ui.state("card.name"), "Зайцев Олег");
    EXPECT_FALSE(ui.item("card.contact.0").has_value());

    // The contact links back to its company, and Back returns along the history.
    ASSERT_TRUE(ui.click("card.company"));
    EXPECT_EQ(ui.state("card.kind"), "company");
    EXPECT_EQ(ui.state("card.id"), romashka);
    ASSERT_TRUE(ui.click("card.back"));
    EXPECT_EQ(ui.state("card.name"), "Зайцев Олег");
    ASSERT_TRUE(ui.click("card.back"));
    EXPECT_EQ(ui.state("card.name"), "ООО Ромашка");
    EXPECT_FALSE(ui.item("card.back").has_value());
}

TEST_F(UiCustomerCard, PhonesAndEmailsOpenCallsAndMessages) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.row.2"));
    ASSERT_TRUE(ui.click("card.phone.0"));  // "+7 495 123-45-67"
    EXPECT_EQ(platform.opened_url, "tel:+74951234567");
    EXPECT_FALSE(ui.item("card.email.0").has_value());  // the company has no e-mail

    ASSERT_TRUE(ui.click("card.contact.0"));
    ASSERT_TRUE(ui.click("card.email.0"));
    EXPECT_EQ(platform.opened_url, "mailto:person@example.ru");
}

TEST_F(UiCustomerCard, EscapeClosesTheCardButNotWhileTyping) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.row.2"));
    ASSERT_TRUE(ui.click("customers.search"));  // typing in the search box
    ui.press(ImGuiKey_Escape);
    EXPECT_EQ(ui.state("card.name"), "ООО Ромашка");
    ui.press(ImGuiKey_Escape);  // the first Escape left the search box
    EXPECT_TRUE(ui.state("card.id").is_null());
}

TEST_F(UiCustomerCard, ContactCardFromTheContactsTab) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.tab.contacts"));
    ASSERT_TRUE(ui.click("customers.search"));
    ui.type("чужой");
    ASSERT_EQ(ui.visible_names(), std::vector<std::string>{"Чужой Контакт"});
    ASSERT_TRUE(ui.click("customers.row.0"));
    EXPECT_EQ(ui.state("card.kind"), "contact");
    EXPECT_EQ(ui.state("card.name"), "Чужой Контакт");
    EXPECT_FALSE(ui.item("card.company").has_value());  // a private person has no company link
}

TEST_F(UiCustomerCard, ADeletedRecordSaysSoInsteadOfShowingStaleData) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.row.2"));
    ASSERT_EQ(ui.state("card.id"), romashka);
    ASSERT_TRUE(store->companies().remove(romashka).ok());
    ui.app().data_changed();
    ui.frame();
    EXPECT_EQ(ui.state("card.name"), "");
    EXPECT_FALSE(ui.item("card.contact.0").has_value());
    EXPECT_EQ(ui.state("customers.total"), 2);
}

TEST_F(UiCustomerCard, NarrowScreenShowsOneColumnWithBack) {
    UiHarness ui(*store, platform, 390.0f, 844.0f);
    EXPECT_EQ(ui.state("layout"), "narrow");
    ASSERT_TRUE(ui.item("customers.search").has_value());
    // Phone-sized: the list takes the whole width and fewer columns are shown.
    const auto row = ui.item("customers.row.0");
    ASSERT_TRUE(row.has_value());
    EXPECT_GT(row->w, 300.0f);
    EXPECT_TRUE(ui.item("customers.col.phone").has_value());
    EXPECT_FALSE(ui.item("customers.col.email").has_value());

    ASSERT_TRUE(ui.click("customers.row.2"));
    EXPECT_EQ(ui.state("card.name"), "ООО Ромашка");
    EXPECT_FALSE(ui.item("customers.search").has_value());  // the card replaced the list
    ASSERT_TRUE(ui.item("card.close").has_value());
    ASSERT_TRUE(ui.click("card.close"));  // labelled "Back" here
    EXPECT_TRUE(ui.state("card.id").is_null());
    EXPECT_TRUE(ui.item("customers.search").has_value());
}

TEST_F(UiCustomerCard, NarrowScreenHasLargerTapTargets) {
    float wide_search_h = 0;
    float wide_row_h = 0;
    {
        UiHarness ui(*store, platform, 1280.0f, 800.0f);
        wide_search_h = ui.item("customers.search")->h;
        wide_row_h = ui.item("customers.row.0")->h;
    }
    UiHarness ui(*store, platform, 390.0f, 844.0f);
    EXPECT_GT(ui.item("customers.search")->h, wide_search_h + 6.0f);
    EXPECT_GT(ui.item("customers.row.0")->h, wide_row_h + 6.0f);
    EXPECT_GE(ui.item("customers.row.0")->h, 30.0f);
}

}  // namespace
}  // namespace crm::ui::test
