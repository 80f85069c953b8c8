// Team accounts' scope, served by serve_sync (sync/scope.hpp): what a rep's, a manager's and an admin's
// devices receive, which pushed changes come back rejected, and what leaves a device when a record is
// given to someone else.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/domain/pipeline.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/protocol.hpp"
#include "core/sync/scope.hpp"
#include "tests/core/test_support.hpp"

namespace crm::sync {
namespace {

using domain::Record;
using json = nlohmann::json;
namespace entity = domain::entity;

class ScopeTest : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = test::open_store("server", clock_, 1);
        ASSERT_TRUE(server_);
        moscow_ = make(*server_, entity::kTeam, {{"name", "Москва"}, {"shares", false}});
        spb_ = make(*server_, entity::kTeam, {{"name", "Санкт-Петербург"}, {"shares", false}});
        admin_ = test::user_id(*server_, "admin", "admin");
        manager_ = test::user_id(*server_, "olga", "manager", moscow_);
        anna_ = test::user_id(*server_, "anna", "rep", moscow_);
        dmitry_ = test::user_id(*server_, "dmitry", "rep", moscow_);
        elena_ = test::user_id(*server_, "elena", "rep", spb_);
        annas_ = company(*server_, "Аннина компания", anna_);
        dmitrys_ = company(*server_, "Компания Дмитрия", dmitry_);
        elenas_ = company(*server_, "Питерская компания", elena_);
        // Anna's contact works at Elena's company: the company comes with it, read-only.
        annas_contact_ = make(*server_, entity::kContact,
                              {{"name", "Пётр Контактов"}, {"company_id", elenas_}, {"owner_id", anna_}});
        pipeline_ = make(*server_, entity::kPipeline, {{"name", "Продажи"}});
        lead_ = make(*server_, entity::kStage,
                     {{"pipeline_id", pipeline_}, {"name", "Новый лид"}, {"kind", "open"}, {"probability", 10}});
    }

    static std::string make(Store& s, std::string_view e, const std::vector<std::pair<std::string, json>>& v) {
        return test::create_record(s, e, v);
    }
    static std::string company(Store& s, const std::string& name, const std::string& owner) {
        return make(s, entity::kCompany, {{"name", name}, {"owner_id", owner}});
    }

    struct Device {
        std::unique_ptr<Store> store;
        std::unique_ptr<SyncClient> client;
        Principal who;
    };
    Device device(const std::string& user) {
        Device d;
        d.store = test::open_store("dev-" + user.substr(user.size() - 6), clock_, ++seed_);
        d.store->set_actor(user);
        d.client = std::make_unique<SyncClient>(*d.store);
        auto who = load_principal(*server_, user);
        EXPECT_TRUE(who.ok()) << test::message_of(who);
        d.who = who.ok() ? *who : Principal{};
        d.who.device = d.store->device_id();
        return d;
    }
    Status sync(Device& d) { return test::sync_once(*d.client, *server_, limits::kSyncPullBatch, &d.who); }

    static std::set<std::string> ids(Store& s, std::string_view e) {
        std::set<std::string> out;
        for (const Record& r : test::all_records(s, e)) out.insert(r.id);
        return out;
    }
    static bool holds(Store& s, std::string_view e, const std::string& id) { return ids(s, e).count(id) > 0; }

    // One push of `changes` as `who`, straight to serve_sync: the answer's rejections.
    std::vector<RejectedChange> push(const Principal& who, std::vector<Change> changes) {
        SyncRequest req;
        req.schema = storage::kSchemaVersion;
        req.device = who.device;
        req.client_time = *clock_.ms;
        req.changes = std::move(changes);
        auto served = serve_sync(*server_, req, limits::kSyncPullBatch, &who);
        EXPECT_TRUE(served.ok()) << test::message_of(served);
        return served.ok() ? served->rejected : std::vector<RejectedChange>{};
    }
    Change change(const Principal& who, std::string table, std::string row, std::string field, json value) {
        *clock_.ms += 1000;
        return test::make_change(std::move(table), std::move(row), std::move(field), std::move(value),
                                 Hlc{*clock_.ms, 0}, who.device);
    }
    std::string server_text(std::string_view e, const std::string& id, std::string_view field) {
        auto r = server_->records(e).get(id);
        return r.ok() ? r->text(field) : std::string("<missing>");
    }

    test::FakeClock clock_;
    std::unique_ptr<Store> server_;
    std::uint64_t seed_ = 10;
    std::string moscow_, spb_, admin_, manager_, anna_, dmitry_, elena_;
    std::string annas_, dmitrys_, elenas_, annas_contact_, pipeline_, lead_;
};

TEST_F(ScopeTest, ARepReceivesTheirOwnRecordsWhatTheyReferenceAndTheTeamsDirectory) {
    Device anna = device(anna_);
    ASSERT_TRUE(sync(anna).ok());
    EXPECT_EQ(ids(*anna.store, entity::kCompany), (std::set<std::string>{annas_, elenas_}));
    EXPECT_EQ(ids(*anna.store, entity::kContact), (std::set<std::string>{annas_contact_}));
    // Users, teams and the pipeline are everyone's.
    EXPECT_EQ(ids(*anna.store, entity::kUser).size(), 5u);
    EXPECT_EQ(ids(*anna.store, entity::kTeam).size(), 2u);
    EXPECT_TRUE(holds(*anna.store, entity::kStage, lead_));
}

TEST_F(ScopeTest, AManagerReceivesTheTeamsRecordsAndAnAdminEverything) {
    Device olga = device(manager_);
    ASSERT_TRUE(sync(olga).ok());
    EXPECT_EQ(ids(*olga.store, entity::kCompany), (std::set<std::string>{annas_, dmitrys_, elenas_}));
    Device elena = device(elena_);
    ASSERT_TRUE(sync(elena).ok());
    EXPECT_EQ(ids(*elena.store, entity::kCompany), (std::set<std::string>{elenas_}));
    EXPECT_TRUE(ids(*elena.store, entity::kContact).empty());
    Device admin = device(admin_);
    ASSERT_TRUE(sync(admin).ok());
    EXPECT_EQ(ids(*admin.store, entity::kCompany).size(), 3u);
}

TEST_F(ScopeTest, ATeamThatSharesLetsItsRepsSeeEachOthersCustomers) {
    auto team = server_->records(entity::kTeam).get(moscow_);
    ASSERT_TRUE(team.ok());
    Record shared = *team;
    shared.set("shares", true);
    ASSERT_TRUE(server_->records(entity::kTeam).update(shared).ok());
    Device anna = device(anna_);
    ASSERT_TRUE(sync(anna).ok());
    EXPECT_EQ(ids(*anna.store, entity::kCompany), (std::set<std::string>{annas_, dmitrys_, elenas_}));
}

TEST_F(ScopeTest, PushesOutsideTheScopeAreRejectedWithAReasonAndChangeNothing) {
    Device anna = device(anna_);
    const Principal& who = anna.who;
    auto rejected = push(who, {change(who, "companies", annas_, "name", "Моя компания"),
                               change(who, "companies", dmitrys_, "name", "Чужая"),
                               change(who, "companies", elenas_, "name", "Только для чтения"),
                               change(who, "companies", annas_, "owner_id", elena_),
                               change(who, "pipelines", pipeline_, "name", "Мои продажи"),
                               change(who, "users", anna_, "role", "admin")});
    ASSERT_EQ(rejected.size(), 5u);
    std::vector<std::size_t> indexes;
    for (const auto& r : rejected) {
        indexes.push_back(r.index);
        EXPECT_FALSE(r.reason.empty());
        EXPECT_TRUE(r.change.value.is_null()) << "a rejection never echoes the value";
    }
    std::sort(indexes.begin(), indexes.end());
    EXPECT_EQ(indexes, (std::vector<std::size_t>{1, 2, 3, 4, 5}));
    EXPECT_NE(rejected[0].reason.find("scope"), std::string::npos) << rejected[0].reason;
    EXPECT_EQ(server_text(entity::kCompany, annas_, "name"), "Моя компания");
    EXPECT_EQ(server_text(entity::kCompany, dmitrys_, "name"), "Компания Дмитрия");
    EXPECT_EQ(server_text(entity::kCompany, elenas_, "name"), "Питерская компания");
    EXPECT_EQ(server_text(entity::kCompany, annas_, "owner_id"), anna_);
    EXPECT_EQ(server_text(entity::kPipeline, pipeline_, "name"), "Продажи");
    EXPECT_EQ(server_text(entity::kUser, anna_, "role"), "rep");
}

TEST_F(ScopeTest, ANewRecordNeedsAnOwnerInScopeAndADeviceSendsOnlyItsOwnChanges) {
    Device anna = device(anna_);
    const Principal& who = anna.who;
    const std::string mine = "01900000-0000-7000-8000-000000000001";
    const std::string theirs = "01900000-0000-7000-8000-000000000002";
    const std::string unowned = "01900000-0000-7000-8000-000000000003";
    Change forged = change(who, "companies", annas_, "notes", "от чужого имени");
    forged.device = "another-device";
    auto rejected = push(who, {change(who, "companies", mine, "name", "Новая"),
                               change(who, "companies", mine, "owner_id", anna_),
                               change(who, "companies", theirs, "name", "Подарок"),
                               change(who, "companies", theirs, "owner_id", elena_),
                               change(who, "companies", unowned, "name", "Ничья"), forged});
    std::set<std::size_t> indexes;
    for (const auto& r : rejected) indexes.insert(r.index);
    EXPECT_EQ(indexes, (std::set<std::size_t>{2, 3, 4, 5}));
    EXPECT_EQ(server_text(entity::kCompany, mine, "owner_id"), anna_);
    EXPECT_EQ(server_text(entity::kCompany, theirs, "name"), "<missing>");
    EXPECT_EQ(server_text(entity::kCompany, unowned, "name"), "<missing>");
    EXPECT_EQ(server_text(entity::kCompany, annas_, "notes"), "");
}

TEST_F(ScopeTest, WhatARepCreatesOnTheirDeviceIsTheirsAndSyncs) {
    Device anna = device(anna_);
    ASSERT_TRUE(sync(anna).ok());
    const std::string made = make(*anna.store, entity::kCompany, {{"name", "Сделано в поле"}});
    ASSERT_TRUE(sync(anna).ok());
    EXPECT_EQ(anna.client->last_error(), "");
    EXPECT_EQ(server_text(entity::kCompany, made, "owner_id"), anna_);
}

TEST_F(ScopeTest, ARecordGivenToSomeoneElseLeavesTheDeviceUnlessItHasUnsentEdits) {
    // A journey change of Anna's company: a history row that belongs to it and goes with it.
    {
        auto r = server_->records(entity::kCompany).get(annas_);
        ASSERT_TRUE(r.ok());
        Record moved = *r;
        moved.set("journey_stage", std::string(domain::journey_stage_keys()[1]));
        ASSERT_TRUE(server_->records(entity::kCompany).update(moved).ok());
    }
    Device anna = device(anna_);
    ASSERT_TRUE(sync(anna).ok());
    const std::string second = company(*server_, "Вторая Аннина", anna_);
    ASSERT_TRUE(sync(anna).ok());
    ASSERT_TRUE(holds(*anna.store, entity::kCompany, second));
    ASSERT_EQ(test::all_records(*anna.store, entity::kFieldHistory).size(), 1u);
    // Anna edits the second one offline; meanwhile the manager gives both to Dmitry.
    auto held = anna.store->records(entity::kCompany).get(second);
    ASSERT_TRUE(held.ok());
    Record edited = *held;
    edited.set("notes", "позвонить в пятницу");
    ASSERT_TRUE(anna.store->records(entity::kCompany).update(edited).ok());
    Device olga = device(manager_);
    ASSERT_TRUE(sync(olga).ok());
    for (const std::string& id : {annas_, second}) {
        auto r = olga.store->records(entity::kCompany).get(id);
        ASSERT_TRUE(r.ok());
        Record given = *r;
        given.set("owner_id", dmitry_);
        ASSERT_TRUE(olga.store->records(entity::kCompany).update(given).ok());
    }
    ASSERT_TRUE(sync(olga).ok());
    EXPECT_EQ(olga.client->last_error(), "");
    ASSERT_EQ(server_text(entity::kCompany, annas_, "owner_id"), dmitry_);
    ASSERT_TRUE(sync(anna).ok());
    EXPECT_FALSE(holds(*anna.store, entity::kCompany, annas_)) << "given away: gone from Anna's device";
    EXPECT_TRUE(test::all_records(*anna.store, entity::kFieldHistory).empty()) << "its history went with it";
    EXPECT_TRUE(holds(*anna.store, entity::kCompany, second)) << "her unsent edit keeps it";
    EXPECT_NE(anna.client->last_error().find("scope"), std::string::npos) << anna.client->last_error();
    // The edit was not taken: the server keeps Dmitry's record as it was.
    EXPECT_EQ(server_text(entity::kCompany, second, "notes"), "");
    // Dmitry's device receives both.
    Device dmitry = device(dmitry_);
    ASSERT_TRUE(sync(dmitry).ok());
    EXPECT_TRUE(holds(*dmitry.store, entity::kCompany, annas_));
    EXPECT_TRUE(holds(*dmitry.store, entity::kCompany, second));
}

TEST_F(ScopeTest, ADealGivenToARepBringsItsCompanyAndHistoryPastTheirCursor) {
    Device anna = device(anna_);
    ASSERT_TRUE(sync(anna).ok());
    ASSERT_FALSE(holds(*anna.store, entity::kCompany, dmitrys_));
    // The manager opens a deal for Anna on Dmitry's company: the company is older than Anna's cursor.
    Device olga = device(manager_);
    ASSERT_TRUE(sync(olga).ok());
    Record deal(olga.store->registry().get(entity::kDeal));
    deal.set("title", "Поставка").set("company_id", dmitrys_).set("owner_id", anna_);
    deal.set("pipeline_id", pipeline_).set("stage_id", lead_);
    auto made = domain::create_deal(*olga.store, deal);
    ASSERT_TRUE(made.ok()) << test::message_of(made);
    ASSERT_TRUE(sync(olga).ok());
    EXPECT_EQ(olga.client->last_error(), "");
    ASSERT_TRUE(sync(anna).ok());
    EXPECT_TRUE(holds(*anna.store, entity::kDeal, made->deal.id));
    EXPECT_TRUE(holds(*anna.store, entity::kCompany, dmitrys_));
    EXPECT_EQ(test::all_records(*anna.store, entity::kStageHistory).size(), 1u);
    // Elena's device sees none of it.
    Device elena = device(elena_);
    ASSERT_TRUE(sync(elena).ok());
    EXPECT_TRUE(ids(*elena.store, entity::kDeal).empty());
    EXPECT_TRUE(ids(*elena.store, entity::kStageHistory).empty());
}

TEST_F(ScopeTest, APushIsNeverSplitInsideARecord) {
    Device anna = device(anna_);
    ASSERT_TRUE(sync(anna).ok());
    for (int i = 0; i < 3; ++i) make(*anna.store, entity::kCompany, {{"name", "Пакет " + std::to_string(i)}});
    // A batch that would end in the middle of the second record's fields stops before it.
    const int per_record = test::replicated_fields(entity::kCompany);
    auto first = anna.store->changes().pending(per_record + 2);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(static_cast<int>(first->size()) % per_record, 0) << first->size();
}

TEST_F(ScopeTest, ALoginIsFoundWhateverItsCase) {
    auto found = find_user_by_login(*server_, "  ANNA ");
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->user_id, anna_);
    EXPECT_EQ((*found)->role, Role::Rep);
    EXPECT_EQ((*found)->team_id, moscow_);
    auto none = find_user_by_login(*server_, "nobody");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
}

}  // namespace
}  // namespace crm::sync
