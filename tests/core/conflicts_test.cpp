// The conflict journal (core/sync/conflicts.hpp): a received change that beats a value this device wrote
// and had not yet had accepted keeps the rep's value in the journal; apply mine again / restore are new
// edits that sync; a value this device had already synced and a colleague changed later is no conflict.
#include <gtest/gtest.h>

#include "core/storage/migrations.hpp"
#include "core/sync/client.hpp"
#include "core/sync/conflicts.hpp"
#include "core/sync/merge.hpp"
#include "tests/core/test_support.hpp"

namespace crm::sync {
namespace {

using domain::Record;
using test::FakeClock;
using test::sync_once;

domain::Repository companies(Store& s) {
    return s.records(domain::entity::kCompany);
}

std::vector<Conflict> journal_of(Store& s, const std::string& id) {
    auto all = s.conflicts().of_record("companies", id);
    EXPECT_TRUE(all.ok()) << test::message_of(all);
    return all.ok() ? std::move(all).value() : std::vector<Conflict>{};
}

std::string name_of(Store& s, const std::string& id) {
    auto got = companies(s).get(id);
    return got.ok() ? got->text("name") : "<" + got.error().message + ">";
}

Status rename(Store& s, const std::string& id, const std::string& name) {
    auto got = companies(s).get(id);
    if (!got) return got.error();
    got->set("name", name);
    auto saved = companies(s).update(*got);
    return saved ? Status{} : Status(saved.error());
}

// A server and two devices that both hold one company, synced, nothing pending.
class Conflicts : public ::testing::Test {
  protected:
    FakeClock clock;
    std::unique_ptr<Store> server = test::open_store("server", clock, 1);
    std::unique_ptr<Store> a = test::open_store("device-a", clock, 2);
    std::unique_ptr<Store> b = test::open_store("device-b", clock, 3);
    SyncClient client_a{*a};
    SyncClient client_b{*b};
    std::string id;

    void SetUp() override {
        Record c(domain::Registry::app().get(domain::entity::kCompany));
        c.set("name", "ООО «Исходная»");
        auto made = companies(*a).create(c);
        ASSERT_TRUE(made.ok()) << made.error().message;
        id = made->id;
        ASSERT_TRUE(sync_once(client_a, *server).ok());
        ASSERT_TRUE(sync_once(client_b, *server).ok());
        ASSERT_EQ(name_of(*b, id), "ООО «Исходная»");
        ASSERT_EQ(b->changes().pending_count().value_or(-1), 0);
    }
    // B edits the name offline, then A edits it later and syncs first: A's value wins everywhere.
    void LoseNameOnB() {
        clock.advance(10);
        ASSERT_TRUE(rename(*b, id, "ООО «Моя версия»").ok());
        clock.advance(10);
        ASSERT_TRUE(rename(*a, id, "ООО «Их версия»").ok());
        ASSERT_TRUE(sync_once(client_a, *server).ok());
    }
};

TEST_F(Conflicts, PendingEditBeatenByAPullIsJournaledWithBothValues) {
    LoseNameOnB();
    const Hlc mine = test::entry(test::outbox_of(b->changes(), id), std::string("name")).hlc;
    // What a pull delivers, merged the way the client merges it.
    std::vector<Change> pulled;
    for (auto& c : test::current_state(server->changes()))
        if (c.row_id == id && c.field == "name") pulled.push_back(c);
    ASSERT_EQ(pulled.size(), 1u);
    auto merged = apply_remote(b->db(), b->changes(), pulled, 0, &b->conflicts());
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    EXPECT_EQ(merged->applied, 1);
    EXPECT_EQ(name_of(*b, id), "ООО «Их версия»");
    EXPECT_FALSE(test::outbox_of(b->changes(), id).contains("name"));

    const auto journal = journal_of(*b, id);
    ASSERT_EQ(journal.size(), 1u);
    const Conflict& c = journal[0];
    EXPECT_EQ(c.kind, ConflictKind::Field);
    EXPECT_EQ(c.field, "name");
    EXPECT_EQ(c.mine, "ООО «Моя версия»");
    EXPECT_EQ(c.mine_hlc, mine);
    EXPECT_EQ(c.theirs, "ООО «Их версия»");
    EXPECT_EQ(c.theirs_hlc, pulled[0].hlc);
    EXPECT_EQ(c.theirs_device, "device-a");
    EXPECT_EQ(c.detected_at, b->clock().now());
    EXPECT_EQ(b->conflicts().count().value_or(-1), 1);
}

TEST_F(Conflicts, LosingPushAnsweredWithTheWinnerIsJournaled) {
    LoseNameOnB();
    ASSERT_TRUE(sync_once(client_b, *server).ok());
    EXPECT_EQ(name_of(*b, id), "ООО «Их версия»");
    const auto journal = journal_of(*b, id);
    ASSERT_EQ(journal.size(), 1u);
    EXPECT_EQ(journal[0].mine, "ООО «Моя версия»");
    EXPECT_EQ(journal[0].theirs, "ООО «Их версия»");
    EXPECT_EQ(journal[0].theirs_device, "device-a");
    // The server keeps no journal, and A, whose value won, has nothing to see.
    EXPECT_EQ(server->conflicts().count().value_or(-1), 0);
    ASSERT_TRUE(sync_once(client_a, *server).ok());
    EXPECT_EQ(a->conflicts().count().value_or(-1), 0);
}

TEST_F(Conflicts, AcknowledgedValueOverwrittenLaterIsNoConflict) {
    clock.advance(10);
    ASSERT_TRUE(rename(*b, id, "ООО «Моя версия»").ok());
    ASSERT_TRUE(sync_once(client_b, *server).ok());  // accepted: no longer this device's to defend
    ASSERT_TRUE(sync_once(client_a, *server).ok());
    clock.advance(10);
    ASSERT_TRUE(rename(*a, id, "ООО «Их версия»").ok());
    ASSERT_TRUE(sync_once(client_a, *server).ok());
    ASSERT_TRUE(sync_once(client_b, *server).ok());
    EXPECT_EQ(name_of(*b, id), "ООО «Их версия»");
    EXPECT_EQ(b->conflicts().count().value_or(-1), 0);
}

TEST_F(Conflicts, TheSameValueOnBothSidesIsNoConflict) {
    clock.advance(10);
    ASSERT_TRUE(rename(*b, id, "ООО «Общая»").ok());
    clock.advance(10);
    ASSERT_TRUE(rename(*a, id, "ООО «Общая»").ok());
    ASSERT_TRUE(sync_once(client_a, *server).ok());
    ASSERT_TRUE(sync_once(client_b, *server).ok());
    EXPECT_EQ(b->conflicts().count().value_or(-1), 0);
}

TEST_F(Conflicts, ApplyMineAgainIsANewEditThatBothReplicasEndWith) {
    LoseNameOnB();
    ASSERT_TRUE(sync_once(client_b, *server).ok());
    const auto journal = journal_of(*b, id);
    ASSERT_EQ(journal.size(), 1u);
    clock.advance(10);
    auto repo = companies(*b);
    ASSERT_TRUE(b->conflicts().reapply(repo, journal[0].id).ok());
    EXPECT_EQ(b->conflicts().count().value_or(-1), 0);
    EXPECT_EQ(name_of(*b, id), "ООО «Моя версия»");
    const auto queued = test::outbox_of(b->changes(), id);
    ASSERT_TRUE(queued.contains("name"));
    EXPECT_GT(test::entry(queued, std::string("name")).hlc, journal[0].theirs_hlc);

    ASSERT_TRUE(sync_once(client_b, *server).ok());
    ASSERT_TRUE(sync_once(client_a, *server).ok());
    EXPECT_EQ(name_of(*a, id), "ООО «Моя версия»");
    EXPECT_EQ(name_of(*server, id), "ООО «Моя версия»");
    EXPECT_EQ(test::dump_tables(*a, a->registry()), test::dump_tables(*b, b->registry()));
    EXPECT_EQ(a->conflicts().count().value_or(-1), 0);  // A had synced its value: no conflict there
}

TEST_F(Conflicts, DismissKeepsTheWinnerAndRemovesTheEntry) {
    LoseNameOnB();
    ASSERT_TRUE(sync_once(client_b, *server).ok());
    const auto journal = journal_of(*b, id);
    ASSERT_EQ(journal.size(), 1u);
    ASSERT_TRUE(b->conflicts().dismiss(journal[0].id).ok());
    EXPECT_EQ(b->conflicts().count().value_or(-1), 0);
    EXPECT_EQ(name_of(*b, id), "ООО «Их версия»");
    EXPECT_EQ(b->changes().pending_count().value_or(-1), 0);
    auto repo = companies(*b);
    EXPECT_EQ(b->conflicts().reapply(repo, journal[0].id).error().code, ErrorCode::NotFound);
}

TEST_F(Conflicts, ALocalEditOfTheFieldSettlesIt) {
    LoseNameOnB();
    ASSERT_TRUE(sync_once(client_b, *server).ok());
    ASSERT_EQ(b->conflicts().count().value_or(-1), 1);
    clock.advance(10);
    ASSERT_TRUE(rename(*b, id, "ООО «Третья»").ok());
    EXPECT_EQ(b->conflicts().count().value_or(-1), 0);
}

TEST_F(Conflicts, DeletedElsewhereWithPendingEditsIsJournaledAndRestored) {
    clock.advance(10);
    auto got = companies(*b).get(id);
    ASSERT_TRUE(got.ok());
    got->set("address", "Тверская, 1").set("name", "ООО «Живая»");
    ASSERT_TRUE(companies(*b).update(*got).ok());
    clock.advance(10);
    ASSERT_TRUE(companies(*a).remove(id).ok());
    ASSERT_TRUE(sync_once(client_a, *server).ok());
    ASSERT_TRUE(sync_once(client_b, *server).ok());
    EXPECT_EQ(companies(*b).get(id).error().code, ErrorCode::NotFound);  // deleted: hidden

    const auto journal = journal_of(*b, id);
    ASSERT_EQ(journal.size(), 1u);
    const Conflict& c = journal[0];
    EXPECT_EQ(c.kind, ConflictKind::Deleted);
    EXPECT_EQ(c.field, "deleted");
    EXPECT_EQ(c.mine, (nlohmann::json{{"address", "Тверская, 1"}, {"name", "ООО «Живая»"}}));
    EXPECT_EQ(c.theirs_device, "device-a");

    clock.advance(10);
    auto repo = companies(*b);
    ASSERT_TRUE(b->conflicts().reapply(repo, c.id).ok());
    EXPECT_EQ(b->conflicts().count().value_or(-1), 0);
    EXPECT_EQ(name_of(*b, id), "ООО «Живая»");
    ASSERT_TRUE(sync_once(client_b, *server).ok());
    ASSERT_TRUE(sync_once(client_a, *server).ok());
    auto back = companies(*a).get(id);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->text("name"), "ООО «Живая»");
    EXPECT_EQ(back->text("address"), "Тверская, 1");
    EXPECT_EQ(test::dump_tables(*a, a->registry()), test::dump_tables(*b, b->registry()));
}

TEST_F(Conflicts, DeletedElsewhereWithNothingPendingIsNoConflict) {
    clock.advance(10);
    ASSERT_TRUE(companies(*a).remove(id).ok());
    ASSERT_TRUE(sync_once(client_a, *server).ok());
    ASSERT_TRUE(sync_once(client_b, *server).ok());
    EXPECT_EQ(b->conflicts().count().value_or(-1), 0);
}

TEST(ConflictJournalMigration, FromV3KeepsDataAndPendingEdits) {
    FakeClock clock;
    test::TempFile file("conflicts_v3");
    std::string id;
    {
        auto s = test::open_store("device-b", clock, 3, file.path());
        ASSERT_TRUE(s);
        Record c(domain::Registry::app().get(domain::entity::kCompany));
        c.set("name", "ООО «До миграции»");
        auto made = companies(*s).create(c);
        ASSERT_TRUE(made.ok());
        id = made->id;
        // Schema v3 is v4 without the journal, and without the tables of later schemas.
        ASSERT_TRUE(
            s->db().exec(test::drop_tables_after(3) + "DROP TABLE sync_conflicts; PRAGMA user_version = 3").ok());
    }
    auto s = test::open_store("device-b", clock, 3, file.path());
    ASSERT_TRUE(s);
    EXPECT_EQ(storage::schema_version(s->db()).value_or(-1), storage::kSchemaVersion);
    EXPECT_EQ(name_of(*s, id), "ООО «До миграции»");
    EXPECT_TRUE(test::outbox_of(s->changes(), id).contains("name"));
    EXPECT_EQ(s->conflicts().count().value_or(-1), 0);

    // The journal works on the migrated database: a pending edit beaten by a received change is kept.
    clock.advance(10);
    Change theirs =
        test::make_change("companies", id, "name", "ООО «Чужая»", Hlc{*clock.ms + 1, 0}, "device-a");
    ASSERT_TRUE(apply_remote(s->db(), s->changes(), {theirs}, 0, &s->conflicts()).ok());
    EXPECT_EQ(s->conflicts().count().value_or(-1), 1);
}

}  // namespace
}  // namespace crm::sync
