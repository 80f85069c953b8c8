#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/limits.hpp"
#include "core/sync/merge.hpp"
#include "tests/core/test_support.hpp"

namespace crm::sync {
namespace {

using domain::Record;
using domain::Repository;
using test::FakeClock;
using test::make_change;
using test::message_of;

std::string dump(Store& store) {
    return test::dump_tables(store, store.registry());
}
Repository companies(Store& s) {
    return s.records(domain::entity::kCompany);
}
Repository contacts(Store& s) {
    return s.records(domain::entity::kContact);
}

// What a device sends: its outbox, appended to `pushed`; the server took it, so it is acknowledged.
std::vector<Change> push(Store& device, std::vector<Change>& pushed) {
    std::vector<Change> sent = test::outbox(device.changes());
    EXPECT_TRUE(device.changes().acknowledge(sent).ok());
    pushed.insert(pushed.end(), sent.begin(), sent.end());
    return sent;
}

// Edits from two devices on shared records; returns every change the two pushed.
std::vector<Change> concurrent_history(FakeClock& clock) {
    auto a = test::open_store("device-a", clock, 1);
    auto b = test::open_store("device-b", clock, 2);
    std::vector<Change> pushed;
    Record c(a->registry().get(domain::entity::kCompany));
    c.set("name", "ООО «Общая»").set("phones", nlohmann::json::array({"+7 (495) 000-00-01"}));
    auto shared = companies(*a).create(c);
    EXPECT_TRUE(shared.ok());
    EXPECT_TRUE(apply_remote(b->db(), b->changes(), push(*a, pushed)).ok());
    clock.advance(5);
    Record from_a = *shared;
    from_a.set("name", "ООО «Общая А»").set("notes", "anna");
    EXPECT_TRUE(companies(*a).update(from_a).ok());
    Record from_b = *companies(*b).get(shared->id);
    from_b.set("name", "ООО «Общая Б»").set("phones", nlohmann::json::array({"+7 (916) 000-00-02"}));
    clock.advance(3);
    EXPECT_TRUE(companies(*b).update(from_b).ok());
    Record p(b->registry().get(domain::entity::kContact));
    p.set("name", "Сотрудник Б").set("company_id", shared->id);
    auto person = contacts(*b).create(p);
    EXPECT_TRUE(person.ok());
    clock.advance(1);
    EXPECT_TRUE(companies(*a).remove(shared->id).ok());
    clock.advance(1);
    EXPECT_TRUE(contacts(*b).remove(person->id).ok());
    clock.advance(1);
    EXPECT_TRUE(contacts(*b).restore(person->id).ok());
    push(*a, pushed);
    push(*b, pushed);
    return pushed;
}

TEST(Merge, ConvergesWhateverTheOrderAndDuplicates) {
    FakeClock clock;
    const std::vector<Change> history = concurrent_history(clock);
    ASSERT_GT(history.size(), 20u);

    auto x = test::open_store("replica-x", clock, 3);
    auto y = test::open_store("replica-y", clock, 4);
    // x: in push order; y: shuffled, with every change delivered twice, in three batches.
    ASSERT_TRUE(apply_remote(x->db(), x->changes(), history).ok());
    std::vector<Change> shuffled = history;
    shuffled.insert(shuffled.end(), history.begin(), history.end());
    std::mt19937_64 rng(2024);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    const std::size_t third = shuffled.size() / 3;
    for (std::size_t start = 0; start < shuffled.size(); start += third) {
        std::vector<Change> batch(
            shuffled.begin() + static_cast<long>(start),
            shuffled.begin() + static_cast<long>(std::min(start + third, shuffled.size())));
        auto outcome = apply_remote(y->db(), y->changes(), batch);
        ASSERT_TRUE(outcome.ok()) << outcome.error().message;
        EXPECT_TRUE(outcome->rejected.empty());
    }
    EXPECT_EQ(dump(*x), dump(*y));
    EXPECT_NE(dump(*x).find("Сотрудник Б"), std::string::npos);

    // z takes x's state as whole records (protocol 2), every record twice, in a shuffled order.
    auto z = test::open_store("replica-z", clock, 5);
    auto records = x->changes().since_records(0, 1000);
    ASSERT_TRUE(records.ok());
    ASSERT_EQ(records->size(), 2u);
    std::vector<RecordState> twice = *records;
    twice.insert(twice.end(), records->begin(), records->end());
    std::shuffle(twice.begin(), twice.end(), rng);
    auto whole = apply_records(z->db(), z->changes(), twice);
    ASSERT_TRUE(whole.ok()) << whole.error().message;
    EXPECT_TRUE(whole->rejected.empty());
    EXPECT_EQ(dump(*z), dump(*x));

    // Replaying everything again changes nothing.
    auto replay = apply_remote(x->db(), x->changes(), history);
    ASSERT_TRUE(replay.ok());
    EXPECT_EQ(replay->applied, 0);
    EXPECT_EQ(replay->superseded, static_cast<int>(history.size()));
    EXPECT_EQ(dump(*x), dump(*y));
    // Received changes are never queued to be sent back.
    for (Store* replica : {x.get(), y.get(), z.get()})
        EXPECT_EQ(replica->changes().pending_count().value_or(-1), 0) << replica->device_id();
}

TEST(Merge, ResultReflectsTheWinners) {
    FakeClock clock;
    const std::vector<Change> history = concurrent_history(clock);
    auto x = test::open_store("replica-x", clock, 3);
    ASSERT_TRUE(apply_remote(x->db(), x->changes(), history).ok());
    // The company was deleted by A after both renames: it is hidden, its fields still merged.
    EXPECT_EQ(companies(*x).list({}).value().total, 0);
    auto stmt = x->db().prepare("SELECT name, phones, notes, deleted FROM companies");
    ASSERT_TRUE(stmt.ok() && stmt->step().value_or(false));
    EXPECT_EQ(stmt->column_text(0), "ООО «Общая Б»");  // B renamed later (larger HLC)
    EXPECT_EQ(stmt->column_text(1), "[\"+7 (916) 000-00-02\"]");
    EXPECT_EQ(stmt->column_text(2), "anna");  // A's notes edit did not conflict
    EXPECT_EQ(stmt->column_int(3), 1);
    // The contact was removed then restored: live.
    auto people = contacts(*x).list({});
    ASSERT_TRUE(people.ok());
    ASSERT_EQ(people->total, 1);
    EXPECT_EQ(people->rows[0].text("name"), "Сотрудник Б");
    EXPECT_EQ(people->rows[0].ref_title("company_id"), "");  // its company is deleted
}

TEST(Merge, ConcurrentEditOfOneFieldLargerHlcWinsTieBrokenByDevice) {
    FakeClock clock;
    auto s = test::open_store("local", clock);
    const std::string row = "018bcfe5-6800-7000-8000-0000000000aa";
    const Hlc t{*clock.ms, 0};
    auto r = apply_remote(s->db(), s->changes(),
                          {make_change("contacts", row, "name", "Второй", Hlc{t.ms, 2}, "dev-a"),
                           make_change("contacts", row, "name", "Первый", Hlc{t.ms, 1}, "dev-z"),
                           make_change("contacts", row, "name", "Ничья A", Hlc{t.ms, 5}, "dev-a"),
                           make_change("contacts", row, "name", "Ничья B", Hlc{t.ms, 5}, "dev-b"),
                           make_change("contacts", row, "created_at", t.ms, t, "dev-a")});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->applied, 4);
    EXPECT_EQ(r->superseded, 1);
    auto got = contacts(*s).get(row);
    ASSERT_TRUE(got.ok()) << message_of(got);
    EXPECT_EQ(got->text("name"), "Ничья B");  // equal HLC: the larger device id wins
    EXPECT_EQ(got->integer("created_at"), t.ms);
    EXPECT_EQ(got->integer("updated_at"), t.ms);
    auto winner = s->changes().winner("contacts", row, "name");
    ASSERT_TRUE(winner.ok() && winner->has_value());
    EXPECT_EQ((*winner)->device, "dev-b");

    Change a = make_change("contacts", row, "name", "x", Hlc{10, 1}, "a");
    EXPECT_TRUE(a.wins_over(Hlc{10, 0}, "z"));
    EXPECT_FALSE(a.wins_over(Hlc{10, 1}, "b"));
    EXPECT_TRUE(a.wins_over(Hlc{10, 1}, "0"));
    EXPECT_FALSE(a.wins_over(Hlc{10, 1}, "a"));  // a duplicate does not win
}

TEST(Merge, LocalEditAfterReceivingWins) {
    FakeClock clock;
    auto s = test::open_store("local", clock);
    Record c(s->registry().get(domain::entity::kCompany));
    c.set("name", "Старое");
    auto created = companies(*s).create(c);
    ASSERT_TRUE(created.ok());
    // A remote rename from a device whose clock runs ahead, as far as the server accepts.
    const Hlc ahead{*clock.ms + limits::kMaxPushClockAheadMs, 0};
    ASSERT_TRUE(apply_remote(s->db(), s->changes(),
                             {make_change("companies", created->id, "name", "Удалённое", ahead, "far")})
                    .ok());
    EXPECT_EQ(companies(*s).get(created->id)->text("name"), "Удалённое");
    Record edit = *companies(*s).get(created->id);
    edit.set("name", "Локальное");
    ASSERT_TRUE(companies(*s).update(edit).ok());  // the clock observed the remote: this edit is newer
    EXPECT_EQ(companies(*s).get(created->id)->text("name"), "Локальное");
    EXPECT_GT(s->changes().winner("companies", created->id, "name").value()->hlc, ahead);
    EXPECT_EQ(test::entry(test::outbox_of(s->changes(), created->id), std::string("name")).value,
              "Локальное");
}

// A writer further ahead than the server takes from this device does not drag this device's clock along:
// its edits stay stamped where the server accepts them. Such a far write then wins the field everywhere
// (the server answers a losing push with it), here too.
TEST(Merge, AFarAheadWriteDoesNotPushLocalEditsOutOfTheServersBound) {
    FakeClock clock;
    auto s = test::open_store("local", clock);
    Record c(s->registry().get(domain::entity::kCompany));
    c.set("name", "Старое");
    auto created = companies(*s).create(c);
    ASSERT_TRUE(created.ok());
    const Change far = make_change("companies", created->id, "name", "Удалённое",
                                   Hlc{*clock.ms + 6 * limits::kMaxPushClockAheadMs, 0}, "far");
    ASSERT_TRUE(apply_remote(s->db(), s->changes(), {far}).ok());
    Record edit = *companies(*s).get(created->id);
    edit.set("name", "Локальное");
    ASSERT_TRUE(companies(*s).update(edit).ok());
    const Hlc local = s->changes().winner("companies", created->id, "name").value()->hlc;
    EXPECT_LE(local.ms, *clock.ms + limits::kMaxPushClockAheadMs + 1);
    auto again = apply_remote(s->db(), s->changes(), {far});
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->applied, 1);
    EXPECT_EQ(companies(*s).get(created->id)->text("name"), "Удалённое");
    EXPECT_TRUE(test::outbox_of(s->changes(), created->id).count("name") == 0) << "the lost edit is not sent";
}

TEST(Merge, RejectsBadEntriesWithoutFailingTheBatch) {
    FakeClock clock;
    auto s = test::open_store("local", clock);
    const std::string row = "018bcfe5-6800-7000-8000-0000000000bb";
    const Hlc t{*clock.ms, 0};
    auto r = apply_remote(
        s->db(), s->changes(),
        {make_change("no_such_table", row, "name", "x", t, "d"),
         make_change("companies", row, "colour", "x", t, "d"),
         make_change("companies", row, "name", 42, t, "d"),
         make_change("companies", row, "phones", "+7", t, "d"),
         make_change("companies", row, "phones", nlohmann::json::array({1}), t, "d"),
         make_change("companies", row, "deleted", 2, t, "d"),
         make_change("companies", row, "journey_stage", "won", t, "d"),
         make_change("companies", row, "updated_at", 5, t, "d"),
         make_change("companies", row, "name", "far future", Hlc{t.ms + limits::kMaxClockSkewMs + 10, 0},
                     "d"),
         make_change("companies", row, "name", "\xff", t, "d"),
         make_change("companies", row, "notes", std::string(limits::kMaxNotesBytes + 1, 'n'), t, "d"),
         make_change("companies", std::string(limits::kMaxRowIdBytes + 1, 'r'), "name", "x", t, "d"),
         // A name as long as notes may be: the form refuses it at the name's limit, so must the merge.
         make_change("companies", row, "name", std::string(limits::kMaxNotesBytes, 'n'), t, "d"),
         make_change("companies", row, "name", "Годная", t, "d")},
        limits::kMaxClockSkewMs);  // the server's bound for apps that do not send their time
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->applied, 1);
    ASSERT_EQ(r->rejected.size(), 13u);
    EXPECT_NE(r->rejected[0].error.message.find("unknown table"), std::string::npos);
    EXPECT_NE(r->rejected[1].error.message.find("unknown field"), std::string::npos);
    EXPECT_NE(r->rejected[2].error.message.find("expected a string"), std::string::npos);
    EXPECT_NE(r->rejected[3].error.message.find("array"), std::string::npos);
    EXPECT_NE(r->rejected[4].error.message.find("expected an array of strings"), std::string::npos);
    EXPECT_NE(r->rejected[5].error.message.find("companies.deleted: 2 is outside 0..1"), std::string::npos);
    EXPECT_NE(r->rejected[6].error.message.find("\"won\" is not an option"), std::string::npos);
    EXPECT_NE(r->rejected[7].error.message.find("unknown field \"updated_at\""), std::string::npos);
    EXPECT_NE(r->rejected[8].error.message.find("ahead"), std::string::npos);
    EXPECT_NE(r->rejected[9].error.message.find("UTF-8"), std::string::npos);
    EXPECT_NE(r->rejected[10].error.message.find("at most 20000"), std::string::npos);
    EXPECT_NE(r->rejected[11].error.message.find("bytes"), std::string::npos);
    EXPECT_EQ(r->rejected[12].error.message, "companies.name: 20000 bytes, at most 300 allowed");
    EXPECT_EQ(companies(*s).get(row)->text("name"), "Годная");
    // The one accepted change is the one clock stored; nothing is queued to be sent back.
    auto state = s->changes().since(0, 1000);
    ASSERT_TRUE(state.ok());
    ASSERT_EQ(state->size(), 1u);
    EXPECT_EQ((*state)[0].field, "name");
    EXPECT_EQ((*state)[0].value, "Годная");
    EXPECT_EQ((*state)[0].hlc, t);
    EXPECT_EQ((*state)[0].device, "d");
    EXPECT_EQ(test::query_int(s->db(), "SELECT count(*) FROM companies"), 1);
    EXPECT_EQ(s->changes().pending_count().value_or(-1), 0);
}

TEST(Merge, EditOfDeletedRecordIsKeptButStaysDeleted) {
    FakeClock clock;
    auto s = test::open_store("local", clock);
    Record c(s->registry().get(domain::entity::kCompany));
    c.set("name", "Был");
    auto created = companies(*s).create(c);
    ASSERT_TRUE(created.ok());
    ASSERT_TRUE(companies(*s).remove(created->id).ok());
    const Hlc later{*clock.ms + 10, 0};
    ASSERT_TRUE(apply_remote(s->db(), s->changes(),
                             {make_change("companies", created->id, "name", "Правка", later, "x")})
                    .ok());
    EXPECT_EQ(companies(*s).get(created->id).error().code, ErrorCode::NotFound);
    ASSERT_TRUE(apply_remote(s->db(), s->changes(),
                             {make_change("companies", created->id, "deleted", 0, Hlc{later.ms + 1, 0}, "x")})
                    .ok());
    auto back = companies(*s).get(created->id);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->text("name"), "Правка");
}

TEST(Merge, PhoneChangesKeepSearchInStep) {
    FakeClock clock;
    auto s = test::open_store("local", clock);
    const std::string row = "018bcfe5-6800-7000-8000-0000000000cc";
    const Hlc t{*clock.ms, 0};
    ASSERT_TRUE(apply_remote(s->db(), s->changes(),
                             {make_change("contacts", row, "name", "Удалённый Контакт", t, "x"),
                              make_change("contacts", row, "phones",
                                          nlohmann::json::array({"+7 (916) 765-43-21"}), t, "x")})
                    .ok());
    domain::ListQuery q;
    q.search = "89167654321";
    EXPECT_EQ(contacts(*s).list(q).value().total, 1);
    q.search = "удалённ";
    EXPECT_EQ(contacts(*s).list(q).value().total, 1);
}

}  // namespace
}  // namespace crm::sync
