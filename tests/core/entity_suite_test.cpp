// Create / edit / delete + undo for every registered entity, driven by the descriptors alone: a new
// entity in the registry is covered here without a line of test code.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/domain/row_io.hpp"
#include "tests/core/test_entities.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using nlohmann::json;
using test::EntityCase;
using test::message_of;

constexpr const char* kUnknownId = "018bcfe5-6800-7000-8000-000000000000";

class EntitySuite : public ::testing::TestWithParam<EntityCase> {
  protected:
    void SetUp() override {
        env_ = test::Env::open(*GetParam().registry, clock_, "dev-a");
        ASSERT_TRUE(env_);
        drafts_ = std::make_unique<test::Drafts>(*env_);
    }
    const EntityDesc& entity() const { return env_->entity(GetParam().entity); }
    Repository repo() { return env_->repo(entity()); }
    // All sync metadata: unchanged exactly when an operation wrote no clock, outbox entry or sequence.
    std::string metadata() { return test::sync_metadata(env_->store(), *GetParam().registry); }
    std::map<std::string, sync::FieldClock> clocks(const std::string& id) {
        return test::clocks_of(env_->log(), entity(), id);
    }
    std::int64_t outbox_size() { return env_->log().pending_count().value_or(-1); }
    std::int64_t seq_of(const std::string& id) { return test::sync_seq_of(env_->db(), entity(), id); }
    std::int64_t live() { return repo().list({}).value().total; }
    std::int64_t rows() {
        auto stmt = env_->db().prepare("SELECT count(*) FROM " + std::string(entity().table));
        return stmt.ok() && stmt->step().value_or(false) ? stmt->column_int(0) : -1;
    }
    // A valid value of `f` other than `current`.
    json other_value(const FieldDesc& f, const json& current, int n) {
        for (int k = n; k < n + 20; ++k)
            if (json v = drafts_->value(entity(), f, k); v != current) return v;
        ADD_FAILURE() << f.name << ": no second value";
        return current;
    }

    test::FakeClock clock_;
    std::unique_ptr<test::Env> env_;
    std::unique_ptr<test::Drafts> drafts_;
};

TEST_P(EntitySuite, CreateStoresEveryFieldAndQueuesEachOnce) {
    const Record draft = drafts_->draft(entity(), 1);  // may make the records it refers to
    clock_.advance(100);
    const std::int64_t queued_before = outbox_size();
    const std::int64_t overrides_before = test::query_int(env_->db(), "SELECT count(*) FROM sync_clocks");
    const std::int64_t live_before = live();
    auto created = repo().create(draft);
    ASSERT_TRUE(created.ok()) << message_of(created);
    EXPECT_TRUE(is_uuid(created->id)) << created->id;
    EXPECT_EQ(created->integer(kCreatedAtField), *clock_.ms);
    EXPECT_EQ(created->integer(kUpdatedAtField), *clock_.ms);
    EXPECT_EQ(created->integer(kDeletedField), 0);

    auto got = repo().get(created->id);
    ASSERT_TRUE(got.ok()) << message_of(got);
    const auto queued = test::outbox_of(env_->log(), created->id);
    std::set<std::string> expected{std::string(kCreatedAtField), std::string(kDeletedField)};
    for (const FieldDesc& f : entity().fields) {
        if (!test::is_written(f)) continue;
        expected.insert(std::string(f.name));
        EXPECT_EQ(got->get(f.name), draft.get(f.name)) << f.name;
        EXPECT_EQ(created->get(f.name), draft.get(f.name)) << f.name;
        const auto it = queued.find(std::string(f.name));
        ASSERT_NE(it, queued.end()) << f.name;
        EXPECT_EQ(it->second.value, draft.get(f.name)) << f.name;
    }
    std::set<std::string> queued_names;
    for (const auto& [name, change] : queued) queued_names.insert(name);
    EXPECT_EQ(queued_names, expected);  // updated_at is derived, never sent
    EXPECT_EQ(outbox_size() - queued_before, static_cast<std::int64_t>(expected.size()));

    // One write: every field carries the same clock, this device's, and it is the row's base (no override).
    std::set<std::int64_t> hlcs;
    for (const auto& [name, clock] : clocks(created->id)) {
        hlcs.insert(clock.hlc.packed());
        EXPECT_EQ(clock.device, "dev-a") << name;
        EXPECT_EQ(clock.hlc.ms, *clock_.ms) << name;
    }
    EXPECT_EQ(hlcs.size(), 1u);
    for (const auto& [name, change] : queued) EXPECT_EQ(change.hlc.packed(), *hlcs.begin()) << name;
    EXPECT_EQ(test::query_int(env_->db(), "SELECT count(*) FROM sync_clocks"), overrides_before);
    EXPECT_GT(seq_of(created->id), 0);
    EXPECT_EQ(seq_of(created->id), env_->log().last_seq());
    EXPECT_EQ(live(), live_before + 1);
}

TEST_P(EntitySuite, EditQueuesOnlyTheChangedField) {
    if (entity().form.empty()) GTEST_SKIP() << entity().name << " has nothing a user edits (written by core)";
    const Record created = drafts_->create(entity(), 1);
    ASSERT_FALSE(created.id.empty());
    const std::int64_t created_at = created.integer(kCreatedAtField);
    int edits = 0;
    for (const FieldDesc& f : entity().fields) {
        if (!test::is_written(f) || !f.editable) continue;
        auto current = repo().get(created.id);
        ASSERT_TRUE(current.ok());
        Record edited = *current;
        const json next = other_value(f, current->get(f.name), 2);
        edited.set(f.name, next);  // may make a record it refers to, which is queued too
        clock_.advance(1000);
        test::acknowledge_all(env_->log());  // all that was pushed: what follows is the edit alone
        ASSERT_EQ(outbox_size(), 0);
        const auto clocks_before = clocks(created.id);
        const std::int64_t seq_before = seq_of(created.id);
        auto saved = repo().update(edited);
        ASSERT_TRUE(saved.ok()) << f.name << ": " << message_of(saved);
        EXPECT_EQ(saved->get(f.name), next) << f.name;
        EXPECT_EQ(saved->integer(kUpdatedAtField), *clock_.ms) << f.name;
        EXPECT_EQ(saved->integer(kCreatedAtField), created_at);
        for (const FieldDesc& other : entity().fields) {
            if (other.name != f.name && other.name != kUpdatedAtField) {
                EXPECT_EQ(saved->get(other.name), current->get(other.name))
                    << f.name << " changed " << other.name;
            }
        }
        // Exactly this field's clock moved, to a newer one of this device.
        const auto clocks_after = clocks(created.id);
        for (const auto& [name, clock] : clocks_after) {
            if (name == f.name) {
                EXPECT_GT(clock.hlc, test::entry(clocks_before, name).hlc) << name;
                EXPECT_EQ(clock.hlc.ms, *clock_.ms) << name;
                EXPECT_EQ(clock.device, "dev-a") << name;
            } else {
                EXPECT_EQ(clock, test::entry(clocks_before, name))
                    << f.name << " moved the clock of " << name;
            }
        }
        // ... and it is the one thing of this record queued (a tracked field also queues its new history
        // row).
        auto queued = test::outbox(env_->log());
        const auto history = std::erase_if(queued, [](const auto& c) { return c.table == "field_history"; });
        EXPECT_EQ(
            history,
            f.tracked ? static_cast<std::size_t>(test::replicated_fields(domain::entity::kFieldHistory)) : 0u)
            << f.name << ": a tracked field's change is one new history row, whole";
        ASSERT_EQ(queued.size(), 1u) << f.name;
        EXPECT_EQ(queued[0].row_id, created.id);
        EXPECT_EQ(queued[0].field, f.name);
        EXPECT_EQ(queued[0].value, next);
        EXPECT_EQ(queued[0].hlc, test::entry(clocks_after, std::string(f.name)).hlc);
        EXPECT_GT(seq_of(created.id), seq_before) << f.name;
        ++edits;
    }
    EXPECT_GT(edits, 0);

    // Several fields in one save share one HLC; saving unchanged writes nothing and keeps updated_at.
    Record both = repo().get(created.id).value();
    std::set<std::string> edited_names;
    for (const FieldDesc& f : entity().fields) {
        if (!test::is_written(f) || !f.editable || edited_names.size() == 2) continue;
        both.set(f.name, other_value(f, both.get(f.name), 9));
        edited_names.insert(std::string(f.name));
    }
    clock_.advance(1000);
    test::acknowledge_all(env_->log());
    auto saved = repo().update(both);
    ASSERT_TRUE(saved.ok()) << message_of(saved);
    const auto queued = test::outbox(env_->log());
    ASSERT_EQ(queued.size(), edited_names.size());
    std::set<std::string> queued_names;
    for (const auto& c : queued) queued_names.insert(c.field);
    EXPECT_EQ(queued_names, edited_names);
    EXPECT_EQ(queued.front().hlc, queued.back().hlc);
    const std::string before = metadata();
    clock_.advance(1000);
    auto again = repo().update(*saved);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(metadata(), before);
    EXPECT_EQ(again->integer(kUpdatedAtField), saved->integer(kUpdatedAtField));
}

// Fields the form does not edit (an option's list) are written once, at create.
TEST_P(EntitySuite, UpdateNeverWritesReadOnlyFields) {
    const Record created = drafts_->create(entity(), 1);
    ASSERT_FALSE(created.id.empty());
    for (const FieldDesc& f : entity().fields) {
        if (f.editable || !f.replicated || f.name == kUpdatedAtField) continue;
        Record edited = created;
        json next = other_value(f, created.get(f.name), 3);
        if (f.name == kDeletedField) next = 1;
        edited.set(f.name, next);
        const std::string before = metadata();
        auto saved = repo().update(edited);
        ASSERT_TRUE(saved.ok()) << f.name << ": " << message_of(saved);
        EXPECT_EQ(saved->get(f.name), created.get(f.name)) << f.name;
        EXPECT_EQ(metadata(), before) << f.name;
    }
}

TEST_P(EntitySuite, DeleteAndUndoAreQueuedTombstones) {
    const Record created = drafts_->create(entity(), 1);
    ASSERT_FALSE(created.id.empty());
    test::acknowledge_all(env_->log());
    const auto clocks_before = clocks(created.id);
    const std::int64_t live_before = live();
    ASSERT_TRUE(repo().remove(created.id).ok());
    EXPECT_EQ(repo().get(created.id).error().code, ErrorCode::NotFound);
    EXPECT_EQ(repo().state(created.id).value_or(RowState::Live), RowState::Deleted);
    EXPECT_EQ(live(), live_before - 1);
    const auto removed = test::outbox(env_->log());
    ASSERT_EQ(removed.size(), 1u);
    EXPECT_EQ(removed[0].field, kDeletedField);
    EXPECT_EQ(removed[0].value, 1);
    EXPECT_GT(removed[0].hlc, test::entry(clocks_before, std::string(kDeletedField)).hlc);
    const std::string deleted_state = metadata();
    EXPECT_EQ(repo().remove(created.id).error().code, ErrorCode::NotFound);
    // An edit of a deleted record is refused locally.
    EXPECT_EQ(repo().update(created).error().code, ErrorCode::NotFound);
    EXPECT_EQ(metadata(), deleted_state);

    clock_.advance(10);
    ASSERT_TRUE(repo().restore(created.id).ok());
    auto back = repo().get(created.id);
    ASSERT_TRUE(back.ok()) << message_of(back);
    for (const FieldDesc& f : entity().fields)
        if (f.name != kUpdatedAtField) {
            EXPECT_EQ(back->get(f.name), created.get(f.name)) << f.name;
        }
    EXPECT_EQ(live(), live_before);
    // The undo replaces the queued delete: one entry, the newer value and clock.
    const auto restored = test::outbox(env_->log());
    ASSERT_EQ(restored.size(), 1u);
    EXPECT_EQ(restored[0].field, kDeletedField);
    EXPECT_EQ(restored[0].value, 0);
    EXPECT_LT(removed[0].hlc, restored[0].hlc);
    // Only the tombstone's clock moved.
    for (const auto& [name, clock] : clocks(created.id))
        if (name != kDeletedField) {
            EXPECT_EQ(clock, test::entry(clocks_before, name)) << name;
        }
    // Restoring a live record is a no-op, an unknown one is not found.
    const std::string live_state = metadata();
    ASSERT_TRUE(repo().restore(created.id).ok());
    EXPECT_EQ(metadata(), live_state);
    EXPECT_EQ(repo().restore(kUnknownId).error().code, ErrorCode::NotFound);
    EXPECT_EQ(repo().remove(kUnknownId).error().code, ErrorCode::NotFound);
    EXPECT_EQ(repo().get("nope").error().code, ErrorCode::NotFound);
    Record stranger = created;
    stranger.id = kUnknownId;
    EXPECT_EQ(repo().update(stranger).error().code, ErrorCode::NotFound);
    EXPECT_EQ(metadata(), live_state);
}

TEST_P(EntitySuite, AnEmptyRequiredFieldIsRefusedAndLeavesNothing) {
    drafts_->create(entity(), 1);
    const Record valid = drafts_->draft(entity(), 2);
    const std::string before = metadata();
    const std::int64_t live_before = live();
    int required = 0;
    for (const FieldDesc& f : entity().fields) {
        if (!f.required || !test::is_written(f)) continue;
        ++required;
        Record draft = valid;
        draft.set(f.name, empty_value(f));
        auto r = repo().create(draft);
        ASSERT_FALSE(r.ok()) << f.name;
        EXPECT_EQ(r.error().code, ErrorCode::Invalid);
        EXPECT_EQ(r.error().field, f.name);
        EXPECT_EQ(r.error().reason, "empty");
        // Blank text counts as empty: it is trimmed first.
        if (f.type == FieldType::Text) {
            draft.set(f.name, "   ");
            EXPECT_EQ(repo().create(draft).error().reason, "empty") << f.name;
        }
    }
    EXPECT_GT(required, 0) << "every entity has a title";
    EXPECT_EQ(metadata(), before);
    EXPECT_EQ(live(), live_before);
}

// A failure inside the transaction (the sync metadata refuses a write) rolls the record back too.
TEST_P(EntitySuite, AStorageFailureHalfWayRollsBackRowAndMetadata) {
    const Record created = drafts_->create(entity(), 1);
    ASSERT_FALSE(created.id.empty());
    const Record draft = drafts_->draft(entity(), 2);
    const std::int64_t rows_before = rows();
    const std::string before = metadata();
    const std::string table_id =
        "(SELECT id FROM sync_names WHERE name = '" + std::string(entity().table) + "')";
    // The outbox is the last metadata a local write touches: the row, its base clock and any override are
    // already written when it fails.
    ASSERT_TRUE(env_->db()
                    .exec("CREATE TRIGGER fail_outbox BEFORE INSERT ON sync_outbox WHEN new.tbl = " +
                          table_id + " BEGIN SELECT RAISE(ABORT, 'outbox is full'); END")
                    .ok());
    auto failed = repo().create(draft);
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().message.find("outbox is full"), std::string::npos) << failed.error().message;
    EXPECT_EQ(rows(), rows_before);

    if (!entity().title().editable) return;  // written by core only: nothing the form could update
    Record edited = created;
    const FieldDesc& title = entity().title();
    edited.set(title.name, other_value(title, created.get(title.name), 5));
    auto refused = repo().update(edited);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("outbox is full"), std::string::npos) << refused.error().message;
    EXPECT_EQ(repo().get(created.id)->get(title.name), created.get(title.name));
    EXPECT_FALSE(repo().remove(created.id).ok());
    EXPECT_TRUE(repo().get(created.id).ok());
    EXPECT_EQ(metadata(), before);

    // An edit's override is written before the outbox: a failure there leaves the value unwritten too.
    ASSERT_TRUE(env_->db().exec("DROP TRIGGER fail_outbox").ok());
    ASSERT_TRUE(env_->db()
                    .exec("CREATE TRIGGER fail_clocks BEFORE INSERT ON sync_clocks WHEN new.tbl = " +
                          table_id + " BEGIN SELECT RAISE(ABORT, 'clocks are full'); END")
                    .ok());
    refused = repo().update(edited);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("clocks are full"), std::string::npos) << refused.error().message;
    EXPECT_EQ(repo().get(created.id)->get(title.name), created.get(title.name));
    EXPECT_FALSE(repo().remove(created.id).ok());
    EXPECT_EQ(repo().state(created.id).value_or(RowState::Missing), RowState::Live);
    EXPECT_EQ(metadata(), before);

    // Nothing was left half-done: with the metadata writable again the same edit goes through.
    ASSERT_TRUE(env_->db().exec("DROP TRIGGER fail_clocks").ok());
    auto saved = repo().update(edited);
    ASSERT_TRUE(saved.ok()) << message_of(saved);
    EXPECT_EQ(test::entry(test::outbox_of(env_->log(), created.id), std::string(title.name)).value,
              edited.get(title.name));
}

TEST_P(EntitySuite, ReferencesNameLiveTargets) {
    for (const FieldDesc& f : entity().fields) {
        if (f.type != FieldType::Reference) continue;
        const EntityDesc& target = env_->entity(f.target);
        const std::string target_id = drafts_->target(f.target, 0);
        const std::string target_title = env_->repo(target).get(target_id)->text(target.title_field);
        Record draft = drafts_->draft(entity(), 1);
        draft.set(f.name, target_id);
        auto created = repo().create(draft);
        ASSERT_TRUE(created.ok()) << message_of(created);
        EXPECT_EQ(created->ref_title(f.name), target_title);
        ListQuery by_target;
        by_target.equals = {{std::string(f.name), target_id}};
        auto page = repo().list(by_target);
        ASSERT_TRUE(page.ok()) << message_of(page);
        ASSERT_EQ(page->total, 1);
        EXPECT_EQ(page->rows[0].id, created->id);

        // A missing target is refused, and nothing is written.
        const std::string before = metadata();
        draft.set(f.name, kUnknownId);
        auto orphan = repo().create(draft);
        ASSERT_FALSE(orphan.ok());
        EXPECT_EQ(orphan.error().reason, "unknown_reference");
        EXPECT_EQ(orphan.error().field, f.name);
        EXPECT_EQ(metadata(), before);

        // A deleted target: no title, the record stays editable, but nothing new may point at it.
        ASSERT_TRUE(env_->repo(target).remove(target_id).ok());
        auto after = repo().get(created->id);
        ASSERT_TRUE(after.ok());
        EXPECT_EQ(after->ref_title(f.name), "");
        Record edited = *after;
        const FieldDesc& title = entity().title();
        edited.set(title.name, other_value(title, after->get(title.name), 7));
        EXPECT_TRUE(repo().update(edited).ok());
        draft.set(f.name, target_id);
        EXPECT_EQ(repo().create(draft).error().reason, "unknown_reference");
        ASSERT_TRUE(env_->repo(target).restore(target_id).ok());

        // Detaching sends a null reference; a required one is refused, and one the form does not edit is
        // written by core's rules alone (a stage move's stages).
        Record detached = repo().get(created->id).value();
        detached.set(f.name, nullptr);
        if (f.required) {
            const std::string kept = metadata();
            auto refused = repo().update(detached);
            ASSERT_FALSE(refused.ok()) << f.name;
            EXPECT_EQ(refused.error().reason, "empty");
            EXPECT_EQ(metadata(), kept);
            continue;
        }
        if (!f.editable) continue;
        auto saved = repo().update(detached);
        ASSERT_TRUE(saved.ok()) << message_of(saved);
        EXPECT_TRUE(saved->get(f.name).is_null());
        EXPECT_EQ(saved->ref_title(f.name), "");
        const sync::Change queued =
            test::entry(test::outbox_of(env_->log(), created->id), std::string(f.name));
        EXPECT_EQ(queued.field, f.name);
        EXPECT_TRUE(queued.value.is_null());
        EXPECT_EQ(queued.hlc, test::entry(clocks(created->id), std::string(f.name)).hlc);
    }
}

// A related list (a company's contacts) is the children whose reference points here.
TEST_P(EntitySuite, RelatedListsAreTheChildrenPointingHere) {
    for (const RelatedList& related : entity().related) {
        const Record parent = drafts_->create(entity(), 1);
        const Record other = drafts_->create(entity(), 2);
        const EntityDesc& child = env_->entity(related.entity);
        Repository children = env_->repo(child);
        for (int i = 0; i < 3; ++i) {
            Record draft = drafts_->draft(child, 10 + i);
            draft.set(related.via, i < 2 ? parent.id : other.id);
            ASSERT_TRUE(children.create(draft).ok());
        }
        ListQuery q;
        q.equals = {{std::string(related.via), parent.id}};
        auto page = children.list(q);
        ASSERT_TRUE(page.ok()) << message_of(page);
        EXPECT_EQ(page->total, 2);
        for (const Record& r : page->rows) EXPECT_EQ(r.text(related.via), parent.id);
    }
}

INSTANTIATE_TEST_SUITE_P(Registered, EntitySuite, ::testing::ValuesIn(test::every_entity()),
                         test::param_name);

}  // namespace
}  // namespace crm::domain
