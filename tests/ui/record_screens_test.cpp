// What a user can do with the records of every entity that has a list tab, one fixture over the registry:
// read the sorted list, search it, create a record in the form, edit it, cancel, delete and undo, and do it
// on a phone. Each entity's own extras (a company's contacts, the company picker) are in the other suites.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/domain/repository.hpp"
#include "core/util/text.hpp"
#include "tests/ui/ui_harness.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui::test {
namespace {

const std::vector<std::string> kTitles = {
    "Сибирские технологии", "Альфа-Строй", "ООО Ромашка",  "Ёлки-Палки", "Beta Systems",
    "Иванов и партнёры",    "Вектор",      "Европа Трейд", "Жемчуг",     "Acme Corp",
};

bool folded_less(const std::string& a, const std::string& b) {
    return text::compare_folded(a, b) < 0;
}

std::vector<std::string> tab_entities() {
    std::vector<std::string> names;
    // Users and teams are the admin's, in a section of their own (tests/ui/account_test.cpp).
    for (const domain::EntityDesc& e : domain::Registry::app().entities())
        if (e.in_tabs && e.access != domain::Access::Accounts) names.emplace_back(e.name);
    return names;
}

class UiRecordScreens : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        for (const auto& title : kTitles) add(title);
    }
    const domain::EntityDesc& entity() const { return domain::Registry::app().get(GetParam()); }
    std::string add(const std::string& title) {
        nlohmann::json values = links(entity());
        values[std::string(entity().title_field)] = title;
        return add_record(*store, entity(), values);
    }
    // The records a new record of `e` must point at (its required references; for an entity with a rule
    // across fields, such as a deal's customer, every reference), made once per target entity, so the
    // suite runs over entities that need more than a title.
    nlohmann::json links(const domain::EntityDesc& e) {
        nlohmann::json values = nlohmann::json::object();
        for (const domain::FieldDesc& f : e.fields) {
            if (f.type != domain::FieldType::Reference || !(f.required || e.rule != nullptr)) continue;
            const domain::EntityDesc& target = domain::Registry::app().get(f.target);
            auto it = fixtures_.find(std::string(target.name));
            if (it == fixtures_.end()) {
                nlohmann::json v = links(target);
                v[std::string(target.title_field)] = "Опора";
                // Other required texts (a user's login) get a value of their own.
                for (const domain::FieldDesc& t : target.fields)
                    if (t.required && t.type == domain::FieldType::Text && t.name != target.title_field)
                        v[std::string(t.name)] = "opora";
                it = fixtures_.emplace(std::string(target.name), add_record(*store, target, v)).first;
            }
            values[std::string(f.name)] = it->second;
        }
        return values;
    }
    // In an open form: picks the first choice of every reference that keeps the draft from validating
    // (nothing for an entity whose title is all it needs).
    void pick_needed_links(UiHarness& ui) {
        for (std::size_t guard = 0; guard < entity().fields.size(); ++guard) {
            domain::Record draft(entity());
            const nlohmann::json values = ui.state("form.draft");
            for (const auto& [name, value] : values.items()) draft.set(name, value);
            const domain::FieldDesc* needed = nullptr;
            for (const Error& e : domain::validate_record(draft)) {
                const domain::FieldDesc* f = entity().find(e.field);
                if (f != nullptr && f->type == domain::FieldType::Reference) {
                    needed = f;
                    break;
                }
            }
            if (needed == nullptr) return;
            ASSERT_TRUE(ui.click("form.field." + std::string(needed->name)));
            ui.press(ImGuiKey_Enter);  // the first choice
        }
    }
    // Opens the section listing the entity, then its tab (the first one is open at start).
    void show_tab(UiHarness& ui) {
        const nlohmann::json sections = ui.state("nav.entities");
        std::string section;
        for (const auto& [key, names] : sections.items())
            for (const auto& name : names)
                if (name == GetParam()) section = key;
        ASSERT_FALSE(section.empty()) << GetParam() << " is in no section";
        ASSERT_TRUE(ui.click("nav.section." + section));
        // The deals section opens on the board: its list is one toggle away.
        if (ui.state("board.mode") == "board") {
            ASSERT_TRUE(ui.click("board.mode.list"));
        }
        // So does Today: its "all activities" list is the activities' tab.
        if (ui.state("today.mode") == "today") {
            ASSERT_TRUE(ui.click("today.mode.list"));
        }
        ASSERT_TRUE(ui.click("list.tab." + GetParam()));
        ASSERT_EQ(ui.state("list.tab"), GetParam());
        // An entity listed in another order first (activities by due time) is sorted by its title's header,
        // so every test meets the titles in the same order (a phone's tests do not depend on it).
        if (entity().default_sort != entity().title_field && ui.state("layout") != "narrow") {
            ASSERT_TRUE(ui.click("list.col." + std::string(entity().title_field)));
        }
    }
    // Every write takes the next sequence number: unchanged means nothing was written.
    std::int64_t log_size() { return store->changes().last_seq(); }
    // As if a sync took everything so far: the outbox then holds exactly what comes after.
    void sent() {
        auto pending = store->changes().pending(100'000);
        ASSERT_TRUE(pending.ok());
        ASSERT_TRUE(store->changes().acknowledge(*pending).ok());
    }
    std::vector<sync::Change> waiting() {
        auto changes = store->changes().pending(100);
        EXPECT_TRUE(changes.ok());
        return changes.ok() ? *changes : std::vector<sync::Change>{};
    }

    std::unique_ptr<Store> store;
    FakePlatform platform;
    std::map<std::string, std::string> fixtures_;  // target entity -> the record made for links()
};

TEST_P(UiRecordScreens, TheListShowsEveryRecordSortedByTitleAndAHeaderClickReversesIt) {
    UiHarness ui(*store, platform);
    show_tab(ui);
    const std::string title_col = "list.col." + std::string(entity().title_field);
    EXPECT_EQ(ui.state("list.total"), 10);
    EXPECT_EQ(ui.state("list.total_text"), "Найдено: 10");
    std::vector<std::string> expected = kTitles;
    std::sort(expected.begin(), expected.end(), folded_less);
    EXPECT_EQ(ui.visible_titles(), expected);
    ASSERT_TRUE(ui.item("list.row.9").has_value());
    EXPECT_FALSE(ui.item("list.row.10").has_value());
    EXPECT_GT(ui.item("list.row.0")->y, ui.item(title_col)->y);
    EXPECT_LT(ui.item("list.row.0")->y, ui.item("list.row.1")->y);

    ASSERT_TRUE(ui.click(title_col));
    EXPECT_EQ(ui.state("list.sort")["descending"], true);
    EXPECT_EQ(ui.visible_titles(), std::vector<std::string>(expected.rbegin(), expected.rend()));
    ASSERT_TRUE(ui.click(title_col));
    EXPECT_EQ(ui.visible_titles(), expected);
}

TEST_P(UiRecordScreens, TypingASearchNarrowsTheListOnEveryKeystroke) {
    add("Иванова Мария ИП");
    add("Иваново Текстиль");
    UiHarness ui(*store, platform);
    show_tab(ui);
    ASSERT_TRUE(ui.click("list.search"));
    ui.type_per_char("ив");
    EXPECT_EQ(ui.state("list.search"), "ив");
    EXPECT_EQ(ui.state("list.total"), 3);
    ui.type_per_char("анова");
    EXPECT_EQ(ui.visible_titles(), std::vector<std::string>{"Иванова Мария ИП"});
    ui.press(ImGuiKey_Backspace);
    ui.press(ImGuiKey_Backspace);
    EXPECT_EQ(ui.state("list.total"), 3);
    // Case-insensitive for Cyrillic; nothing found shows the empty state.
    ui.type("кооо");
    EXPECT_EQ(ui.state("list.total"), 0);
    EXPECT_TRUE(ui.state("list.visible").empty());
    EXPECT_FALSE(ui.item("list.row.0").has_value());
}

TEST_P(UiRecordScreens, ANewRecordIsTypedIntoTheFormAndEnterSavesIt) {
    UiHarness ui(*store, platform);
    show_tab(ui);
    ASSERT_TRUE(ui.click("list.new"));
    EXPECT_EQ(ui.state("form.mode"), "create");
    EXPECT_EQ(ui.state("form.entity"), GetParam());
    // The first field has the focus: typing goes straight in.
    ui.type("Новая Заря");
    EXPECT_EQ(ui.state("form.draft")[entity().form.front()], "Новая Заря");
    pick_needed_links(ui);
    ASSERT_TRUE(ui.click("form.field." + std::string(entity().form.front())));
    ui.press(ImGuiKey_Enter);
    EXPECT_TRUE(ui.state("form.mode").is_null());
    EXPECT_EQ(ui.state("card.entity"), GetParam());
    EXPECT_EQ(ui.state("card.title"), "Новая Заря");
    EXPECT_EQ(ui.state("list.total"), 11);
    const auto saved = read_record(*store, entity(), ui.state("card.id").get<std::string>());
    EXPECT_EQ(saved.text(entity().title_field), "Новая Заря");
}

TEST_P(UiRecordScreens, EditingWritesOnlyTheChangedFieldAndCancelWritesNothing) {
    UiHarness ui(*store, platform);
    show_tab(ui);
    ASSERT_TRUE(ui.click("list.row.0"));
    const std::string id = ui.state("card.id").get<std::string>();
    ASSERT_TRUE(ui.click("card.edit"));
    EXPECT_EQ(ui.state("form.mode"), "edit");
    EXPECT_EQ(ui.state("form.id"), id);
    sent();
    ASSERT_TRUE(ui.click("form.field." + std::string(entity().title_field)));
    ui.press(ImGuiKey_End);
    ui.type(" плюс");
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_TRUE(ui.state("form.mode").is_null());
    EXPECT_EQ(ui.state("card.title"), "Acme Corp плюс");
    const auto logged = waiting();
    ASSERT_EQ(logged.size(), 1u);
    EXPECT_EQ(logged[0].field, entity().title_field);
    EXPECT_EQ(logged[0].value, "Acme Corp плюс");

    // Cancel on an edit returns to the card it came from; Escape leaves a new form; neither writes.
    const std::int64_t before = log_size();
    ASSERT_TRUE(ui.click("card.edit"));
    ASSERT_TRUE(ui.click("form.cancel"));
    EXPECT_TRUE(ui.state("form.mode").is_null());
    EXPECT_EQ(ui.state("card.id"), id);
    ASSERT_TRUE(ui.click("list.new"));
    ui.type("Не сохранять");
    ui.press(ImGuiKey_Escape);
    EXPECT_TRUE(ui.state("form.mode").is_null());
    EXPECT_EQ(ui.state("list.total"), 10);
    EXPECT_EQ(log_size(), before);
}

TEST_P(UiRecordScreens, DeleteAsksFirstAndUndoRestoresThroughTheRepository) {
    UiHarness ui(*store, platform);
    show_tab(ui);
    ASSERT_TRUE(ui.click("list.row.1"));
    const std::string id = ui.state("card.id").get<std::string>();
    const std::string title = ui.state("card.title").get<std::string>();
    ASSERT_TRUE(ui.click("card.delete"));
    EXPECT_EQ(ui.state("confirm.open"), true);
    ASSERT_TRUE(ui.click("confirm.no"));
    EXPECT_TRUE(ui.state("confirm.open").is_null());
    ASSERT_TRUE(ui.click("card.delete"));
    ui.press(ImGuiKey_Escape);  // closes the question only, the card stays
    EXPECT_EQ(ui.state("card.id"), id);

    sent();
    ASSERT_TRUE(ui.click("card.delete"));
    ASSERT_TRUE(ui.click("confirm.yes"));
    EXPECT_TRUE(ui.state("card.id").is_null());
    EXPECT_EQ(ui.state("list.total"), 9);
    EXPECT_EQ(records(*store, entity()).get(id).error().code, ErrorCode::NotFound);
    auto logged = waiting();
    ASSERT_EQ(logged.size(), 1u);
    EXPECT_EQ(logged[0].field, "deleted");
    EXPECT_EQ(logged[0].value, 1);
    const sync::Hlc deleted_at = logged[0].hlc;
    EXPECT_EQ(ui.state("undo.name"), title);

    ASSERT_TRUE(ui.click("undo.button"));
    EXPECT_FALSE(ui.item("undo.button").has_value());
    EXPECT_EQ(ui.state("list.total"), 10);
    EXPECT_EQ(ui.state("card.id"), id);  // the restored record is shown again
    logged = waiting();                  // the undo replaces the unsent delete: one entry, newer
    ASSERT_EQ(logged.size(), 1u);
    EXPECT_EQ(logged[0].value, 0);
    EXPECT_GT(logged[0].hlc, deleted_at);
}

TEST_P(UiRecordScreens, TheUndoBarHidesAfterItsTime) {
    UiHarness ui(*store, platform);
    show_tab(ui);
    ASSERT_TRUE(ui.click("list.row.0"));
    ASSERT_TRUE(ui.click("card.delete"));
    ASSERT_TRUE(ui.click("confirm.yes"));
    EXPECT_TRUE(ui.item("undo.button").has_value());
    platform.now += limits::kUndoBarVisibleMs;
    ui.frame(2);
    EXPECT_FALSE(ui.item("undo.button").has_value());
}

TEST_P(UiRecordScreens, APhoneShowsOneColumnWithTouchSizedTargets) {
    float wide_search_h = 0;
    float wide_row_h = 0;
    {
        UiHarness ui(*store, platform);
        show_tab(ui);
        wide_search_h = ui.item("list.search")->h;
        wide_row_h = ui.item("list.row.0")->h;
    }
    UiHarness ui(*store, platform, 390.0f, 844.0f);
    show_tab(ui);
    EXPECT_EQ(ui.state("layout"), "narrow");
    EXPECT_GT(ui.item("list.search")->h, wide_search_h + 6.0f);
    EXPECT_GT(ui.item("list.row.0")->h, wide_row_h + 6.0f);
    EXPECT_GT(ui.item("list.row.0")->w, 300.0f);

    // The card replaces the list; its close reads "Back" and returns to the list.
    // Tapped on its title: the row's centre may fall on a column border, which resizes the column.
    const auto row = ui.item("list.row.2");
    ASSERT_TRUE(row.has_value());
    ui.click_at(row->x + 20.0f, row->y + row->h * 0.5f);
    EXPECT_FALSE(ui.item("list.search").has_value());
    ASSERT_TRUE(ui.click("card.close"));
    EXPECT_TRUE(ui.state("card.id").is_null());
    ASSERT_TRUE(ui.item("list.search").has_value());

    // The form too, with thumb-sized Save and Cancel side by side.
    ASSERT_TRUE(ui.click("list.new"));
    EXPECT_FALSE(ui.item("list.search").has_value());
    const auto first = ui.item("form.field." + std::string(entity().form.front()));
    ASSERT_TRUE(first.has_value());
    EXPECT_GT(first->w, 330.0f);
    const auto save = ui.item("form.save");
    const auto cancel = ui.item("form.cancel");
    ASSERT_TRUE(save && cancel);
    EXPECT_GE(save->h, limits::kTouchTargetMinPx);
    EXPECT_GT(save->w, 150.0f);
    EXPECT_LE(cancel->x + cancel->w, 390.0f);
    ui.type("С телефона");
    pick_needed_links(ui);
    ASSERT_TRUE(ui.click("form.save"));
    EXPECT_EQ(ui.state("card.title"), "С телефона");
}

INSTANTIATE_TEST_SUITE_P(EveryTab, UiRecordScreens, ::testing::ValuesIn(tab_entities()),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });

}  // namespace
}  // namespace crm::ui::test
