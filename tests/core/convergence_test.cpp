// Merge convergence for every app entity: two devices make random creates, edits, deletes and undos
// (some concurrent on the same fields), and their logs reach other replicas shuffled, duplicated, in
// random batches and replayed. Every replica ends with identical rows, and each field holds the value of
// its largest (hlc, device) change.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

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
};

Device open_device(test::FakeClock& clock, const std::string& name, std::uint64_t seed) {
    Device d;
    d.env = test::Env::open(domain::Registry::app(), clock, name, seed);
    if (d.env) d.drafts = std::make_unique<test::Drafts>(*d.env);
    return d;
}

// Delivers `changes` with each one 1 to 3 times, in a shuffled order, in batches of random size.
void deliver(test::Env& to, const std::vector<Change>& changes, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<Change> sent;
    for (const Change& c : changes) {
        const std::uint64_t copies = 1 + rng() % 3;
        for (std::uint64_t k = 0; k < copies; ++k) sent.push_back(c);
    }
    std::shuffle(sent.begin(), sent.end(), rng);
    std::size_t start = 0;
    while (start < sent.size()) {
        const std::size_t n = std::min<std::size_t>(1 + rng() % 40, sent.size() - start);
        const std::vector<Change> batch(sent.begin() + static_cast<long>(start),
                                        sent.begin() + static_cast<long>(start + n));
        auto outcome = apply_remote(to.db(), to.log(), batch);
        ASSERT_TRUE(outcome.ok()) << message_of(outcome);
        EXPECT_TRUE(outcome->rejected.empty()) << outcome->rejected[0].second.message;
        start += n;
    }
}

class ConvergenceSuite : public ::testing::TestWithParam<EntityCase> {
  protected:
    const EntityDesc& entity() const { return GetParam().desc(); }

    void random_step(Device& d, std::mt19937_64& rng) {
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
        Record edited = *current;
        const FieldDesc& f = *editable[rng() % editable.size()];
        edited.set(f.name, d.drafts->value(entity(), f, n));
        auto saved = repo.update(edited);
        ASSERT_TRUE(saved.ok()) << f.name << ": " << message_of(saved);
    }

    void exchange(Device& a, Device& b) {
        const auto from_a = test::all_changes(a.env->log());
        const auto from_b = test::all_changes(b.env->log());
        deliver(*b.env, from_a, 1);
        deliver(*a.env, from_b, 2);
        for (const std::string& id : b.known)
            if (std::find(a.known.begin(), a.known.end(), id) == a.known.end()) a.known.push_back(id);
        b.known = a.known;
    }

    // What each field must hold: the value of its largest (hlc, device) change, computed here.
    std::map<std::tuple<std::string, std::string, std::string>, Change> winners(
        const std::vector<Change>& all) {
        std::map<std::tuple<std::string, std::string, std::string>, Change> out;
        for (const Change& c : all) {
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
};

TEST_P(ConvergenceSuite, RandomConcurrentHistoriesConvergeOnEveryReplica) {
    for (std::uint64_t round = 0; round < 3; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        test::FakeClock clock;
        Device a = open_device(clock, "device-a", 1 + round * 10);
        Device b = open_device(clock, "device-b", 2 + round * 10);
        ASSERT_TRUE(a.env && b.env);
        std::mt19937_64 rng(2024 + round);
        for (int step = 0; step < 80; ++step) {
            if (rng() % 12 == 0) exchange(a, b);
            random_step(rng() % 2 == 0 ? a : b, rng);
            clock.advance(static_cast<std::int64_t>(rng() % 3));  // 0: equal wall clocks, HLC counters decide
        }
        std::vector<Change> history = test::all_changes(a.env->log());
        const auto from_b = test::all_changes(b.env->log());
        history.insert(history.end(), from_b.begin(), from_b.end());  // overlaps: exchanged changes twice

        Device x = open_device(clock, "replica-x", 3);
        Device y = open_device(clock, "replica-y", 4);
        ASSERT_TRUE(x.env && y.env);
        deliver(*x.env, history, 100 + round);
        deliver(*y.env, history, 200 + round);
        exchange(a, b);

        const std::string dump = test::dump_tables(x.env->db(), domain::Registry::app());
        EXPECT_EQ(test::dump_tables(y.env->db(), domain::Registry::app()), dump);
        EXPECT_EQ(test::dump_tables(a.env->db(), domain::Registry::app()), dump);
        EXPECT_EQ(test::dump_tables(b.env->db(), domain::Registry::app()), dump);

        // Replaying everything changes nothing.
        auto replay = apply_remote(x.env->db(), x.env->log(), history);
        ASSERT_TRUE(replay.ok());
        EXPECT_EQ(replay->applied, 0);
        EXPECT_EQ(replay->superseded, static_cast<int>(history.size()));
        EXPECT_EQ(test::dump_tables(x.env->db(), domain::Registry::app()), dump);

        int checked = 0;
        for (const auto& [key, change] : winners(history)) {
            const EntityDesc* e = domain::Registry::app().find_table(change.table);
            ASSERT_NE(e, nullptr);
            const FieldDesc* f = e->find(change.field);
            ASSERT_NE(f, nullptr);
            EXPECT_EQ(stored(*x.env, *e, change.row_id, *f), change.value)
                << change.table << "." << change.field;
            ++checked;
        }
        EXPECT_GT(checked, 50);
    }
}

INSTANTIATE_TEST_SUITE_P(App, ConvergenceSuite, ::testing::ValuesIn(test::app_entities()), test::param_name);

}  // namespace
}  // namespace crm::sync
