// The sync metadata kept as state (schema v3): the outbox holds each unsent field once with its current value
// and clock, survives an acknowledgement when the field was written again, and loses an edit a received
// change beat; since() answers each written record once with its current fields, by record sequence; a record
// made in one write is one base clock, each edited field one override.
#include <gtest/gtest.h>

#include <set>

#include "core/domain/repository.hpp"
#include "core/storage/sqlite.hpp"
#include "core/sync/merge.hpp"
#include "tests/core/test_support.hpp"

namespace crm::sync {
namespace {

using domain::Record;
using test::make_change;
using test::message_of;

// A contact's replicated fields (updated_at is derived): what one create queues.
const std::size_t kContactFields =
    static_cast<std::size_t>(test::replicated_fields(domain::entity::kContact));

class ChangeLogTest : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = test::open_store("me", clock_, 7);
        ASSERT_NE(store_, nullptr);
    }
    ChangeLog& log() { return store_->changes(); }
    const domain::EntityDesc& contact() const { return store_->registry().get(domain::entity::kContact); }
    domain::Repository contacts() { return store_->records(domain::entity::kContact); }
    std::string create(const std::string& name) {
        Record r(contact());
        r.set("name", name).set("position", "Закупки");
        auto made = contacts().create(r);
        EXPECT_TRUE(made.ok()) << message_of(made);
        clock_.advance(10);
        return made.ok() ? made->id : std::string();
    }
    void edit(const std::string& id, const std::string& field, const nlohmann::json& value) {
        Record r = contacts().get(id).value();
        r.set(field, value);
        auto saved = contacts().update(r);
        EXPECT_TRUE(saved.ok()) << message_of(saved);
        clock_.advance(10);
    }
    FieldClock clock_of(const std::string& id, const std::string& field) {
        auto w = log().winner("contacts", id, field);
        EXPECT_TRUE(w.ok() && w->has_value()) << field;
        return w.ok() && *w ? **w : FieldClock{};
    }
    std::int64_t overrides() { return test::query_int(store_->db(), "SELECT count(*) FROM sync_clocks"); }
    std::set<std::string> queued_fields(const std::string& id) {
        std::set<std::string> out;
        for (const auto& [field, change] : test::outbox_of(log(), id)) out.insert(field);
        return out;
    }

    test::FakeClock clock_;
    std::unique_ptr<Store> store_;
};

TEST_F(ChangeLogTest, TwoEditsOfAFieldBeforeASyncAreOneOutboxEntry) {
    const std::string id = create("Анна");
    const FieldClock created = clock_of(id, "name");
    auto queued = test::outbox_of(log(), id);
    ASSERT_EQ(queued.size(), kContactFields);
    EXPECT_EQ(queued.count("updated_at"), 0u);
    for (const auto& [field, c] : queued) {
        EXPECT_EQ(c.hlc, created.hlc) << field;
        EXPECT_EQ(c.device, "me") << field;
    }
    edit(id, "name", "Анна Б");
    edit(id, "name", "Анна В");
    queued = test::outbox_of(log(), id);  // outbox_of fails on an entry queued twice
    ASSERT_EQ(queued.size(), kContactFields);
    EXPECT_EQ(test::entry(queued, std::string("name")).value, "Анна В");
    EXPECT_EQ(test::entry(queued, std::string("name")).hlc, clock_of(id, "name").hlc);
    EXPECT_GT(test::entry(queued, std::string("name")).hlc, created.hlc);
    EXPECT_EQ(test::entry(queued, std::string("position")).hlc, created.hlc);
    EXPECT_EQ(log().pending_count().value_or(-1), static_cast<std::int64_t>(kContactFields));
    auto page = log().pending(4);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->size(), 4u);
}

TEST_F(ChangeLogTest, PendingRecordsCountsRecordsNotFields) {
    EXPECT_EQ(log().pending_records().value_or(-1), 0);
    const std::string anna = create("Анна");
    EXPECT_EQ(log().pending_records().value_or(-1), 1)
        << "a new contact is one edit waiting, not one per field";
    const std::string boris = create("Борис");
    edit(anna, "position", "Директор");
    EXPECT_EQ(log().pending_records().value_or(-1), 2);
    auto sent = log().pending(1000);
    ASSERT_TRUE(sent.ok());
    ASSERT_TRUE(log().acknowledge(*sent).ok());
    EXPECT_EQ(log().pending_records().value_or(-1), 0);
    edit(boris, "position", "Бухгалтер");
    edit(boris, "name", "Борис Б");
    EXPECT_EQ(log().pending_count().value_or(-1), 2);
    EXPECT_EQ(log().pending_records().value_or(-1), 1);
}

TEST_F(ChangeLogTest, AcknowledgingKeepsAFieldWrittenAgainWhileInFlight) {
    const std::string id = create("Борис");
    auto sent = log().pending(1000);
    ASSERT_TRUE(sent.ok());
    ASSERT_EQ(sent->size(), kContactFields);
    edit(id, "position", "Директор");  // while the push is in flight
    ASSERT_TRUE(log().acknowledge(*sent).ok());
    auto left = test::outbox(log());
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].field, "position");
    EXPECT_EQ(left[0].value, "Директор");
    // The same answer twice (a retried request) still leaves the newer write queued.
    ASSERT_TRUE(log().acknowledge(*sent).ok());
    EXPECT_EQ(log().pending_count().value_or(-1), 1);
    // An acknowledgement of something never queued here is harmless.
    ASSERT_TRUE(log()
                    .acknowledge({make_change("contacts", "0190a0b0-0000-7000-8000-0000000000ff", "name", "x",
                                              Hlc{*clock_.ms, 0}, "me"),
                                  make_change("no_such_table", id, "name", "x", Hlc{*clock_.ms, 0}, "me")})
                    .ok());
    EXPECT_EQ(log().pending_count().value_or(-1), 1);
    ASSERT_TRUE(log().acknowledge(left).ok());
    EXPECT_EQ(log().pending_count().value_or(-1), 0);
}

TEST_F(ChangeLogTest, AReceivedChangeThatWinsDropsTheQueuedEdit) {
    const std::string id = create("Вера");
    test::acknowledge_all(log());
    edit(id, "name", "Вера местная");
    edit(id, "position", "Бухгалтер");
    ASSERT_EQ(queued_fields(id), (std::set<std::string>{"name", "position"}));
    const Hlc local = clock_of(id, "name").hlc;

    // An older write from elsewhere loses: the local edit stays, and stays queued.
    auto older =
        apply_remote(store_->db(), log(),
                     {make_change("contacts", id, "name", "Вера старая", Hlc{local.ms - 5, 0}, "other")});
    ASSERT_TRUE(older.ok());
    EXPECT_EQ(older->superseded, 1);
    EXPECT_EQ(queued_fields(id), (std::set<std::string>{"name", "position"}));
    EXPECT_EQ(contacts().get(id)->text("name"), "Вера местная");

    // A newer one wins: nothing of the local edit is left to send.
    const Hlc newer{local.ms + 5, 0};
    auto wins = apply_remote(store_->db(), log(),
                             {make_change("contacts", id, "name", "Вера другая", newer, "other")});
    ASSERT_TRUE(wins.ok());
    EXPECT_EQ(wins->applied, 1);
    EXPECT_EQ(queued_fields(id), (std::set<std::string>{"position"}));
    EXPECT_EQ(contacts().get(id)->text("name"), "Вера другая");
    EXPECT_EQ(clock_of(id, "name"), (FieldClock{newer, "other"}));

    // What arrives is never queued to be sent back.
    const std::string other_row = "0190a0b0-0000-7000-8000-0000000000e1";
    ASSERT_TRUE(apply_remote(store_->db(), log(),
                             {make_change("contacts", other_row, "name", "Чужой", newer, "other")})
                    .ok());
    EXPECT_TRUE(test::outbox_of(log(), other_row).empty());
    EXPECT_EQ(log().pending_count().value_or(-1), 1);
}

TEST_F(ChangeLogTest, SinceAnswersEachRecordOnceWithItsCurrentFieldsBySequence) {
    const std::string a = create("Альфа");
    const std::string b = create("Бета");
    const std::string c = create("Гамма");
    const std::int64_t c_seq = test::sync_seq_of(store_->db(), contact(), c);
    edit(a, "name", "Альфа 2");
    ASSERT_TRUE(contacts().remove(b).ok());  // a tombstone is a record like any other
    EXPECT_EQ(log().last_seq(), test::sync_seq_of(store_->db(), contact(), b));

    bool more = true;
    auto all = log().since(0, 1000, &more);
    ASSERT_TRUE(all.ok());
    EXPECT_FALSE(more);
    ASSERT_EQ(all->size(), 3 * kContactFields);
    // Records oldest write first: c was not written since its create, a and b were.
    std::vector<std::string> order;
    std::map<std::string, std::map<std::string, Change>> by_row;
    for (const Change& ch : *all) {
        if (order.empty() || order.back() != ch.row_id) order.push_back(ch.row_id);
        EXPECT_EQ(ch.seq, test::sync_seq_of(store_->db(), contact(), ch.row_id)) << ch.field;
        EXPECT_FALSE(by_row[ch.row_id].contains(ch.field)) << ch.field << " twice";
        by_row[ch.row_id].insert_or_assign(ch.field, ch);
    }
    EXPECT_EQ(order, (std::vector<std::string>{c, a, b}));
    EXPECT_EQ(test::entry(by_row[a], std::string("name")).value, "Альфа 2");
    EXPECT_EQ(test::entry(by_row[a], std::string("name")).hlc, clock_of(a, "name").hlc);
    EXPECT_EQ(test::entry(by_row[b], std::string("deleted")).value, 1);
    EXPECT_EQ(test::entry(by_row[c], std::string("deleted")).value, 0);
    EXPECT_EQ(test::entry(by_row[c], std::string("position")).value, "Закупки");
    EXPECT_EQ(by_row[a].count("updated_at"), 0u);

    auto after_c = log().since(c_seq, 1000);
    ASSERT_TRUE(after_c.ok());
    ASSERT_EQ(after_c->size(), 2 * kContactFields);
    EXPECT_EQ(after_c->front().row_id, a);
    EXPECT_EQ(after_c->back().row_id, b);
    auto none = log().since(log().last_seq(), 1000, &more);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
    EXPECT_FALSE(more);

    // A record known by one received field answers that field alone, with its writer's clock.
    const std::int64_t before = log().last_seq();
    const std::string remote = "0190a0b0-0000-7000-8000-0000000000e2";
    const Hlc t{*clock_.ms, 3};
    ASSERT_TRUE(
        apply_remote(store_->db(), log(), {make_change("contacts", remote, "name", "Издалека", t, "other")})
            .ok());
    EXPECT_EQ(log().last_seq(), before + 1);
    auto one = log().since(before, 1000);
    ASSERT_TRUE(one.ok());
    ASSERT_EQ(one->size(), 1u);
    EXPECT_EQ((*one)[0].row_id, remote);
    EXPECT_EQ((*one)[0].field, "name");
    EXPECT_EQ((*one)[0].value, "Издалека");
    EXPECT_EQ((*one)[0].hlc, t);
    EXPECT_EQ((*one)[0].device, "other");
    EXPECT_EQ((*one)[0].seq, before + 1);
    // A duplicate writes nothing, so the record keeps its sequence.
    ASSERT_TRUE(
        apply_remote(store_->db(), log(), {make_change("contacts", remote, "name", "Издалека", t, "other")})
            .ok());
    EXPECT_EQ(log().last_seq(), before + 1);
}

TEST_F(ChangeLogTest, RecordsComeInPagesWithMoreWhileAnyRemain) {
    std::vector<std::string> ids;
    for (int i = 0; i < 7; ++i) ids.push_back(create("Контакт " + std::to_string(i)));
    edit(ids[0], "position", "Снова");  // moves to the end

    std::int64_t cursor = 0;
    std::vector<std::string> seen;
    std::vector<bool> mores;
    for (int page = 0; page < 10; ++page) {
        bool more = false;
        auto records = log().since_records(cursor, 3, &more);
        ASSERT_TRUE(records.ok());
        EXPECT_LE(records->size(), 3u);
        for (const RecordState& r : *records) {
            EXPECT_GT(r.seq, cursor);
            cursor = r.seq;
            seen.push_back(r.id);
            EXPECT_EQ(r.fields.size(), kContactFields);
            EXPECT_EQ(r.values.size(), kContactFields);
            EXPECT_EQ(r.clocks.size(), kContactFields);
        }
        mores.push_back(more);
        if (!more) break;
    }
    EXPECT_EQ(mores, (std::vector<bool>{true, true, false}));
    std::vector<std::string> expected(ids.begin() + 1, ids.end());
    expected.push_back(ids[0]);
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(cursor, log().last_seq());

    // since() pages the same records as changes: whole records, at most `limit` changes a page.
    cursor = 0;
    std::vector<std::string> rows;
    for (int page = 0; page < 20; ++page) {
        bool more = false;
        auto changes = log().since(cursor, 2 * static_cast<int>(kContactFields), &more);
        ASSERT_TRUE(changes.ok());
        ASSERT_FALSE(changes->empty());
        EXPECT_LE(changes->size(), 2 * kContactFields);
        EXPECT_EQ(changes->size() % kContactFields, 0u);
        for (const Change& ch : *changes)
            if (rows.empty() || rows.back() != ch.row_id) rows.push_back(ch.row_id);
        cursor = changes->back().seq;
        if (!more) break;
    }
    EXPECT_EQ(rows, expected);
}

TEST_F(ChangeLogTest, ARecordMadeInOneWriteIsOneBaseClockAndEachEditedFieldOneOverride) {
    const std::string id = create("Дарья");
    EXPECT_EQ(overrides(), 0);
    const FieldClock base = clock_of(id, "name");
    EXPECT_EQ(test::query_int(store_->db(), "SELECT sync_hlc FROM contacts WHERE id = '" + id + "'"),
              base.hlc.packed());
    edit(id, "position", "Юрист");
    EXPECT_EQ(overrides(), 1);
    edit(id, "position", "Старший юрист");
    EXPECT_EQ(overrides(), 1) << "a field edited again keeps its one override";
    edit(id, "name", "Дарья К");
    EXPECT_EQ(overrides(), 2);
    EXPECT_EQ(clock_of(id, "phones"), base) << "fields never edited keep the base";
    EXPECT_NE(clock_of(id, "position"), base);

    // The same record taken whole by another replica is stored the same way, with the same clocks.
    auto records = log().since_records(0, 10);
    ASSERT_TRUE(records.ok());
    ASSERT_EQ(records->size(), 1u);
    auto other = test::open_store("other", clock_, 8);
    ASSERT_NE(other, nullptr);
    auto taken = apply_records(other->db(), other->changes(), *records);
    ASSERT_TRUE(taken.ok());
    EXPECT_EQ(taken->applied, static_cast<int>(kContactFields));
    EXPECT_EQ(test::query_int(other->db(), "SELECT count(*) FROM sync_clocks"), 2);
    EXPECT_EQ(test::clocks_of(other->changes(), contact(), id), test::clocks_of(log(), contact(), id));
    EXPECT_EQ(other->changes().pending_count().value_or(-1), 0);
}

TEST_F(ChangeLogTest, WinnerAndCurrentNameTheFieldsClockAndValue) {
    const std::string id = create("Ева");
    edit(id, "position", "Менеджер");
    auto current = log().current("contacts", id, "position");
    ASSERT_TRUE(current.ok() && current->has_value());
    EXPECT_EQ((*current)->value, "Менеджер");
    EXPECT_EQ((FieldClock{(*current)->hlc, (*current)->device}), clock_of(id, "position"));
    EXPECT_EQ((*current)->device, "me");
    for (auto [table, row, field] : {std::tuple{"contacts", "0190a0b0-0000-7000-8000-0000000000e3", "name"},
                                     std::tuple{"no_such_table", id.c_str(), "name"}}) {
        auto w = log().winner(table, row, field);
        ASSERT_TRUE(w.ok());
        EXPECT_FALSE(w->has_value()) << table << " " << row;
        auto c = log().current(table, row, field);
        ASSERT_TRUE(c.ok());
        EXPECT_FALSE(c->has_value()) << table << " " << row;
    }
}

TEST_F(ChangeLogTest, TwoThousandLocalContactsAreBaseClocksAndAnOutboxEmptiedOnAcknowledgement) {
    {
        auto tx = storage::Transaction::begin(store_->db());
        ASSERT_TRUE(tx.ok());
        for (int i = 0; i < 2000; ++i) {
            Record r(contact());
            r.set("name", "Контакт " + std::to_string(i));
            ASSERT_TRUE(contacts().create(r).ok()) << i;
        }
        ASSERT_TRUE(tx->commit().ok());
    }
    EXPECT_EQ(overrides(), 0);
    EXPECT_EQ(log().pending_count().value_or(-1), 2000 * static_cast<std::int64_t>(kContactFields));
    EXPECT_EQ(log().count().value_or(-1), 2000 * static_cast<std::int64_t>(kContactFields));
    test::acknowledge_all(log());
    EXPECT_EQ(log().pending_count().value_or(-1), 0);
    EXPECT_EQ(test::query_int(store_->db(), "SELECT count(*) FROM sync_outbox"), 0);
    EXPECT_EQ(overrides(), 0);
}

}  // namespace
}  // namespace crm::sync
