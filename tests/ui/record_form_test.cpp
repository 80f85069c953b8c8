// The form with the app's entities: core's validation messages under their fields (RU and EN), the reference
// picker choosing a contact's company and a record's owner (a user), phone rows, and the keyboard alone.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "tests/ui/ui_harness.hpp"
#include "ui/i18n.hpp"

namespace crm::ui::test {
namespace {

class UiRecordForm : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        romashka = add_company(*store, "ООО Ромашка", "decision");
        add_company(*store, "Вектор");
    }
    void TearDown() override { set_language(Language::Ru); }

    // Every write takes the next sequence number: unchanged means nothing was written.
    std::int64_t log_size() { return store->changes().last_seq(); }

    std::unique_ptr<Store> store;
    FakePlatform platform;
    std::string romashka;
};

TEST_F(UiRecordForm, ValidationMessagesShowUnderTheirFieldAndFollowTheFix) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.tab.contact"));
    ASSERT_TRUE(ui.click("list.new"));
    const std::int64_t before = log_size();

    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("form.mode"), "create");  // nothing saved
    EXPECT_EQ(ui.state("form.errors")["name"], "Название / имя: заполните поле");
    const auto name_field = ui.item("form.field.name");
    const auto name_error = ui.item("form.error.name");
    ASSERT_TRUE(name_field && name_error);
    EXPECT_GT(name_error->y, name_field->y);
    EXPECT_LT(name_error->y, ui.item("form.phones.0")->y);

    ASSERT_TRUE(ui.click("form.field.name"));
    ui.type("Иванов Пётр");
    EXPECT_FALSE(ui.item("form.error.name").has_value());  // fixed: the message goes as the user types
    ASSERT_TRUE(ui.click("form.emails.0"));
    ui.type("petr@");
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("form.errors")["emails"], "E-mail: неверный формат");
    ASSERT_TRUE(ui.item("form.error.emails").has_value());
    EXPECT_GT(ui.item("form.error.emails")->y, ui.item("form.emails.0")->y);
    EXPECT_EQ(log_size(), before);

    ASSERT_TRUE(ui.click("form.emails.0"));
    ui.type("mail.ru");
    EXPECT_TRUE(ui.state("form.errors").empty());
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("card.title"), "Иванов Пётр");
    const auto saved = read_record(*store, contact_entity(), ui.state("card.id").get<std::string>());
    EXPECT_EQ(saved.list("emails"), std::vector<std::string>{"petr@mail.ru"});
    EXPECT_TRUE(saved.list("phones").empty());  // the empty phone row is not stored
    EXPECT_GT(log_size(), before);
}

TEST_F(UiRecordForm, EnglishMessagesComeFromTheSameCatalogue) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("topbar.lang.en"));
    ASSERT_TRUE(ui.click("list.new"));
    ui.type("Acme");
    ASSERT_TRUE(ui.click("form.phones.0"));
    ui.type("12ab");
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("form.errors")["phones"], "Phones: the format is wrong");
}

TEST_F(UiRecordForm, AContactPicksItsCompanyBySearching) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.tab.contact"));
    ASSERT_TRUE(ui.click("list.new"));
    ui.type("Смирнова Анна");
    ASSERT_TRUE(ui.click("form.field.company_id"));
    EXPECT_EQ(ui.state("form.choices.company_id"), (nlohmann::json{"Вектор", "ООО Ромашка"}));
    ui.type("ромаш");  // the search box has the focus as soon as the picker opens
    EXPECT_EQ(ui.state("form.choices.company_id"), (nlohmann::json{"ООО Ромашка"}));
    ASSERT_TRUE(ui.click("form.company_id.pick.0"));
    EXPECT_EQ(ui.state("form.refs")["company_id"], "ООО Ромашка");
    EXPECT_EQ(ui.state("form.draft")["company_id"], romashka);
    ASSERT_TRUE(ui.click("form.save"));
    const auto saved = read_record(*store, contact_entity(), ui.state("card.id").get<std::string>());
    EXPECT_EQ(saved.text("company_id"), romashka);
    EXPECT_EQ(saved.ref_title("company_id"), "ООО Ромашка");

    // "Private person" clears it again.
    ASSERT_TRUE(ui.click("card.edit"));
    EXPECT_EQ(ui.state("form.refs")["company_id"], "ООО Ромашка");
    ASSERT_TRUE(ui.click("form.field.company_id"));
    ASSERT_TRUE(ui.click("form.company_id.none"));
    EXPECT_TRUE(ui.state("form.draft")["company_id"].is_null());
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("card.text")["company_id"], "Частное лицо");
}

// The owner is a user account (schema 8): the form picks it like any reference, by searching the users
// (found by name, shown with the login), and there is no free-text owner with suggestions any more.
TEST_F(UiRecordForm, TheOwnerIsAUserPickedThroughTheReferencePicker) {
    const std::string sidorov = add_record(*store, domain::Registry::app().get(domain::entity::kUser),
                                           {{"name", "Сидоров Иван"}, {"login", "sidorov"}, {"role", "rep"}});
    ASSERT_FALSE(sidorov.empty());
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.new"));
    ui.type("Чья-то компания");
    EXPECT_FALSE(ui.item("form.owner.suggest").has_value());
    EXPECT_FALSE(ui.item("form.field.owner").has_value());  // the legacy text is hidden
    ASSERT_TRUE(ui.click("form.field.owner_id"));
    // The setup's companies belong to "ivanova"; both users are offered.
    EXPECT_EQ(ui.state("form.choices.owner_id").size(), 2u);
    ui.type("сидор");  // the search box has the focus as soon as the picker opens
    EXPECT_EQ(ui.state("form.choices.owner_id"), (nlohmann::json{"Сидоров Иван"}));
    ASSERT_TRUE(ui.click("form.owner_id.pick.0"));
    EXPECT_EQ(ui.state("form.refs")["owner_id"], "Сидоров Иван");
    EXPECT_EQ(ui.state("form.draft")["owner_id"], sidorov);
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("card.text")["owner_id"], "Сидоров Иван");
    const auto saved = read_record(*store, company_entity(), ui.state("card.id").get<std::string>());
    EXPECT_EQ(saved.text("owner_id"), sidorov);
    EXPECT_EQ(saved.ref_title("owner_id"), "Сидоров Иван");
    EXPECT_EQ(saved.text("owner"), "");  // nothing writes the legacy text
}

TEST_F(UiRecordForm, PhoneRowsAreAddedAndRemoved) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.new"));
    ui.type("Три телефона");
    ASSERT_TRUE(ui.click("form.phones.0"));
    ui.type("+7 900 000-00-01");
    ASSERT_TRUE(ui.click("form.phones.add"));
    ui.type("+7 900 000-00-02");  // the new row has the focus
    ASSERT_TRUE(ui.click("form.phones.add"));
    ui.type("+7 900 000-00-03");
    EXPECT_EQ(ui.state("form.draft")["phones"].size(), 3u);
    ASSERT_TRUE(ui.click("form.phones.1.remove"));
    EXPECT_EQ(ui.state("form.draft")["phones"], (nlohmann::json{"+7 900 000-00-01", "+7 900 000-00-03"}));
    EXPECT_FALSE(ui.item("form.phones.2").has_value());
    ASSERT_TRUE(ui.click("form.save"));
    const auto saved = read_record(*store, company_entity(), ui.state("card.id").get<std::string>());
    EXPECT_EQ(saved.list("phones"), (std::vector<std::string>{"+7 900 000-00-01", "+7 900 000-00-03"}));
}

TEST_F(UiRecordForm, TabWalksThroughTheFormInOrder) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.new"));
    ui.type("Клавиатура");
    ui.press(ImGuiKey_Tab);  // name -> first phone
    ui.type("+7 900 111-22-33");
    ui.press(ImGuiKey_Tab);  // -> its Remove button
    ui.press(ImGuiKey_Tab);  // -> "+ Add"
    ui.press(ImGuiKey_Tab);  // -> first e-mail
    ui.type("kb@example.ru");
    EXPECT_EQ(ui.state("form.draft")["name"], "Клавиатура");
    EXPECT_EQ(ui.state("form.draft")["phones"], (nlohmann::json{"+7 900 111-22-33"}));
    EXPECT_EQ(ui.state("form.draft")["emails"], (nlohmann::json{"kb@example.ru"}));
    ui.press(ImGuiKey_Enter);
    EXPECT_EQ(ui.state("card.title"), "Клавиатура");
}

TEST_F(UiRecordForm, ANewRecordNeedsNoMouseAfterTheSearchBox) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.search"));
    ui.press(ImGuiKey_Tab);    // search -> "New company"
    ui.press(ImGuiKey_Enter);  // activates it; the name field gets the focus
    EXPECT_EQ(ui.state("form.mode"), "create");
    ui.type("Без мыши");
    ui.press(ImGuiKey_Enter);
    EXPECT_EQ(ui.state("card.title"), "Без мыши");
    EXPECT_EQ(ui.state("list.total"), 3);
}

TEST_F(UiRecordForm, TheStageComboOffersEveryStageByItsLabel) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.new"));
    ui.type("Этапная");
    EXPECT_EQ(ui.state("form.draft")["journey_stage"], journey_stage(0));  // the descriptor's default
    ASSERT_TRUE(ui.click("form.field.journey_stage"));
    EXPECT_FALSE(ui.item("form.journey_stage.none").has_value());  // required: no empty choice
    ASSERT_TRUE(ui.click("form.journey_stage.option.5"));  // the team's list, by position
    EXPECT_EQ(ui.state("form.draft")["journey_stage"], journey_stage(5));
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("card.text")["journey_stage"], "Повторные продажи и удержание");
}

}  // namespace
}  // namespace crm::ui::test
