// Merge convergence for every app entity: two devices make random creates, edits, deletes and undos
// (some concurrent on the same fields) and sync through a server store as the protocol does (each pushes
// its outbox and pulls what the server holds after its cursor, per field or as whole records), every
// delivery shuffled, duplicated and in random batches. At the end every replica holds identical rows:
// the devices, the server, and new replicas fed the server's state or every write ever made, replayed.
// Each field holds the value of the largest (hlc, device) write, computed here from the test's own record
// of every write.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <random>
#include <tuple>

#include "core/limits.hpp"
#include "core/sync/merge.hpp"
#include "tests/core/test_entities.hpp"
#include "tests/core/test_support.hpp"

namespace crm::sync {
namespace {

using domain::EntityDesc;
using domain::FieldDesc;
using domain::Record;
using nlohmann::json;
using test::EntityCase;
using test::message_of;

struct Device {
    std::unique_ptr<test::Env> env;
    std::unique_ptr<test::Drafts> drafts;
    std::vector<std::string> known;  // ids of the entity's records this device has seen
    std::int64_t cursor = 0;         // the server's sequence this device has pulled up to
};

Device open_device(test::FakeClock& clock, const std::string& name, std::uint64_t seed) {
    Device d;
    d.env = test::Env::open(domain::Registry::app(), clock, name, seed);
    if (d.env) d.drafts = std::make_unique<test::Drafts>(*d.env);
    return d;
}

// Delivers `items` with each one 1 to 3 times, in a shuffled order, in batches of random size.
template <typename Item, typename Apply>
void deliver(const std::vector<Item>& items, std::mt19937_64& rng, Apply apply) {
    std::vector<Item> sent;
    for (const Item& item : items) {
        const std::uint64_t copies = 1 + rng() % 3;
        for (std::uint64_t k = 0; k < copies; ++k) sent.push_back(item);
    }
    std::shuffle(sent.begin(), sent.end(), rng);
    std::size_t start = 0;
    while (start < sent.size()) {
        const std::size_t n = std::min<std::size_t>(1 + rng() % 40, sent.size() - start);
        const std::vector<Item> batch(sent.begin() + static_cast<long>(start),
                                      sent.begin() + static_cast<long>(start + n));
        Result<MergeOutcome> outcome = apply(batch);
        ASSERT_TRUE(outcome.ok()) << message_of(outcome);
        EXPECT_TRUE(outcome->rejected.empty()) << outcome->rejected[0].error.message;
        start += n;
    }
}

void deliver_changes(test::Env& to, const std::vector<Change>& changes, std::mt19937_64& rng) {
    deliver(changes, rng,
            [&](const std::vector<Change>& batch) { return apply_remote(to.db(), to.log(), batch); });
}

void deliver_records(test::Env& to, const std::vector<RecordState>& records, std::mt19937_64& rng) {
    deliver(records, rng,
            [&](const std::vector<RecordState>& batch) { return apply_records(to.db(), to.log(), batch); });
}

// The server's whole state after `cursor`, in pages: as changes (protocol 1) or whole records (2).
std::vector<Change> pull_changes(test::Env& server, std::int64_t& cursor, int page) {
    std::vector<Change> out;
    for (bool more = true; more;) {
        auto got = server.log().since(cursor, page, &more);
        EXPECT_TRUE(got.ok()) << message_of(got);
        if (!got.ok() || got->empty()) break;
        cursor = got->back().seq;
        out.insert(out.end(), got->begin(), got->end());
    }
    return out;
}

std::vector<RecordState> pull_records(test::Env& server, std::int64_t& cursor, int page) {
    std::vector<RecordState> out;
    for (bool more = true; more;) {
        auto got = server.log().since_records(cursor, page, &more);
        EXPECT_TRUE(got.ok()) << message_of(got);
        if (!got.ok() || got->empty()) break;
        cursor = got->back().seq;
        out.insert(out.end(), got->begin(), got->end());
    }
    return out;
}

class ConvergenceSuite : public ::testing::TestWithParam<EntityCase> {
  protected:
    const EntityDesc& entity() const { return GetParam().desc(); }

    void random_step(Device& d, std::mt19937_64& rng) {
        // Every field a step writes gets a clock newer than this; the outbox holds it, with its value.
        const Hlc before = d.env->log().clock().last();
        operate(d, rng);
        for (const Change& c : test::outbox(d.env->log())) {
            if (c.hlc <= before) continue;
            EXPECT_EQ(c.device, d.env->store().device_id());
            writes_.push_back(c);
        }
    }

    void operate(Device& d, std::mt19937_64& rng) {
        domain::Repository repo = d.env->repo(entity());
        const int n = static_cast<int>(rng() % 1000);
        const std::uint64_t op = d.known.empty() ? 0 : rng() % 10;
        if (op < 3) {
            const Record made = d.drafts->create(entity(), n);
            if (!made.id.empty()) d.known.push_back(made.id);
            return;
        }
        const std::string& id = d.known[rng() % d.known.size()];
        if (op == 7) {
            (void)repo.remove(id);  // NotFound when already deleted: a user cannot do it either
            return;
        }
        if (op == 8) {
            ASSERT_TRUE(repo.restore(id).ok());
            return;
        }
        auto current = repo.get(id);
        if (!current) return;  // deleted here: the card is gone, nothing to edit
        std::vector<const FieldDesc*> editable;
        for (const FieldDesc& f : entity().fields)
            if (f.editable && test::is_written(f)) editable.push_back(&f);
        if (editable.empty())
            return;  // written by core only (field history): created and deleted, never edited
        Record edited = *current;
        const FieldDesc& f = *editable[rng() % editable.size()];
        edited.set(f.name, d.drafts->value(entity(), f, n));
        auto saved = repo.update(edited);
        ASSERT_TRUE(saved.ok()) << f.name << ": " << message_of(saved);
    }

    // The device pushes its outbox (in push-sized pages) and the server's answer acknowledges it.
    void push(Device& d, std::mt19937_64& rng) {
        for (int page = 0; page < 1000; ++page) {
            auto sent = d.env->log().pending(limits::kSyncPushBatch);
            ASSERT_TRUE(sent.ok()) << message_of(sent);
            if (sent->empty()) return;
            deliver_changes(*server_, *sent, rng);
            ASSERT_TRUE(d.env->log().acknowledge(*sent).ok());
        }
        ADD_FAILURE() << "the outbox never emptied";
    }

    // The device takes what the server holds after its cursor, per field or as whole records.
    void pull(Device& d, std::mt19937_64& rng) {
        if (rng() % 2 == 0)
            deliver_changes(*d.env, pull_changes(*server_, d.cursor, 1 + static_cast<int>(rng() % 60)), rng);
        else
            deliver_records(*d.env, pull_records(*server_, d.cursor, 1 + static_cast<int>(rng() % 6)), rng);
    }

    void exchange(Device& a, Device& b, std::mt19937_64& rng) {
        push(a, rng);
        push(b, rng);
        pull(a, rng);
        pull(b, rng);
        for (const std::string& id : b.known)
            if (std::find(a.known.begin(), a.known.end(), id) == a.known.end()) a.known.push_back(id);
        b.known = a.known;
    }

    // What each field must hold: its largest (hlc, device) write, computed here.
    std::map<std::tuple<std::string, std::string, std::string>, Change> winners() const {
        std::map<std::tuple<std::string, std::string, std::string>, Change> out;
        for (const Change& c : writes_) {
            const auto key = std::make_tuple(c.table, c.row_id, c.field);
            const auto it = out.find(key);
            if (it == out.end() || c.wins_over(it->second.hlc, it->second.device))
                out.insert_or_assign(key, c);
        }
        return out;
    }

    json stored(test::Env& env, const EntityDesc& e, const std::string& row, const FieldDesc& f) {
        std::string cols;
        for (const domain::Column& c : domain::columns_of(f)) cols += (cols.empty() ? "" : ", ") + c.name;
        auto stmt = env.db().prepare("SELECT " + cols + " FROM " + std::string(e.table) + " WHERE id = ?1");
        EXPECT_TRUE(stmt.ok()) << message_of(stmt);
        if (!stmt) return "<error>";
        stmt->bind(1, row);
        if (!stmt->step().value_or(false)) return "<missing row>";
        int col = 0;
        return domain::read_value(*stmt, col, f);
    }

    std::unique_ptr<test::Env> server_;
    std::vector<Change> writes_;  // every write the devices made, with the value and clock it had then
};

TEST_P(ConvergenceSuite, RandomConcurrentHistoriesConvergeOnEveryReplica) {
    for (std::uint64_t round = 0; round < 3; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        test::FakeClock clock;
        writes_.clear();
        server_ = test::Env::open(domain::Registry::app(), clock, "server", 5 + round * 10);
        Device a = open_device(clock, "device-a", 1 + round * 10);
        Device b = open_device(clock, "device-b", 2 + round * 10);
        ASSERT_TRUE(server_ && a.env && b.env);
        std::mt19937_64 rng(2024 + round);
        int exchanges = 0;
        for (int step = 0; step < 80; ++step) {
            if (rng() % 12 == 0) {
                exchange(a, b, rng);
                ++exchanges;
            }
            random_step(rng() % 2 == 0 ? a : b, rng);
            clock.advance(static_cast<std::int64_t>(rng() % 3));  // 0: equal wall clocks, HLC counters decide
        }
        exchange(a, b, rng);
        EXPECT_GT(exchanges, 0);
        EXPECT_EQ(a.env->log().pending_count().value_or(-1), 0);
        EXPECT_EQ(b.env->log().pending_count().value_or(-1), 0);

        // x: every write ever made, superseded ones included, straight to the merge.
        Device x = open_device(clock, "replica-x", 3);
        // y: the server's state as whole records; z: the same per field.
        Device y = open_device(clock, "replica-y", 4);
        Device z = open_device(clock, "replica-z", 6);
        ASSERT_TRUE(x.env && y.env && z.env);
        deliver_changes(*x.env, writes_, rng);
        deliver_records(*y.env, pull_records(*server_, y.cursor, 5), rng);
        deliver_changes(*z.env, pull_changes(*server_, z.cursor, 40), rng);
        EXPECT_EQ(y.cursor, server_->log().last_seq());
        EXPECT_EQ(z.cursor, server_->log().last_seq());

        const std::string dump = test::dump_tables(x.env->store(), domain::Registry::app());
        EXPECT_EQ(test::dump_tables(server_->store(), domain::Registry::app()), dump);
        EXPECT_EQ(test::dump_tables(y.env->store(), domain::Registry::app()), dump);
        EXPECT_EQ(test::dump_tables(z.env->store(), domain::Registry::app()), dump);
        EXPECT_EQ(test::dump_tables(a.env->store(), domain::Registry::app()), dump);
        EXPECT_EQ(test::dump_tables(b.env->store(), domain::Registry::app()), dump);

        // Replaying everything changes nothing.
        auto replay = apply_remote(x.env->db(), x.env->log(), writes_);
        ASSERT_TRUE(replay.ok());
        EXPECT_EQ(replay->applied, 0);
        EXPECT_EQ(replay->superseded, static_cast<int>(writes_.size()));
        EXPECT_EQ(test::dump_tables(x.env->store(), domain::Registry::app()), dump);

        int checked = 0;
        for (const auto& [key, change] : winners()) {
            const EntityDesc* e = domain::Registry::app().find_table(change.table);
            ASSERT_NE(e, nullptr);
            const FieldDesc* f = e->find(change.field);
            ASSERT_NE(f, nullptr);
            EXPECT_EQ(stored(*x.env, *e, change.row_id, *f), change.value)
                << change.table << "." << change.field;
            auto clock_of = x.env->log().winner(change.table, change.row_id, change.field);
            ASSERT_TRUE(clock_of.ok() && clock_of->has_value());
            EXPECT_EQ(**clock_of, (FieldClock{change.hlc, change.device}))
                << change.table << "." << change.field;
            ++checked;
        }
        EXPECT_GT(checked, 50);
        // Some writes were superseded, so the merge had something to decide.
        EXPECT_GT(writes_.size(), static_cast<std::size_t>(checked));
    }
}

INSTANTIATE_TEST_SUITE_P(App, ConvergenceSuite, ::testing::ValuesIn(test::app_entities()), test::param_name);

}  // namespace
}  // namespace crm::sync
