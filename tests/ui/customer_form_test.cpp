// Creating, editing and deleting customers through the form, the card and the undo bar, driven with clicks,
// typing and keys like a user would; every write is checked in the store and its change log.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "core/limits.hpp"
#include "tests/ui/ui_harness.hpp"
#include "ui/i18n.hpp"

namespace crm::ui::test {
namespace {

class UiCustomerForm : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        romashka = add_company(*store, "ООО Ромашка", domain::JourneyStage::Decision);
        add_company(*store, "Вектор");
    }

    std::int64_t log_size() {
        auto n = store->changes().count();
        EXPECT_TRUE(n.ok());
        return n.ok() ? *n : -1;
    }
    std::vector<sync::Change> last_changes(std::int64_t after) {
        auto changes = store->changes().since(after, 100);
        EXPECT_TRUE(changes.ok());
        return changes.ok() ? *changes : std::vector<sync::Change>{};
    }
    std::int64_t last_seq() {
        auto seq = store->changes().last_seq();
        EXPECT_TRUE(seq.ok());
        return seq.ok() ? *seq : -1;
    }

    std::unique_ptr<Store> store;
    FakePlatform platform;
    std::string romashka;
};

TEST_F(UiCustomerForm, NewCompanyIsTypedInAndEnterSavesIt) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.new"));
    EXPECT_EQ(ui.state("form.mode"), "create");
    EXPECT_EQ(ui.state("form.kind"), "company");

    ASSERT_TRUE(ui.click("form.field.name"));
    ui.type("ООО Новая Заря");
    ASSERT_TRUE(ui.click("form.phone.0"));
    ui.type("+7 912 000-11-22");
    EXPECT_EQ(ui.state("form.draft")["phones"][0], "+7 912 000-11-22");
    ui.press(ImGuiKey_Enter);

    EXPECT_TRUE(ui.state("form.mode").is_null());
    EXPECT_EQ(ui.state("card.kind"), "company");
    EXPECT_EQ(ui.state("card.name"), "ООО Новая Заря");
    EXPECT_EQ(ui.state("customers.total"), 3);
    domain::ListQuery q;
    q.search = "9120001122";
    auto found = store->companies().list(q);
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->rows.size(), 1u);
    EXPECT_EQ(found->rows[0].name, "ООО Новая Заря");
    EXPECT_EQ(found->rows[0].id, ui.state("card.id"));
}

TEST_F(UiCustomerForm, ValidationMessagesShowUnderTheirFieldAndFollowTheFix) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.tab.contacts"));
    ASSERT_TRUE(ui.click("customers.new"));
    EXPECT_EQ(ui.state("form.kind"), "contact");
    const std::int64_t before = log_size();

    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("form.mode"), "create");  // nothing saved
    EXPECT_EQ(ui.state("form.errors")["name"], "Название / имя: заполните поле");
    const auto name_field = ui.item("form.field.name");
    const auto name_error = ui.item("form.error.name");
    ASSERT_TRUE(name_field && name_error);
    EXPECT_GT(name_error->y, name_field->y);
    EXPECT_LT(name_error->y, ui.item("form.phone.0")->y);

    ASSERT_TRUE(ui.click("form.field.name"));
    ui.type("Иванов Пётр");
    EXPECT_FALSE(ui.item("form.error.name").has_value());  // fixed: the message goes as the user types
    ASSERT_TRUE(ui.click("form.email.0"));
    ui.type("petr@");
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("form.errors")["emails"], "E-mail: неверный формат");
    const auto email_error = ui.item("form.error.emails");
    ASSERT_TRUE(email_error.has_value());
    EXPECT_GT(email_error->y, ui.item("form.email.0")->y);
    EXPECT_EQ(log_size(), before);

    ASSERT_TRUE(ui.click("form.email.0"));
    ui.type("mail.ru");
    EXPECT_TRUE(ui.state("form.errors").empty());
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("card.kind"), "contact");
    EXPECT_EQ(ui.state("card.name"), "Иванов Пётр");
    auto saved = store->contacts().get(ui.state("card.id").get<std::string>());
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved->emails, std::vector<std::string>{"petr@mail.ru"});
    EXPECT_TRUE(saved->phones.empty());  // the empty phone row is not stored
    EXPECT_GT(log_size(), before);
}

TEST_F(UiCustomerForm, EnglishMessagesComeFromTheSameCatalogue) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("topbar.lang.en"));
    ASSERT_TRUE(ui.click("customers.new"));
    ASSERT_TRUE(ui.click("form.field.name"));
    ui.type("Acme");
    ASSERT_TRUE(ui.click("form.phone.0"));
    ui.type("12ab");
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("form.errors")["phones"], "Phone: the format is wrong");
    set_language(Language::Ru);
}

TEST_F(UiCustomerForm, ContactPicksItsCompanyBySearching) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.tab.contacts"));
    ASSERT_TRUE(ui.click("customers.new"));
    ASSERT_TRUE(ui.click("form.field.name"));
    ui.type("Смирнова Анна");
    ASSERT_TRUE(ui.click("form.field.company"));
    EXPECT_EQ(ui.state("form.company.choices"), (nlohmann::json{"Вектор", "ООО Ромашка"}));
    ui.type("ромаш");  // the search box has the focus as soon as the picker opens
    EXPECT_EQ(ui.state("form.company.choices"), (nlohmann::json{"ООО Ромашка"}));
    ASSERT_TRUE(ui.click("form.company.0"));
    EXPECT_EQ(ui.state("form.draft")["company"], "ООО Ромашка");
    EXPECT_EQ(ui.state("form.draft")["company_id"], romashka);

    ASSERT_TRUE(ui.click("form.save"));
    auto saved = store->contacts().get(ui.state("card.id").get<std::string>());
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved->company_id, romashka);
    EXPECT_EQ(saved->company_name, "ООО Ромашка");
}

TEST_F(UiCustomerForm, ACompanyCardStartsANewContactOfThatCompany) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.row.1"));  // ООО Ромашка
    EXPECT_EQ(ui.state("card.record")["contacts"], 0);
    ASSERT_TRUE(ui.click("card.new_contact"));
    EXPECT_EQ(ui.state("form.kind"), "contact");
    EXPECT_EQ(ui.state("form.draft")["company"], "ООО Ромашка");
    ASSERT_TRUE(ui.click("form.field.name"));
    ui.type("Новый Сотрудник");
    ui.press(ImGuiKey_Enter);
    EXPECT_EQ(ui.state("card.kind"), "contact");
    EXPECT_EQ(ui.state("card.record")["company"], "ООО Ромашка");
    ASSERT_TRUE(ui.click("card.company"));
    EXPECT_EQ(ui.state("card.record")["contacts"], 1);
}

TEST_F(UiCustomerForm, EditChangesOnlyWhatTheUserChanged) {
    add_contact(*store, "Петров Пётр", romashka, "Директор");
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.tab.contacts"));
    ASSERT_TRUE(ui.click("customers.row.0"));
    ASSERT_TRUE(ui.click("card.edit"));
    EXPECT_EQ(ui.state("form.mode"), "edit");
    EXPECT_EQ(ui.state("form.draft")["position"], "Директор");
    EXPECT_EQ(ui.state("form.draft")["company"], "ООО Ромашка");
    const std::int64_t seq = last_seq();

    ASSERT_TRUE(ui.click("form.field.position"));
    ui.press(ImGuiKey_End);
    ui.type(" по продажам");
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_TRUE(ui.state("form.mode").is_null());
    EXPECT_EQ(ui.state("card.name"), "Петров Пётр");
    auto saved = store->contacts().get(ui.state("card.id").get<std::string>());
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved->position, "Директор по продажам");
    const auto logged = last_changes(seq);
    ASSERT_EQ(logged.size(), 1u);
    EXPECT_EQ(logged[0].field, "position");
    EXPECT_EQ(logged[0].value, "Директор по продажам");
}

TEST_F(UiCustomerForm, OwnersInUseArePickedBesideTheOwnerField) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.new"));
    ASSERT_TRUE(ui.click("form.field.name"));
    ui.type("Чья-то компания");
    ASSERT_TRUE(ui.click("form.owner.pick"));
    EXPECT_FALSE(ui.item("form.owner.1").has_value());  // "ivanova" is the one owner of the seeded companies
    ASSERT_TRUE(ui.click("form.owner.0"));
    EXPECT_EQ(ui.state("form.draft")["owner"], "ivanova");
    ASSERT_TRUE(ui.click("form.save"));
    auto saved = store->companies().get(ui.state("card.id").get<std::string>());
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved->owner, "ivanova");
}

TEST_F(UiCustomerForm, EscapeCancelsWithoutWriting) {
    UiHarness ui(*store, platform);
    const std::int64_t before = log_size();
    ASSERT_TRUE(ui.click("customers.new"));
    ASSERT_TRUE(ui.click("form.field.name"));
    ui.type("Не сохранять");
    ui.press(ImGuiKey_Escape);
    EXPECT_TRUE(ui.state("form.mode").is_null());
    EXPECT_FALSE(ui.item("form.save").has_value());
    EXPECT_EQ(ui.state("customers.total"), 2);
    EXPECT_EQ(log_size(), before);

    // Cancel on an edit returns to the card it came from.
    ASSERT_TRUE(ui.click("customers.row.0"));
    ASSERT_TRUE(ui.click("card.edit"));
    ASSERT_TRUE(ui.click("form.cancel"));
    EXPECT_TRUE(ui.state("form.mode").is_null());
    EXPECT_EQ(ui.state("card.name"), "Вектор");
    EXPECT_EQ(log_size(), before);
}

TEST_F(UiCustomerForm, PhoneAndEmailRowsAreAddedAndRemoved) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.new"));
    ASSERT_TRUE(ui.click("form.field.name"));
    ui.type("Три телефона");
    ASSERT_TRUE(ui.click("form.phone.0"));
    ui.type("+7 900 000-00-01");
    ASSERT_TRUE(ui.click("form.phone.add"));
    ui.type("+7 900 000-00-02");  // the new row has the focus
    ASSERT_TRUE(ui.click("form.phone.add"));
    ui.type("+7 900 000-00-03");
    EXPECT_EQ(ui.state("form.draft")["phones"].size(), 3u);
    ASSERT_TRUE(ui.click("form.phone.1.remove"));
    EXPECT_EQ(ui.state("form.draft")["phones"], (nlohmann::json{"+7 900 000-00-01", "+7 900 000-00-03"}));
    EXPECT_FALSE(ui.item("form.phone.2").has_value());
    ASSERT_TRUE(ui.click("form.save"));
    auto saved = store->companies().get(ui.state("card.id").get<std::string>());
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved->phones, (std::vector<std::string>{"+7 900 000-00-01", "+7 900 000-00-03"}));
}

TEST_F(UiCustomerForm, TabWalksThroughTheFormInOrder) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.new"));
    ASSERT_TRUE(ui.click("form.field.name"));
    ui.type("Клавиатура");
    ui.press(ImGuiKey_Tab);  // name -> first phone
    ui.type("+7 900 111-22-33");
    ui.press(ImGuiKey_Tab);  // -> its Remove button
    ui.press(ImGuiKey_Tab);  // -> "+ Phone"
    ui.press(ImGuiKey_Tab);  // -> first e-mail
    ui.type("kb@example.ru");
    EXPECT_EQ(ui.state("form.draft")["name"], "Клавиатура");
    EXPECT_EQ(ui.state("form.draft")["phones"], (nlohmann::json{"+7 900 111-22-33"}));
    EXPECT_EQ(ui.state("form.draft")["emails"], (nlohmann::json{"kb@example.ru"}));
    ui.press(ImGuiKey_Enter);
    EXPECT_EQ(ui.state("card.name"), "Клавиатура");
}

TEST_F(UiCustomerForm, ANewCustomerNeedsNoMouseAfterTheSearchBox) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.search"));
    ui.press(ImGuiKey_Tab);    // search -> "New company"
    ui.press(ImGuiKey_Enter);  // activates it; the name field gets the focus
    EXPECT_EQ(ui.state("form.mode"), "create");
    ui.type("Без мыши");
    ui.press(ImGuiKey_Enter);
    EXPECT_EQ(ui.state("card.name"), "Без мыши");
    EXPECT_EQ(ui.state("customers.total"), 3);
}

TEST_F(UiCustomerForm, DeleteAsksFirstAndUndoRestoresThroughTheRepository) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.row.1"));  // ООО Ромашка
    ASSERT_EQ(ui.state("card.id"), romashka);

    ASSERT_TRUE(ui.click("card.delete"));
    EXPECT_EQ(ui.state("confirm.open"), true);
    ASSERT_TRUE(ui.click("confirm.no"));
    EXPECT_TRUE(ui.state("confirm.open").is_null());
    ASSERT_TRUE(ui.click("card.delete"));
    ui.press(ImGuiKey_Escape);  // closes the question only, the card stays
    EXPECT_TRUE(ui.state("confirm.open").is_null());
    EXPECT_EQ(ui.state("card.id"), romashka);
    EXPECT_EQ(ui.state("customers.total"), 2);

    const std::int64_t seq = last_seq();
    ASSERT_TRUE(ui.click("card.delete"));
    ASSERT_TRUE(ui.click("confirm.yes"));
    EXPECT_TRUE(ui.state("card.id").is_null());
    EXPECT_EQ(ui.state("customers.total"), 1);
    EXPECT_EQ(store->companies().get(romashka).error().code, ErrorCode::NotFound);
    auto logged = last_changes(seq);
    ASSERT_EQ(logged.size(), 1u);
    EXPECT_EQ(logged[0].field, "deleted");
    EXPECT_EQ(logged[0].value, 1);
    EXPECT_EQ(ui.state("undo.name"), "ООО Ромашка");

    ASSERT_TRUE(ui.click("undo.button"));
    EXPECT_FALSE(ui.item("undo.button").has_value());
    EXPECT_EQ(ui.state("customers.total"), 2);
    EXPECT_EQ(ui.state("card.id"), romashka);  // the restored record is shown again
    EXPECT_TRUE(store->companies().get(romashka).ok());
    logged = last_changes(seq);
    ASSERT_EQ(logged.size(), 2u);
    EXPECT_EQ(logged[1].field, "deleted");
    EXPECT_EQ(logged[1].value, 0);
}

TEST_F(UiCustomerForm, UndoBarHidesAfterItsTime) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.row.0"));
    ASSERT_TRUE(ui.click("card.delete"));
    ASSERT_TRUE(ui.click("confirm.yes"));
    EXPECT_TRUE(ui.item("undo.button").has_value());
    platform.now += limits::kUndoBarVisibleMs;
    ui.frame(2);
    EXPECT_FALSE(ui.item("undo.button").has_value());
}

TEST_F(UiCustomerForm, PhoneLayoutShowsOneFullWidthColumn) {
    UiHarness ui(*store, platform, 390.0f, 844.0f);
    EXPECT_EQ(ui.state("layout"), "narrow");
    ASSERT_TRUE(ui.click("customers.new"));
    EXPECT_FALSE(ui.item("customers.search").has_value());  // the form replaces the list
    const auto name = ui.item("form.field.name");
    ASSERT_TRUE(name.has_value());
    EXPECT_GT(name->w, 330.0f);
    const auto save = ui.item("form.save");
    const auto cancel = ui.item("form.cancel");
    ASSERT_TRUE(save && cancel);
    EXPECT_GE(save->h, limits::kTouchTargetMinPx);
    EXPECT_GT(save->w, 150.0f);
    EXPECT_LE(cancel->x + cancel->w, 390.0f);

    ASSERT_TRUE(ui.click("form.field.name"));
    ui.type("С телефона");
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("card.name"), "С телефона");
    ASSERT_TRUE(ui.click("card.close"));
    EXPECT_TRUE(ui.item("customers.search").has_value());
}

TEST_F(UiCustomerForm, OpeningACardBesideTheListKeepsItsTabAndSearch) {
    add_contact(*store, "Петров Пётр", romashka, "Директор");
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.tab.contacts"));
    ASSERT_TRUE(ui.click("customers.search"));
    ui.type("петров");
    ASSERT_TRUE(ui.click("customers.row.0"));
    EXPECT_EQ(ui.state("card.kind"), "contact");
    // The list moved into the left pane: still the contacts, still the search.
    EXPECT_EQ(ui.state("customers.tab"), "contacts");
    EXPECT_EQ(ui.state("customers.search"), "петров");
    EXPECT_EQ(ui.visible_names(), std::vector<std::string>{"Петров Пётр"});
}

TEST_F(UiCustomerForm, StageAndOwnerFiltersNarrowTheList) {
    domain::Company petrov;
    petrov.name = "Заря";
    petrov.owner = "petrov";
    petrov.journey_stage = domain::JourneyStage::Decision;
    ASSERT_TRUE(store->companies().create(petrov).ok());
    UiHarness ui(*store, platform);
    EXPECT_EQ(ui.state("customers.total"), 3);

    ASSERT_TRUE(ui.click("filter.stage"));
    ASSERT_TRUE(ui.click("filter.stage.decision"));
    EXPECT_EQ(ui.state("customers.filter")["stage"], "decision");
    EXPECT_EQ(ui.state("customers.total"), 2);
    EXPECT_EQ(ui.visible_names(), (std::vector<std::string>{"Заря", "ООО Ромашка"}));

    EXPECT_EQ(ui.state("customers.owners"), (nlohmann::json{"ivanova", "petrov"}));
    ASSERT_TRUE(ui.click("filter.owner"));
    ASSERT_TRUE(ui.click("filter.owner.0"));
    EXPECT_EQ(ui.state("customers.filter")["owner"], "ivanova");
    EXPECT_EQ(ui.visible_names(), std::vector<std::string>{"ООО Ромашка"});

    ASSERT_TRUE(ui.click("filter.stage"));
    ASSERT_TRUE(ui.click("filter.stage.all"));
    EXPECT_EQ(ui.visible_names(), (std::vector<std::string>{"Вектор", "ООО Ромашка"}));
    ASSERT_TRUE(ui.click("filter.owner"));
    ASSERT_TRUE(ui.click("filter.owner.all"));
    EXPECT_EQ(ui.state("customers.total"), 3);
}

}  // namespace
}  // namespace crm::ui::test
