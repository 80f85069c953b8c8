// The visit panel on a customer's card (ui/views/visit_panel.cpp): check-in and what became of its position
// (a fix, refused, no answer in time), check-out and the report dialog with its follow-up, "Офис здесь", the
// one-tap "Записать звонок", and the call prompt after a tap on a phone number and a return to the app.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "core/domain/activity.hpp"
#include "core/domain/field.hpp"
#include "core/limits.hpp"
#include "tests/ui/ui_harness.hpp"

namespace crm::ui::test {
namespace {

constexpr float kPhoneW = 390.0f;
constexpr float kPhoneH = 844.0f;

const domain::EntityDesc& activity_entity() {
    return domain::Registry::app().get(domain::entity::kActivity);
}

std::vector<domain::Record> activities(Store& store) {
    domain::ListQuery q;
    q.limit = 100;
    q.sort_field = "created_at";
    auto page = records(store, activity_entity()).list(q);
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->rows : std::vector<domain::Record>{};
}

class UiVisitPanel : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        company = add_company(*store, "ООО «Ромашка»");
    }
    // The customers section lists the one company; its card opens.
    void open_card(UiHarness& ui) {
        ui.frame(2);
        ASSERT_TRUE(ui.click("list.row.0"));
        ASSERT_EQ(ui.state("card.id"), company);
    }
    domain::Record only_activity() {
        const auto all = activities(*store);
        EXPECT_EQ(all.size(), 1u);
        return all.empty() ? domain::Record{} : all.front();
    }
    std::unique_ptr<Store> store;
    FakePlatform platform;
    std::string company;
};

TEST_F(UiVisitPanel, CheckInIsSavedAtOnceAndThePositionShowsWhenItArrives) {
    UiHarness ui(*store, platform, kPhoneW, kPhoneH);
    open_card(ui);
    EXPECT_EQ(ui.state("visit.panel")["open"], false);
    ASSERT_TRUE(ui.click("visit.check_in"));
    ui.frame();
    const domain::Record visit = only_activity();
    EXPECT_EQ(visit.text("type"), "visit");
    EXPECT_EQ(visit.text("company_id"), company);
    EXPECT_EQ(visit.text("subject"), "Визит: ООО «Ромашка»");
    EXPECT_EQ(visit.integer("check_in_at"), kNowMs);
    EXPECT_EQ(visit.text("geo_status"), "pending");
    EXPECT_EQ(platform.position_requests, 1);
    EXPECT_EQ(ui.state("visit.panel")["open"], true);
    EXPECT_EQ(ui.state("visit.position"), "Определяем место...");
    EXPECT_FALSE(ui.item("visit.check_in").has_value());
    ASSERT_TRUE(ui.item("visit.check_out").has_value());

    platform.now += 12 * 60'000;
    platform.positions[1] = PositionAnswer{PositionState::Ok, 55.7512, 37.6184, 14.4};
    ui.frame(2);
    EXPECT_EQ(ui.state("visit.position"), "Место определено ±14 м");
    EXPECT_EQ(ui.state("visit.panel")["geo_status"], "ok");
    const auto geo = domain::geo_of(read_record(*store, activity_entity(), visit.id).get("check_in_geo"));
    ASSERT_TRUE(geo.has_value());
    EXPECT_DOUBLE_EQ(geo->lat, 55.7512);
    EXPECT_TRUE(platform.positions.empty());  // the answer was taken and forgotten
    // Since 01:13 Moscow, twelve minutes ago; the line fits a phone.
    EXPECT_NE(ui.state("visit.panel").dump().find("ok"), std::string::npos);
    const auto rect = ui.item("visit.elapsed");
    ASSERT_TRUE(rect.has_value());
    EXPECT_LE(rect->x + rect->w, kPhoneW);
}

TEST_F(UiVisitPanel, RefusedAndUnansweredPositionsSaySo) {
    UiHarness ui(*store, platform);
    open_card(ui);
    ASSERT_TRUE(ui.click("visit.check_in"));
    platform.positions[1] = PositionAnswer{PositionState::Denied};
    ui.frame(2);
    EXPECT_EQ(ui.state("visit.position"), "Без геопозиции: доступ запрещён");
    EXPECT_EQ(only_activity().text("geo_status"), "denied");

    // A second customer: the request never answers (a prompt left open); given up after the limit.
    const std::string other = add_company(*store, "АО «Берёзка»");
    ui.app().data_changed();
    ASSERT_TRUE(ui.click("card.close"));
    ui.frame(2);
    for (const auto& row : ui.state("list.visible")) {
        if (row["id"] == other) {
            ASSERT_TRUE(ui.click("list.row." + std::to_string(row["index"].get<int>())));
        }
    }
    ASSERT_EQ(ui.state("card.id"), other);
    ASSERT_TRUE(ui.click("visit.check_in"));
    platform.now += limits::kGeoGiveUpMs - 1;
    ui.frame(2);
    EXPECT_EQ(ui.state("visit.position"), "Определяем место...");
    platform.now += 1;
    ui.frame(2);
    EXPECT_EQ(ui.state("visit.position"), "Без геопозиции: не удалось определить");
    EXPECT_EQ(ui.state("visit.panel")["geo_status"], "unavailable");
}

TEST_F(UiVisitPanel, CheckOutOpensTheReportAndSavingPlansTheFollowUp) {
    UiHarness ui(*store, platform, kPhoneW, kPhoneH);
    open_card(ui);
    ASSERT_TRUE(ui.click("visit.check_in"));
    platform.now += 40 * 60'000;
    ASSERT_TRUE(ui.click("visit.check_out"));
    ui.frame();
    const std::string visit_id = only_activity().id;
    EXPECT_EQ(ui.state("visit.report.open"), visit_id);
    EXPECT_EQ(only_activity().integer("check_out_at"), kNowMs + 40 * 60'000);
    ASSERT_TRUE(ui.click("visit.report.result"));
    ui.type("Договорились о пилоте");
    ASSERT_TRUE(ui.click("visit.report.next_step"));
    ui.type("Отправить КП");
    ASSERT_TRUE(ui.click("visit.report.plan"));
    ASSERT_TRUE(ui.click("visit.report.due.1"));  // in two days, 10:00 local
    ui.frame();
    const auto save = ui.item("visit.report.save");
    ASSERT_TRUE(save.has_value());
    EXPECT_LE(save->y + save->h, kPhoneH);
    ASSERT_TRUE(ui.click("visit.report.save"));
    ui.frame(2);
    EXPECT_TRUE(ui.state("visit.report.open").is_null());
    const domain::Record done = read_record(*store, activity_entity(), visit_id);
    EXPECT_TRUE(domain::is_done(done));
    EXPECT_EQ(done.text("result"), "Договорились о пилоте");
    EXPECT_EQ(done.text("next_step"), "Отправить КП");
    const auto all = activities(*store);
    ASSERT_EQ(all.size(), 2u);
    const domain::Record& next = all[0].id == visit_id ? all[1] : all[0];
    EXPECT_EQ(next.text("subject"), "Отправить КП");
    EXPECT_EQ(next.text("company_id"), company);
    // kNowMs is 15.11.2023 01:13 in Moscow: two days on at 10:00 is 17.11 07:00 UTC.
    EXPECT_EQ(next.integer("due_at"), 1'700'204'400'000);
    EXPECT_EQ(ui.state("visit.panel")["open"], false);
    EXPECT_TRUE(ui.item("visit.check_in").has_value());
}

TEST_F(UiVisitPanel, AReportPutOffIsOfferedAgainAndAFollowUpNeedsAStep) {
    UiHarness ui(*store, platform);
    open_card(ui);
    ASSERT_TRUE(ui.click("visit.check_in"));
    ASSERT_TRUE(ui.click("visit.check_out"));
    ASSERT_TRUE(ui.click("visit.report.later"));
    ui.frame(2);
    EXPECT_FALSE(domain::is_done(only_activity()));
    EXPECT_EQ(ui.state("visit.panel")["unreported_id"], only_activity().id);
    ASSERT_TRUE(ui.click("visit.write_report"));
    ui.frame();
    ASSERT_TRUE(ui.click("visit.report.plan"));
    ASSERT_TRUE(ui.click("visit.report.save"));
    ui.frame();
    EXPECT_EQ(ui.state("visit.report.error"), "Назовите следующий шаг, чтобы запланировать его");
    EXPECT_FALSE(domain::is_done(only_activity()));
}

TEST_F(UiVisitPanel, OfficeHereTakesThePositionAsTheCustomersLocation) {
    UiHarness ui(*store, platform);
    open_card(ui);
    ASSERT_TRUE(ui.click("visit.office_here"));
    platform.positions[1] = PositionAnswer{PositionState::Denied};
    ui.frame(2);
    EXPECT_EQ(ui.state("visit.panel")["office_message"], "Без геопозиции: доступ запрещён");
    ASSERT_TRUE(ui.click("visit.office_here"));
    platform.positions[2] = PositionAnswer{PositionState::Ok, 59.9343, 30.3351, 20.0};
    ui.frame(3);
    const auto location = domain::geo_of(read_record(*store, company_entity(), company).get("location"));
    ASSERT_TRUE(location.has_value());
    EXPECT_DOUBLE_EQ(location->lat, 59.9343);
    EXPECT_FALSE(ui.item("visit.office_here").has_value());  // the customer has a location now
    EXPECT_NE(ui.state("card.text")["location"].get<std::string>().find("59.93430"), std::string::npos);
}

TEST_F(UiVisitPanel, BackFromTheDialerThePromptLogsTheCallInOneTap) {
    UiHarness ui(*store, platform, kPhoneW, kPhoneH);
    open_card(ui);
    ASSERT_TRUE(ui.click("card.phones.0"));
    EXPECT_EQ(platform.opened_url, "tel:+74951234567");
    platform.now += 5 * 60'000;
    ui.frame(2);
    EXPECT_TRUE(ui.state("call.prompt").is_null());  // still in the dialer
    platform.returns_to_foreground += 1;
    ui.frame(2);
    ASSERT_FALSE(ui.state("call.prompt").is_null());
    EXPECT_EQ(ui.state("call.prompt")["text"], "Записать звонок с ООО «Ромашка» в 01:13?");
    ASSERT_TRUE(ui.click("call.prompt.yes"));
    ui.frame(2);
    const domain::Record call = only_activity();
    EXPECT_EQ(call.text("type"), "call");
    EXPECT_EQ(call.text("company_id"), company);
    EXPECT_EQ(call.integer("done_at"), kNowMs);  // the call's start, not the return
    EXPECT_EQ(ui.state("call.result.open"), call.id);
    ASSERT_TRUE(ui.click("call.result.text"));
    ui.type("Обсудили скидку");
    ASSERT_TRUE(ui.click("call.result.save"));
    ui.frame(2);
    EXPECT_EQ(read_record(*store, activity_entity(), call.id).text("result"), "Обсудили скидку");
    EXPECT_TRUE(ui.state("call.prompt").is_null());
    EXPECT_TRUE(ui.state("call.result.open").is_null());
}

TEST_F(UiVisitPanel, ADismissedOrStaleCallIsForgotten) {
    UiHarness ui(*store, platform);
    open_card(ui);
    ASSERT_TRUE(ui.click("card.phones.0"));
    platform.returns_to_foreground += 1;
    ui.frame(2);
    ASSERT_TRUE(ui.click("call.prompt.no"));
    ui.frame(2);
    EXPECT_TRUE(ui.state("call.prompt").is_null());
    platform.returns_to_foreground += 1;
    ui.frame(2);
    EXPECT_TRUE(ui.state("call.prompt").is_null());
    // Back only after the window: no question.
    ASSERT_TRUE(ui.click("card.phones.0"));
    platform.now += limits::kCallPromptWindowMs + 1;
    platform.returns_to_foreground += 1;
    ui.frame(2);
    EXPECT_TRUE(ui.state("call.prompt").is_null());
    EXPECT_TRUE(activities(*store).empty());
}

TEST_F(UiVisitPanel, LogACallIsOneTapAndAPlannedVisitIsShownAndStarted) {
    const std::int64_t noon_moscow = 1'700'038'800'000;  // 15.11.2023 12:00 in Moscow
    const std::string planned = add_record(
        *store, activity_entity(),
        {{"type", "visit"}, {"subject", "Плановый"}, {"company_id", company}, {"due_at", noon_moscow}});
    UiHarness ui(*store, platform);
    open_card(ui);
    EXPECT_EQ(ui.state("visit.panel")["planned_id"], planned);
    ASSERT_TRUE(ui.click("visit.log_call"));
    ui.frame();
    ASSERT_FALSE(ui.state("call.result.open").is_null());
    ASSERT_TRUE(ui.click("call.result.skip"));
    ui.frame();
    ASSERT_EQ(activities(*store).size(), 2u);
    ASSERT_TRUE(ui.click("visit.check_in"));
    ui.frame();
    EXPECT_EQ(ui.state("visit.panel")["visit_id"], planned);
    EXPECT_EQ(read_record(*store, activity_entity(), planned).integer("check_in_at"), kNowMs);
    EXPECT_EQ(activities(*store).size(), 2u);
}

}  // namespace
}  // namespace crm::ui::test
