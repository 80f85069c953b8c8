// Every field type through the generic views, on a test registry (not the app's): a "gadget" has a field of
// each type, a "maker" is what its reference points at (and lists its gadgets), and user-defined options come
// from the enum_option entity. The form edits and saves each type, rejects what does not parse, the card
// shows each formatted per language, the list sorts by each sortable one and filters by the filterable ones.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "core/domain/activity.hpp"
#include "core/limits.hpp"
#include "tests/ui/ui_harness.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"

namespace crm::ui::test {
namespace {

using T = domain::FieldType;

constexpr std::int64_t kMeetAtMs = 1'795'779'000'000;     // 2026-11-27 11:30 UTC = 14:30 in Moscow
constexpr std::int64_t kLaterMeetMs = 1'795'856'400'000;  // 2026-11-28 09:00 UTC
constexpr std::int64_t kEarlyMeetMs = 1'736'056'800'000;  // 2025-01-05 06:00 UTC
constexpr std::int64_t kMaxQty = 1000;

domain::EntityDesc gadget() {
    domain::EntityDesc e;
    e.name = "gadget";
    e.table = "test_gadgets";
    e.label_one = "test.gadget";
    e.label_many = "test.gadgets";
    e.label_new = "test.gadget.new";
    e.fields = {
        {.name = "name",
         .type = T::Text,
         .label = "field.name",
         .required = true,
         .searchable = true,
         .sortable = true},
        {.name = "notes", .type = T::LongText, .label = "field.notes"},
        {.name = "tags", .type = T::TextList, .label = "test.tags", .max_items = 3},
        {.name = "phones", .type = T::TextList, .label = "field.phones", .format = domain::TextFormat::Phone},
        {.name = "qty", .type = T::Integer, .label = "test.qty", .min = 0, .max = kMaxQty, .sortable = true},
        {.name = "active", .type = T::Boolean, .label = "test.active", .sortable = true},
        {.name = "price", .type = T::Money, .label = "test.price", .sortable = true},
        {.name = "due", .type = T::Date, .label = "test.due", .sortable = true},
        {.name = "meet_at", .type = T::DateTime, .label = "test.meet_at", .sortable = true},
        // Fixed options with real catalogue labels: the activity types.
        {.name = "type",
         .type = T::Enum,
         .label = "field.activity_type",
         .options = domain::activity_type_keys(),
         .sortable = true,
         .filterable = true},
        {.name = "grade", .type = T::Enum, .label = "test.grade", .option_list = "grade", .filterable = true},
        {.name = "maker_id",
         .type = T::Reference,
         .label = "test.maker_id",
         .target = "maker",
         .filterable = true},
        {.name = "spot", .type = T::GeoPoint, .label = "test.spot"},
        {.name = "owner", .type = T::Text, .label = "field.owner", .sortable = true, .filterable = true},
    };
    e.columns = {{"name", 0, 2.0f},     {"qty", 1, 0.6f},           {"price", 2, 1.2f},  {"due", 3, 1.0f},
                 {"meet_at", 4, 1.0f},  {"type", 5, 1.0f}, {"active", 6, 0.6f}, {"owner", 7, 1.0f},
                 {"maker_id", 8, 1.2f}, {"grade", 9, 0.8f}};
    e.form = {"name", "notes",   "tags",          "phones", "qty",      "active", "price",
              "due",  "meet_at", "type", "grade",  "maker_id", "spot",   "owner"};
    e.card = {{"",
               {"maker_id", "qty", "active", "price", "due", "meet_at", "type", "grade", "tags",
                "phones"}},
              {"test.more", {"spot", "owner", "notes", domain::kCreatedAtField}}};
    return e;
}

domain::EntityDesc maker() {
    domain::EntityDesc e;
    e.name = "maker";
    e.table = "test_makers";
    e.label_one = "test.maker";
    e.label_many = "test.makers";
    e.label_new = "test.maker.new";
    e.fields = {{.name = "name",
                 .type = T::Text,
                 .label = "field.name",
                 .required = true,
                 .searchable = true,
                 .sortable = true},
                {.name = "city", .type = T::Text, .label = "test.city", .searchable = true}};
    e.subtitle_field = "city";
    e.columns = {{"name", 0, 2.0f}, {"city", 1, 1.0f}};
    e.form = {"name", "city"};
    e.card = {{"", {"city"}}};
    e.related = {{"gadget", "maker_id", "test.gadgets_of", "test.add_gadget"}};
    return e;
}

// The app's option entity again (its table exists in every store), so user-defined lists work here too.
domain::EntityDesc options() {
    const domain::EntityDesc& app = domain::Registry::app().get(domain::entity::kEnumOption);
    domain::EntityDesc e = app;
    e.fields.clear();
    for (const domain::FieldDesc& f : app.fields)
        if (f.name != domain::kCreatedAtField && f.name != domain::kUpdatedAtField &&
            f.name != domain::kDeletedField)
            e.fields.push_back(f);
    return e;
}

const domain::Registry& registry() {
    static const domain::Registry r({gadget(), maker(), options()});
    return r;
}
const domain::EntityDesc& gadgets() {
    return registry().get("gadget");
}
const domain::EntityDesc& makers() {
    return registry().get("maker");
}

std::string malformed(std::string_view field) {
    return trf(Str::ErrMalformed, {field_label(*gadgets().find(field))});
}

class UiFieldTypes : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store(registry());
        ASSERT_NE(store, nullptr);
        maker_id = add_record(*store, makers(), {{"name", "Завод Прибор"}, {"city", "Тула"}}, registry());
        const auto& option_entity = registry().get(domain::entity::kEnumOption);
        grade_a = add_record(*store, option_entity, {{"list", "grade"}, {"label", "A"}, {"position", 1}},
                             registry());
        grade_b = add_record(*store, option_entity, {{"list", "grade"}, {"label", "B"}, {"position", 2}},
                             registry());
        // Another list's option: never offered for "grade".
        add_record(*store, option_entity, {{"list", "other"}, {"label", "Z"}, {"position", 0}}, registry());
    }
    void TearDown() override { set_language(Language::Ru); }

    // A gadget with every field filled.
    std::string add_full(const std::string& name) {
        return add_record(*store, gadgets(),
                          {{"name", name},
                           {"notes", "первая строка\nвторая строка"},
                           {"tags", {"alpha", "beta"}},
                           {"phones", {"+7 (921) 555-12-34"}},
                           {"qty", 250},
                           {"active", true},
                           {"price", domain::money(125'050'050, "RUB")},
                           {"due", "2026-11-27"},
                           {"meet_at", kMeetAtMs},
                           {"type", "visit"},
                           {"grade", grade_b},
                           {"maker_id", maker_id},
                           {"spot", domain::geo(55.7558, 37.6173, 12.0)},
                           {"owner", "petrov"}},
                          registry());
    }
    domain::Record saved(UiHarness& ui) {
        return read_record(*store, gadgets(), ui.state("card.id").get<std::string>(), registry());
    }

    std::unique_ptr<Store> store;
    FakePlatform platform;
    std::string maker_id, grade_a, grade_b;
};

void ctrl_enter(UiHarness& ui) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    ui.press(ImGuiKey_Enter);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
    ui.frame();
}

TEST_F(UiFieldTypes, TheFormEditsAndSavesEveryType) {
    UiHarness ui(*store, platform, 1280.0f, 2000.0f, registry());
    EXPECT_EQ(ui.state("list.tab"), "gadget");
    ASSERT_TRUE(ui.click("list.new"));
    ui.type("Прибор");
    ASSERT_TRUE(ui.click("form.field.notes"));
    ui.type("строка 1");
    ctrl_enter(ui);  // a new line, not a save
    ui.type("строка 2");
    EXPECT_EQ(ui.state("form.mode"), "create");
    ASSERT_TRUE(ui.click("form.tags.0"));
    ui.type("alpha");
    ASSERT_TRUE(ui.click("form.tags.add"));
    ui.type("beta");
    ASSERT_TRUE(ui.click("form.phones.0"));
    ui.type("+7 (921) 555-12-34");
    ASSERT_TRUE(ui.click("form.field.qty"));
    ui.type("1 000");
    ASSERT_TRUE(ui.click("form.field.active"));
    ASSERT_TRUE(ui.click("form.field.price"));
    ui.type("1 250,5");
    EXPECT_EQ(ui.state("form.draft")["price"], domain::money(125'050, "RUB"));  // roubles first
    ASSERT_TRUE(ui.click("form.price.currency"));
    ASSERT_TRUE(ui.click("form.price.currency.USD"));
    ASSERT_TRUE(ui.click("form.field.due"));
    ui.type("27.11.2026");
    ASSERT_TRUE(ui.click("form.field.meet_at"));
    ui.type("27.11.2026 14:30");
    ASSERT_TRUE(ui.click("form.field.type"));
    ASSERT_TRUE(ui.click("form.type.option.visit"));
    ASSERT_TRUE(ui.click("form.field.grade"));
    EXPECT_FALSE(ui.item("form.grade.option.2").has_value());  // "Z" is another list's
    ASSERT_TRUE(ui.click("form.grade.option.1"));
    ASSERT_TRUE(ui.click("form.field.maker_id"));
    EXPECT_EQ(ui.state("form.choices.maker_id"), nlohmann::json{"Завод Прибор"});
    ASSERT_TRUE(ui.click("form.maker_id.pick.0"));
    ASSERT_TRUE(ui.click("form.field.owner"));
    ui.type("petrov");

    const auto draft = ui.state("form.draft");
    EXPECT_EQ(draft["notes"], "строка 1\nстрока 2");
    EXPECT_EQ(draft["tags"], (nlohmann::json{"alpha", "beta"}));
    EXPECT_EQ(draft["qty"], 1000);
    EXPECT_EQ(draft["active"], true);
    EXPECT_EQ(draft["price"], domain::money(125'050, "USD"));
    EXPECT_EQ(draft["due"], "2026-11-27");
    EXPECT_EQ(draft["meet_at"], kMeetAtMs);  // typed in Moscow time, kept in UTC
    EXPECT_EQ(draft["type"], "visit");
    EXPECT_EQ(draft["grade"], grade_b);
    EXPECT_EQ(draft["maker_id"], maker_id);
    EXPECT_TRUE(draft["spot"].is_null());
    EXPECT_TRUE(ui.state("form.errors").empty());
    ASSERT_TRUE(ui.click("form.save"));

    ASSERT_EQ(ui.state("card.entity"), "gadget");
    const domain::Record r = saved(ui);
    EXPECT_EQ(r.text("name"), "Прибор");
    EXPECT_EQ(r.text("notes"), "строка 1\nстрока 2");
    EXPECT_EQ(r.list("tags"), (std::vector<std::string>{"alpha", "beta"}));
    EXPECT_EQ(r.list("phones"), std::vector<std::string>{"+7 (921) 555-12-34"});
    EXPECT_EQ(r.integer("qty"), 1000);
    EXPECT_TRUE(r.boolean("active"));
    EXPECT_EQ(r.get("price"), domain::money(125'050, "USD"));
    EXPECT_EQ(r.text("due"), "2026-11-27");
    EXPECT_EQ(r.integer("meet_at"), kMeetAtMs);
    EXPECT_EQ(r.text("type"), "visit");
    EXPECT_EQ(r.text("grade"), grade_b);
    EXPECT_EQ(r.text("maker_id"), maker_id);
    EXPECT_EQ(r.ref_title("maker_id"), "Завод Прибор");
    EXPECT_TRUE(r.get("spot").is_null());
    EXPECT_EQ(r.text("owner"), "petrov");
}

TEST_F(UiFieldTypes, WhatDoesNotParseOrFitIsRejectedUnderItsField) {
    UiHarness ui(*store, platform, 1280.0f, 2000.0f, registry());
    const std::int64_t before = store->changes().last_seq();
    ASSERT_TRUE(ui.click("list.new"));
    ui.type("Брак");
    ASSERT_TRUE(ui.click("form.field.qty"));
    ui.type("12x");
    ASSERT_TRUE(ui.click("form.field.price"));
    ui.type("1,234");  // a rouble has two decimals
    ASSERT_TRUE(ui.click("form.field.due"));
    ui.type("31.02.2026");
    ASSERT_TRUE(ui.click("form.field.meet_at"));
    ui.type("27.11.2026 25:00");
    ASSERT_TRUE(ui.click("form.tags.0"));
    ui.type("a");
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(ui.click("form.tags.add"));
        ui.type("b");
    }
    EXPECT_TRUE(ui.item("form.tags.add").has_value());
    ASSERT_TRUE(ui.click("form.save"));
    const auto errors = ui.state("form.errors");
    EXPECT_EQ(errors["qty"], malformed("qty"));
    EXPECT_EQ(errors["price"], malformed("price"));
    EXPECT_EQ(errors["due"], malformed("due"));
    EXPECT_EQ(errors["meet_at"], malformed("meet_at"));
    EXPECT_FALSE(errors.contains("tags"));  // three is the limit, not over it
    EXPECT_TRUE(ui.item("form.error.due").has_value());
    EXPECT_EQ(ui.state("form.mode"), "create");

    // Well-formed but out of the field's range: core's own message.
    ASSERT_TRUE(ui.click("form.field.qty"));
    ui.press(ImGuiKey_End);
    for (int i = 0; i < 3; ++i) ui.press(ImGuiKey_Backspace);
    ui.type("5000");
    EXPECT_EQ(ui.state("form.errors")["qty"], trf(Str::ErrOutOfRange, {field_label(*gadgets().find("qty"))}));
    EXPECT_EQ(store->changes().last_seq(), before);
}

TEST_F(UiFieldTypes, TheCardShowsEveryTypeFormattedPerLanguage) {
    add_full("Полный");
    UiHarness ui(*store, platform, 1280.0f, 1200.0f, registry());
    ASSERT_TRUE(ui.click("list.row.0"));
    auto text = ui.state("card.text");
    EXPECT_EQ(text["maker_id"], "Завод Прибор");
    EXPECT_EQ(text["qty"], "250");
    EXPECT_EQ(text["active"], "Да");
    EXPECT_EQ(text["price"], "1\u00A0250\u00A0500,50\u00A0₽");
    EXPECT_EQ(text["due"], "27.11.2026");
    EXPECT_EQ(text["meet_at"], "27.11.2026 14:30");
    EXPECT_EQ(text["type"], "Визит");
    EXPECT_EQ(text["grade"], "B");
    EXPECT_EQ(text["tags"], "alpha\nbeta");
    EXPECT_EQ(text["spot"], "55.75580, 37.61730 (±12 м)");
    EXPECT_EQ(text["notes"], "первая строка\nвторая строка");
    EXPECT_EQ(text["created_at"], "15.11.2023 01:13");  // a system time, shown in the device's zone
    EXPECT_TRUE(ui.item("card.ref.maker_id").has_value());
    ASSERT_TRUE(ui.click("card.phones.0"));
    EXPECT_EQ(platform.opened_url, "tel:+79215551234");

    ASSERT_TRUE(ui.click("topbar.lang.en"));
    text = ui.state("card.text");
    EXPECT_EQ(text["active"], "Yes");
    EXPECT_EQ(text["price"], "₽1,250,500.50");
    EXPECT_EQ(text["due"], "2026-11-27");
    EXPECT_EQ(text["meet_at"], "2026-11-27 14:30");
    EXPECT_EQ(text["type"], "Visit");
    EXPECT_EQ(text["spot"], "55.75580, 37.61730 (±12 m)");

    // The list cell of a date-time is its day; of a long text its first line.
    ASSERT_TRUE(ui.click("card.ref.maker_id"));
    EXPECT_EQ(ui.state("card.entity"), "maker");
    EXPECT_EQ(ui.state("card.related")["gadget"], 1);
    ASSERT_TRUE(ui.click("card.related.gadget.0"));
    EXPECT_EQ(ui.state("card.title"), "Полный");
}

TEST_F(UiFieldTypes, AnEmptyRecordReadsAsDashesAndNone) {
    add_record(*store, gadgets(), {{"name", "Пустой"}}, registry());
    UiHarness ui(*store, platform, 1280.0f, 1200.0f, registry());
    ASSERT_TRUE(ui.click("list.row.0"));
    const auto text = ui.state("card.text");
    for (const char* f : {"qty", "price", "due", "meet_at", "tags", "spot", "notes", "owner"})
        EXPECT_EQ(text[f], "—") << f;
    EXPECT_EQ(text["active"], "Нет");
    EXPECT_EQ(text["maker_id"], "Не выбрано");
    EXPECT_EQ(text["type"], "Не выбрано");
    EXPECT_FALSE(ui.item("card.ref.maker_id").has_value());
}

TEST_F(UiFieldTypes, TheListSortsByEverySortableField) {
    auto add = [&](const char* name, int qty, bool active, std::int64_t price, const char* due,
                   std::int64_t meet, const char* stage, const char* owner) {
        add_record(*store, gadgets(),
                   {{"name", name},
                    {"qty", qty},
                    {"active", active},
                    {"price", domain::money(price, "RUB")},
                    {"due", due},
                    {"meet_at", meet},
                    {"type", stage},
                    {"owner", owner}},
                   registry());
    };
    add("Альфа", 30, false, 500, "2026-03-01", kEarlyMeetMs, "note", "b");
    add("Бета", 10, true, 100'000, "2025-12-31", kLaterMeetMs, "call", "c");
    add("Гамма", 20, false, 20'000, "2026-01-15", kMeetAtMs, "visit", "a");
    UiHarness ui(*store, platform, 2400.0f, 900.0f, registry());
    ASSERT_EQ(ui.state("list.columns").size(), gadgets().columns.size());
    using V = std::vector<std::string>;
    EXPECT_EQ(ui.visible_titles(), (V{"Альфа", "Бета", "Гамма"}));
    struct Case {
        const char* field;
        V ascending;
    };
    const Case cases[] = {
        {"qty", {"Бета", "Гамма", "Альфа"}},           {"price", {"Альфа", "Гамма", "Бета"}},
        {"due", {"Бета", "Гамма", "Альфа"}},           {"meet_at", {"Альфа", "Гамма", "Бета"}},
        {"type", {"Бета", "Гамма", "Альфа"}}, {"owner", {"Гамма", "Альфа", "Бета"}},
    };
    for (const Case& c : cases) {
        ASSERT_TRUE(ui.click(std::string("list.col.") + c.field)) << c.field;
        EXPECT_EQ(ui.state("list.sort"), (nlohmann::json{{"field", c.field}, {"descending", false}}));
        EXPECT_EQ(ui.visible_titles(), c.ascending) << c.field;
        ASSERT_TRUE(ui.click(std::string("list.col.") + c.field));
        EXPECT_EQ(ui.visible_titles(), V(c.ascending.rbegin(), c.ascending.rend()))
            << c.field << " descending";
    }
    ASSERT_TRUE(ui.click("list.col.active"));
    EXPECT_EQ(ui.visible_titles().back(), "Бета");  // false before true
    ASSERT_TRUE(ui.click("list.col.active"));
    EXPECT_EQ(ui.visible_titles().front(), "Бета");
    // Columns of fields that cannot be sorted do not sort.
    ASSERT_TRUE(ui.click("list.col.maker_id"));
    EXPECT_EQ(ui.state("list.sort")["field"], "active");
}

TEST_F(UiFieldTypes, ANarrowListKeepsTheMostUsefulColumnsUncut) {
    for (int i = 0; i < 5; ++i) add_full("Прибор номер " + std::to_string(i));
    UiHarness wide(*store, platform, 2400.0f, 900.0f, registry());
    expect_columns_fit(wide, gadgets());
    EXPECT_EQ(wide.state("list.columns").size(), gadgets().columns.size());
    for (float width : {1000.0f, 700.0f, 390.0f}) {
        UiHarness ui(*store, platform, width, 900.0f, registry());
        expect_columns_fit(ui, gadgets());
        EXPECT_LT(ui.state("list.columns").size(), gadgets().columns.size()) << width;
        EXPECT_EQ(ui.state("list.columns")[0], "name") << width;
    }
    // The cells of the columns kept show whole values: the money cell is as wide as its text.
    UiHarness mid(*store, platform, 1000.0f, 900.0f, registry());
    const auto shown = mid.state("list.columns");
    ASSERT_NE(std::find(shown.begin(), shown.end(), "price"), shown.end());
    EXPECT_GE(mid.item("list.col.price")->w, ImGui::CalcTextSize("1\u00A0250\u00A0500,50\u00A0₽").x);
}

TEST_F(UiFieldTypes, FiltersOfFixedOptionsUserOptionsAndText) {
    add_full("Первый");
    add_record(*store, gadgets(),
               {{"name", "Второй"}, {"grade", grade_a}, {"type", "meeting"}, {"owner", "ivanova"}},
               registry());
    add_record(*store, gadgets(), {{"name", "Третий"}}, registry());
    UiHarness ui(*store, platform, 1600.0f, 900.0f, registry());
    EXPECT_EQ(ui.state("list.total"), 3);
    EXPECT_FALSE(ui.item("list.filter.maker_id").has_value());  // references are not in the filter bar
    ASSERT_TRUE(ui.click("list.filter.grade"));
    ASSERT_TRUE(ui.click("list.filter.grade.0"));  // "A"
    EXPECT_EQ(ui.visible_titles(), std::vector<std::string>{"Второй"});
    ASSERT_TRUE(ui.click("list.filter.grade"));
    ASSERT_TRUE(ui.click("list.filter.grade.all"));
    ASSERT_TRUE(ui.click("list.filter.type"));
    ASSERT_TRUE(ui.click("list.filter.type.visit"));
    EXPECT_EQ(ui.visible_titles(), std::vector<std::string>{"Первый"});
    ASSERT_TRUE(ui.click("list.filter.type"));
    ASSERT_TRUE(ui.click("list.filter.type.all"));
    EXPECT_EQ(ui.state("list.choices")["owner"], (nlohmann::json{"ivanova", "petrov"}));
    ASSERT_TRUE(ui.click("list.filter.owner"));
    ASSERT_TRUE(ui.click("list.filter.owner.1"));
    EXPECT_EQ(ui.visible_titles(), std::vector<std::string>{"Первый"});
}

TEST_F(UiFieldTypes, APlaceIsShownAndClearedButNeverTyped) {
    add_full("С местом");
    UiHarness ui(*store, platform, 1280.0f, 2000.0f, registry());
    ASSERT_TRUE(ui.click("list.row.0"));
    ASSERT_TRUE(ui.click("card.edit"));
    EXPECT_EQ(ui.state("form.draft")["spot"], domain::geo(55.7558, 37.6173, 12.0));
    ASSERT_TRUE(ui.item("form.field.spot").has_value());
    ASSERT_TRUE(ui.click("form.spot.clear"));
    EXPECT_TRUE(ui.state("form.draft")["spot"].is_null());
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_TRUE(saved(ui).get("spot").is_null());
    EXPECT_EQ(ui.state("card.text")["spot"], "—");
}

TEST_F(UiFieldTypes, DatesAndAmountsTypedInOneLanguageSurviveASwitch) {
    UiHarness ui(*store, platform, 1280.0f, 2000.0f, registry());
    ASSERT_TRUE(ui.click("list.new"));
    ui.type("Двуязычный");
    ASSERT_TRUE(ui.click("form.field.due"));
    ui.type("01.12.2026");
    ASSERT_TRUE(ui.click("form.field.price"));
    ui.type("99,90");
    ASSERT_TRUE(ui.click("topbar.lang.en"));
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_TRUE(ui.state("form.errors").is_null());  // saved: the form is closed
    const domain::Record r = saved(ui);
    EXPECT_EQ(r.text("due"), "2026-12-01");
    EXPECT_EQ(r.get("price"), domain::money(9'990, "RUB"));
}

TEST_F(UiFieldTypes, EditingShowsStoredValuesInTheInputsAndWritesOnlyChanges) {
    const std::string id = add_full("Правка");
    UiHarness ui(*store, platform, 1280.0f, 2000.0f, registry());
    ASSERT_TRUE(ui.click("list.row.0"));
    ASSERT_TRUE(ui.click("card.edit"));
    EXPECT_EQ(ui.state("form.refs")["maker_id"], "Завод Прибор");
    // The create was sent: only what the edit changes waits to be sent after it.
    auto created = store->changes().pending(1000);
    ASSERT_TRUE(created.ok());
    ASSERT_TRUE(store->changes().acknowledge(*created).ok());
    ASSERT_TRUE(ui.click("form.field.active"));  // uncheck
    ASSERT_TRUE(ui.click("form.save"));
    auto changes = store->changes().pending(10);
    ASSERT_TRUE(changes.ok());
    ASSERT_EQ(changes->size(), 1u);
    EXPECT_EQ((*changes)[0].field, "active");
    EXPECT_EQ(saved(ui).get("price"), domain::money(125'050'050, "RUB"));  // re-read from its text, unchanged
    EXPECT_EQ(saved(ui).integer("meet_at"), kMeetAtMs);
    EXPECT_EQ(ui.state("card.id"), id);
}

}  // namespace
}  // namespace crm::ui::test
