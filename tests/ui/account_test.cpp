// The account in the shell: who is signed in (top bar), the menu, signing out (asked first when edits are
// unsent, at once otherwise), the sync indicator while the server has ended the session ("Войти" instead of
// "Sync now"), and the Users section shown to admins only.
#include <gtest/gtest.h>

#include <string>

#include "tests/ui/ui_harness.hpp"
#include "ui/i18n.hpp"

namespace crm::ui::test {
namespace {

class UiAccount : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        add_company(*store, "ООО Ромашка");
        platform.account.active = true;
        platform.account.user = SignedInUser{"u-1", "ivanov", "Иван Петров", "rep", "t-1"};
    }
    void TearDown() override { set_language(Language::Ru); }

    bool open_menu(UiHarness& ui) {
        if (!ui.click("topbar.account")) return false;
        ui.frame(2);
        return ui.state("account.menu") == true;
    }

    std::unique_ptr<Store> store;
    FakePlatform platform;
};

TEST_F(UiAccount, TopBarShowsWhoIsSignedIn) {
    UiHarness ui(*store, platform);
    ui.frame(2);
    const nlohmann::json account = ui.state("account");
    EXPECT_EQ(account["name"], "Иван Петров");
    EXPECT_EQ(account["role"], "rep");
    EXPECT_EQ(account["active"], true);
    ASSERT_TRUE(ui.item("topbar.account").has_value());
    ASSERT_TRUE(open_menu(ui));
    EXPECT_TRUE(ui.item("account.name").has_value());
    EXPECT_TRUE(ui.item("account.sign_out").has_value());
    EXPECT_FALSE(ui.item("account.sign_in").has_value()) << "the session is active";
}

TEST_F(UiAccount, OnAPhoneTheTopBarShowsInitialsAndStillFits) {
    UiHarness ui(*store, platform, 390.0f, 844.0f);
    ui.frame(2);
    const auto button = ui.item("topbar.account");
    const auto theme = ui.item("topbar.theme");
    ASSERT_TRUE(button && theme);
    EXPECT_LT(button->w, 60.0f) << "initials, not the whole name";
    EXPECT_LE(theme->x + theme->w, 390.0f) << "the top bar's last button stays on screen";
}

TEST_F(UiAccount, SignOutWithoutUnsentEditsSignsOutAtOnce) {
    UiHarness ui(*store, platform);
    ui.frame(2);
    ASSERT_TRUE(open_menu(ui));
    ASSERT_TRUE(ui.click("account.sign_out"));
    ui.frame(2);
    EXPECT_EQ(platform.sign_outs, 1);
    EXPECT_TRUE(ui.state("confirm.open").is_null());
}

TEST_F(UiAccount, SignOutWithUnsentEditsAsksFirst) {
    platform.status.phase = SyncPhase::Offline;
    platform.status.pending = 3;
    UiHarness ui(*store, platform);
    ui.frame(2);
    ASSERT_TRUE(open_menu(ui));
    ASSERT_TRUE(ui.click("account.sign_out"));
    ui.frame(3);
    EXPECT_EQ(ui.state("confirm.open"), true);
    EXPECT_EQ(ui.state("signout.pending"), 3);
    EXPECT_EQ(platform.sign_outs, 0) << "nothing happens before the answer";
    ASSERT_TRUE(ui.click("confirm.no"));
    ui.frame(2);
    EXPECT_TRUE(ui.state("confirm.open").is_null());
    EXPECT_EQ(platform.sign_outs, 0);

    ASSERT_TRUE(open_menu(ui));
    ASSERT_TRUE(ui.click("account.sign_out"));
    ui.frame(3);
    ASSERT_TRUE(ui.click("confirm.yes"));
    ui.frame(2);
    EXPECT_EQ(platform.sign_outs, 1);
}

TEST_F(UiAccount, EndedSessionAsksForThePasswordInsteadOfSyncing) {
    platform.account.active = false;
    platform.status = SyncStatus{SyncPhase::SignIn, 2, kNowMs - 60'000, -1.0f, "HTTP 401: expired"};
    UiHarness ui(*store, platform);
    ui.frame(2);
    EXPECT_EQ(ui.state("status.sync"), "Войдите, чтобы отправить правки: 2");
    EXPECT_EQ(ui.state("status.phase"), "sign_in");
    ASSERT_TRUE(ui.click("status.sync_now"));
    EXPECT_EQ(platform.sync_requests, 1) << "the platform shows the form for it";
    ASSERT_TRUE(open_menu(ui));
    ASSERT_TRUE(ui.click("account.sign_in"));
    ui.frame(2);
    EXPECT_EQ(platform.sign_in_shows, 1);
}

TEST_F(UiAccount, UsersSectionIsAnAdminsOnly) {
    UiHarness ui(*store, platform);
    ui.frame(2);
    EXPECT_FALSE(ui.item("nav.section.users").has_value()) << "a rep";
    if (domain::Registry::app().find("user") == nullptr) GTEST_SKIP() << "the registry has no users yet";
    platform.account.user->role = "admin";
    ui.frame(2);
    EXPECT_TRUE(ui.item("nav.section.users").has_value());
    EXPECT_EQ(ui.state("nav.entities")["users"], nlohmann::json::array({"team", "user"}));
}

TEST_F(UiAccount, OnAPhoneAnAdminOpensUsersFromTheAccountMenu) {
    if (domain::Registry::app().find("user") == nullptr) GTEST_SKIP() << "the registry has no users yet";
    platform.account.user->role = "admin";
    UiHarness ui(*store, platform, 390.0f, 844.0f);
    ui.frame(2);
    EXPECT_FALSE(ui.item("nav.section.users").has_value()) << "no sixth button on the bottom bar";
    ASSERT_TRUE(open_menu(ui));
    ASSERT_TRUE(ui.click("account.users"));
    ui.frame(2);
    EXPECT_EQ(ui.state("nav.section"), "users");
    const nlohmann::json labels = ui.state("nav.labels");
    for (auto it = labels.begin(); it != labels.end(); ++it)
        EXPECT_EQ(it.value().value("fits", false), true) << it.key();
}

TEST_F(UiAccount, AdminSetsAUsersPasswordFromTheCard) {
    const domain::EntityDesc* users = domain::Registry::app().find("user");
    if (users == nullptr) GTEST_SKIP() << "the registry has no users yet";
    const std::string id =
        add_record(*store, *users, {{"name", "Пётр Сидоров"}, {"login", "sidorov"}, {"role", "rep"}});
    platform.account.user->role = "admin";
    UiHarness ui(*store, platform);
    ui.frame(2);
    ASSERT_TRUE(ui.click("nav.section.users"));
    ui.frame(2);
    ASSERT_TRUE(ui.click("list.tab.user"));
    ui.frame(3);
    // The setup's company made its owner's account too: open Sidorov's row, wherever it sorts.
    std::string row;
    for (const auto& r : ui.state("list.visible"))
        if (r["id"] == id) row = "list.row." + std::to_string(r["index"].get<int>());
    ASSERT_FALSE(row.empty());
    ASSERT_TRUE(ui.click(row));
    ui.frame(3);
    ASSERT_EQ(ui.state("card.id"), id);
    ASSERT_TRUE(ui.click("users.set_password"));
    ui.frame(2);
    ASSERT_TRUE(ui.click("users.password"));
    ui.type("секрет-123");
    ui.frame(2);
    platform.api_answer = ApiAnswer{};  // pending until the server answers
    ASSERT_TRUE(ui.click("users.password_save"));
    ui.frame(2);
    ASSERT_EQ(platform.password_calls.size(), 1u);
    EXPECT_EQ(platform.password_calls[0].first, id);
    EXPECT_EQ(platform.password_calls[0].second, "секрет-123");
    EXPECT_EQ(ui.state("users.password")["sending"], true);
    platform.api_answer = ApiAnswer{ApiState::Failed, 0, "offline"};
    ui.frame(2);
    EXPECT_EQ(ui.state("users.password")["message"], "Нет сети: пароль задаётся только онлайн");
    platform.api_answer = ApiAnswer{ApiState::Ok, 200, {}};
    ASSERT_TRUE(ui.click("users.password_save"));
    ui.frame(3);
    EXPECT_EQ(ui.state("users.password")["message"], "Пароль изменён");
    EXPECT_EQ(ui.state("users.password")["open"], false);
    EXPECT_EQ(platform.password_calls.size(), 2u);
}

TEST_F(UiAccount, PasswordActionIsOnUsersCardsOnly) {
    const domain::EntityDesc* teams = domain::Registry::app().find("team");
    if (teams == nullptr) GTEST_SKIP() << "the registry has no teams yet";
    add_record(*store, *teams, {{"name", "Москва"}});
    platform.account.user->role = "admin";
    UiHarness ui(*store, platform);
    ui.frame(2);
    ASSERT_TRUE(ui.click("nav.section.users"));
    ui.frame(2);
    ASSERT_TRUE(ui.click("list.tab.team"));
    ui.frame(3);
    ASSERT_TRUE(ui.click("list.row.0"));
    ui.frame(3);
    EXPECT_FALSE(ui.item("users.set_password").has_value());
}

}  // namespace
}  // namespace crm::ui::test
