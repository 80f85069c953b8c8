// Create / edit / delete + undo for every registered entity, driven by the descriptors alone: a new
// entity in the registry is covered here without a line of test code.
#include <gtest/gtest.h>

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
    std::int64_t changes() { return env_->log().count().value_or(-1); }
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

TEST_P(EntitySuite, CreateStoresEveryFieldAndLogsEachOnce) {
    const Record draft = drafts_->draft(entity(), 1);  // may make the records it refers to
    clock_.advance(100);
    const std::int64_t before = changes();
    const std::int64_t live_before = live();
    auto created = repo().create(draft);
    ASSERT_TRUE(created.ok()) << message_of(created);
    EXPECT_TRUE(is_uuid(created->id)) << created->id;
    EXPECT_EQ(created->integer(kCreatedAtField), *clock_.ms);
    EXPECT_EQ(created->integer(kUpdatedAtField), *clock_.ms);
    EXPECT_EQ(created->integer(kDeletedField), 0);

    auto got = repo().get(created->id);
    ASSERT_TRUE(got.ok()) << message_of(got);
    const auto logged = test::logged_fields(env_->log(), created->id);
    std::set<std::string> expected_log{std::string(kCreatedAtField), std::string(kDeletedField)};
    for (const FieldDesc& f : entity().fields) {
        if (!test::is_written(f)) continue;
        expected_log.insert(std::string(f.name));
        EXPECT_EQ(got->get(f.name), draft.get(f.name)) << f.name;
        EXPECT_EQ(created->get(f.name), draft.get(f.name)) << f.name;
        const auto it = logged.find(std::string(f.name));
        ASSERT_NE(it, logged.end()) << f.name;
        EXPECT_EQ(it->second, draft.get(f.name)) << f.name;
    }
    std::set<std::string> logged_names;
    for (const auto& [name, value] : logged) logged_names.insert(name);
    EXPECT_EQ(logged_names, expected_log);  // updated_at is derived, never logged
    EXPECT_EQ(changes() - before, static_cast<std::int64_t>(expected_log.size()));

    // One write, one HLC, this device.
    std::set<std::int64_t> hlcs;
    for (const auto& c : test::all_changes(env_->log())) {
        if (c.row_id != created->id) continue;
        hlcs.insert(c.hlc.packed());
        EXPECT_EQ(c.device, "dev-a");
    }
    EXPECT_EQ(hlcs.size(), 1u);
    EXPECT_EQ(live(), live_before + 1);
}

TEST_P(EntitySuite, EditLogsOnlyTheChangedField) {
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
        edited.set(f.name, next);
        clock_.advance(1000);
        const std::int64_t before = changes();
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
        auto recent = env_->log().since(env_->log().last_seq().value() - 1, 10);
        ASSERT_TRUE(recent.ok());
        ASSERT_EQ(changes() - before, 1) << f.name;
        EXPECT_EQ(recent->back().field, f.name);
        EXPECT_EQ(recent->back().value, next);
        ++edits;
    }
    EXPECT_GT(edits, 0);

    // Several fields in one save share one HLC; saving unchanged logs nothing and keeps updated_at.
    Record both = repo().get(created.id).value();
    int changed = 0;
    for (const FieldDesc& f : entity().fields) {
        if (!test::is_written(f) || !f.editable || changed == 2) continue;
        both.set(f.name, other_value(f, both.get(f.name), 9));
        ++changed;
    }
    clock_.advance(1000);
    const std::int64_t before = changes();
    auto saved = repo().update(both);
    ASSERT_TRUE(saved.ok()) << message_of(saved);
    auto recent = env_->log().since(before, 10);
    ASSERT_TRUE(recent.ok());
    ASSERT_EQ(recent->size(), static_cast<std::size_t>(changed));
    EXPECT_EQ(recent->front().hlc, recent->back().hlc);
    clock_.advance(1000);
    auto again = repo().update(*saved);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(changes(), before + changed);
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
        const std::int64_t before = changes();
        auto saved = repo().update(edited);
        ASSERT_TRUE(saved.ok()) << f.name << ": " << message_of(saved);
        EXPECT_EQ(saved->get(f.name), created.get(f.name)) << f.name;
        EXPECT_EQ(changes(), before) << f.name;
    }
}

TEST_P(EntitySuite, DeleteAndUndoAreLoggedTombstones) {
    const Record created = drafts_->create(entity(), 1);
    ASSERT_FALSE(created.id.empty());
    const std::int64_t before = changes();
    const std::int64_t live_before = live();
    ASSERT_TRUE(repo().remove(created.id).ok());
    EXPECT_EQ(repo().get(created.id).error().code, ErrorCode::NotFound);
    EXPECT_EQ(repo().state(created.id).value_or(RowState::Live), RowState::Deleted);
    EXPECT_EQ(live(), live_before - 1);
    EXPECT_EQ(repo().remove(created.id).error().code, ErrorCode::NotFound);
    // An edit of a deleted record is refused locally.
    EXPECT_EQ(repo().update(created).error().code, ErrorCode::NotFound);

    clock_.advance(10);
    ASSERT_TRUE(repo().restore(created.id).ok());
    auto back = repo().get(created.id);
    ASSERT_TRUE(back.ok()) << message_of(back);
    for (const FieldDesc& f : entity().fields)
        if (f.name != kUpdatedAtField) {
            EXPECT_EQ(back->get(f.name), created.get(f.name)) << f.name;
        }
    EXPECT_EQ(live(), live_before);
    auto log = env_->log().since(before, 10);
    ASSERT_TRUE(log.ok());
    ASSERT_EQ(log->size(), 2u);
    EXPECT_EQ((*log)[0].field, kDeletedField);
    EXPECT_EQ((*log)[0].value, 1);
    EXPECT_EQ((*log)[1].value, 0);
    EXPECT_LT((*log)[0].hlc, (*log)[1].hlc);
    // Restoring a live record is a no-op, an unknown one is not found.
    ASSERT_TRUE(repo().restore(created.id).ok());
    EXPECT_EQ(changes(), before + 2);
    EXPECT_EQ(repo().restore(kUnknownId).error().code, ErrorCode::NotFound);
    EXPECT_EQ(repo().remove(kUnknownId).error().code, ErrorCode::NotFound);
    EXPECT_EQ(repo().get("nope").error().code, ErrorCode::NotFound);
    Record stranger = created;
    stranger.id = kUnknownId;
    EXPECT_EQ(repo().update(stranger).error().code, ErrorCode::NotFound);
}

TEST_P(EntitySuite, AnEmptyRequiredFieldIsRefusedAndLeavesNothing) {
    drafts_->create(entity(), 1);
    const Record valid = drafts_->draft(entity(), 2);
    const std::int64_t before = changes();
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
    EXPECT_EQ(changes(), before);
    EXPECT_EQ(live(), live_before);
}

// A failure inside the transaction (the change log refuses a row) rolls the record back too.
TEST_P(EntitySuite, AStorageFailureHalfWayRollsBackRowAndLog) {
    const Record created = drafts_->create(entity(), 1);
    ASSERT_FALSE(created.id.empty());
    const Record draft = drafts_->draft(entity(), 2);
    const std::int64_t rows_before = rows();
    const std::int64_t before = changes();
    ASSERT_TRUE(env_->db()
                    .exec("CREATE TRIGGER fail_log BEFORE INSERT ON changes WHEN new.field = 'deleted' OR "
                          "new.tbl = '" +
                          std::string(entity().table) + "' BEGIN SELECT RAISE(ABORT, 'log is full'); END")
                    .ok());
    auto failed = repo().create(draft);
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().message.find("log is full"), std::string::npos) << failed.error().message;
    EXPECT_EQ(rows(), rows_before);

    Record edited = created;
    const FieldDesc& title = entity().title();
    edited.set(title.name, other_value(title, created.get(title.name), 5));
    ASSERT_FALSE(repo().update(edited).ok());
    EXPECT_EQ(repo().get(created.id)->get(title.name), created.get(title.name));
    EXPECT_FALSE(repo().remove(created.id).ok());
    EXPECT_TRUE(repo().get(created.id).ok());
    EXPECT_EQ(changes(), before);
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
        const std::int64_t before = changes();
        draft.set(f.name, kUnknownId);
        auto orphan = repo().create(draft);
        ASSERT_FALSE(orphan.ok());
        EXPECT_EQ(orphan.error().reason, "unknown_reference");
        EXPECT_EQ(orphan.error().field, f.name);
        EXPECT_EQ(changes(), before);

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

        // Detaching logs a null reference.
        Record detached = repo().get(created->id).value();
        detached.set(f.name, nullptr);
        auto saved = repo().update(detached);
        ASSERT_TRUE(saved.ok()) << message_of(saved);
        EXPECT_TRUE(saved->get(f.name).is_null());
        EXPECT_EQ(saved->ref_title(f.name), "");
        EXPECT_TRUE(test::logged_fields(env_->log(), created->id)[std::string(f.name)].is_null());
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
