// Descriptors are consistent, schema v1's frozen tables are exactly what the descriptors describe, every
// sortable field is served by an index, and generated migrations bring old databases to the new shape.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/domain/ddl.hpp"
#include "core/domain/entity.hpp"
#include "core/storage/meta.hpp"
#include "core/storage/migrations.hpp"
#include "tests/core/test_entities.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using test::message_of;

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += s + "\n";
    return out;
}

TEST(Descriptors, EveryAppEntityIsConsistent) {
    const Registry& app = Registry::app();
    ASSERT_GE(app.entities().size(), 3u);
    for (const EntityDesc& e : app.entities()) EXPECT_EQ(joined(check_descriptor(app, e)), "") << e.name;
}

TEST(Descriptors, TheTestRegistryIsConsistent) {
    const Registry& reg = test::sample_registry();
    for (const EntityDesc& e : reg.entities()) EXPECT_EQ(joined(check_descriptor(reg, e)), "") << e.name;
    // One field of every type, so the per-type tests cover the whole of FieldType.
    std::set<FieldType> types;
    for (const FieldDesc& f : reg.get(test::kSample).fields) types.insert(f.type);
    EXPECT_EQ(types.size(), static_cast<std::size_t>(FieldType::GeoPoint) + 1);
}

TEST(Descriptors, SystemFieldsAreAppended) {
    for (const EntityDesc& e : Registry::app().entities()) {
        const FieldDesc* updated = e.find(kUpdatedAtField);
        ASSERT_NE(updated, nullptr) << e.name;
        EXPECT_FALSE(updated->replicated);
        ASSERT_NE(e.find(kCreatedAtField), nullptr);
        ASSERT_NE(e.find(kDeletedField), nullptr);
        EXPECT_EQ(e.find(kDeletedField)->max, 1);
        EXPECT_EQ(e.fields.back().name, kDeletedField);
    }
}

// check_descriptor must be able to fail, or "no problems" above proves nothing.
TEST(Descriptors, BrokenDescriptorsAreReported) {
    EntityDesc bad;
    bad.name = "bad";
    bad.table = "bads";
    bad.label_one = "x";
    bad.label_many = "x";
    bad.label_new = "x";
    bad.fields = {
        {.name = "name", .type = FieldType::Integer, .label = "l"},
        {.name = "name", .type = FieldType::Text, .label = "l"},
        {.name = "nolabel", .type = FieldType::Text},
        {.name = "ref", .type = FieldType::Reference, .label = "l", .target = "nowhere"},
        {.name = "both", .type = FieldType::Enum, .label = "l", .options = {"a"}, .option_list = "x"},
        {.name = "nested", .type = FieldType::Enum, .label = "l", .options = {"won", "won_back"}},
        {.name = "tags", .type = FieldType::TextList, .label = "l", .sortable = true},
        {.name = "ro", .type = FieldType::Text, .label = "l", .editable = false},
    };
    bad.default_sort = "ro";
    bad.form = {"ro", "ghost"};
    bad.columns = {{"ghost2"}};
    bad.related = {{"bad", "name", "l", ""}};
    bad.since_schema = 2;
    const Registry reg({bad});
    const std::string problems = joined(check_descriptor(reg, reg.get("bad")));
    for (const char* expected :
         {"bad.name: duplicate field", "bad.nolabel: no label", "unknown entity \"nowhere\"",
          "either fixed options or an option list", "\"won_back\" contains \"won\"",
          "bad.tags: this type cannot be sorted", "the title field must be text",
          "default_sort is not sortable", "read-only field \"ro\"", "the form names unknown field \"ghost\"",
          "a list column names unknown field", "is not a reference here", "field older than its table"})
        EXPECT_NE(problems.find(expected), std::string::npos) << expected << "\nin:\n" << problems;
}

// PRAGMA table_info as (name -> declared SQL as columns_of spells it).
std::map<std::string, std::string> table_columns(storage::Database& db, const std::string& table) {
    std::map<std::string, std::string> out;
    auto stmt = db.prepare("PRAGMA table_info(" + table + ")");
    EXPECT_TRUE(stmt.ok()) << message_of(stmt);
    while (stmt.ok() && stmt->step().value_or(false)) {
        std::string decl = stmt->column_text(2);
        if (stmt->column_int(3) != 0) decl += " NOT NULL";
        if (!stmt->is_null(4)) decl += " DEFAULT " + stmt->column_text(4);
        out[stmt->column_text(1)] = decl;
    }
    return out;
}

std::map<std::string, std::string> described_columns(const EntityDesc& e) {
    // Every table of schema 3 on also has its local key and its sync metadata (base clock, sequence).
    std::map<std::string, std::string> out{{"id", "TEXT NOT NULL"},
                                           {"rid", "INTEGER"},
                                           {"sync_hlc", "INTEGER NOT NULL DEFAULT 0"},
                                           {"sync_site", "INTEGER NOT NULL DEFAULT 0"},
                                           {"sync_seq", "INTEGER NOT NULL DEFAULT 0"}};
    for (const FieldDesc& f : e.fields) {
        for (const Column& c : columns_of(f)) out[c.name] = c.sql_type;
        if (!f.digits_column.empty()) out[std::string(f.digits_column)] = "TEXT NOT NULL DEFAULT ''";
    }
    return out;
}

std::set<std::string> fts_columns(storage::Database& db, const std::string& table) {
    std::set<std::string> out;
    for (const auto& [name, decl] : table_columns(db, table + "_fts")) out.insert(name);
    return out;
}

TEST(SchemaV1, FrozenTablesHaveExactlyTheDescriptorsColumns) {
    test::FakeClock clock;
    auto store = test::open_store("dev", clock);
    ASSERT_TRUE(store);
    for (const EntityDesc& e : Registry::app().entities()) {
        const std::string table(e.table);
        EXPECT_EQ(table_columns(store->db(), table), described_columns(e)) << table;
        const auto cols = search_columns(e);
        EXPECT_EQ(fts_columns(store->db(), table), std::set<std::string>(cols.begin(), cols.end())) << table;
    }
}

// The frozen v1 tables against a descriptor change: the comparison above must notice a new column.
TEST(SchemaV1, TheComparisonNoticesAMissingColumn) {
    test::FakeClock clock;
    auto store = test::open_store("dev", clock);
    ASSERT_TRUE(store);
    EntityDesc company = Registry::app().get(entity::kCompany);
    company.fields.push_back({.name = "website", .type = FieldType::Text, .label = "l"});
    EXPECT_NE(table_columns(store->db(), "companies"), described_columns(company));
}

std::string query_plan(storage::Database& db, const std::string& sql) {
    auto plan = db.prepare("EXPLAIN QUERY PLAN " + sql);
    EXPECT_TRUE(plan.ok()) << message_of(plan);
    std::string text;
    while (plan.ok() && plan->step().value_or(false)) text += plan->column_text(3) + "\n";
    return text;
}

// The repository's page query walks a (deleted, sort key) index: a deep page of a list sorted by any of its
// columns never sorts the table.
TEST(ListPlan, EveryListSortHasAnIndexInBothDirections) {
    test::FakeClock clock;
    auto env = test::Env::open(test::sample_registry(), clock);
    ASSERT_TRUE(env);
    int checked = 0;
    for (const Registry* reg : {&Registry::app(), &test::sample_registry()}) {
        for (const EntityDesc& e : reg->entities()) {
            for (const FieldDesc& f : e.fields) {
                if (!needs_sort_index(e, f)) continue;
                for (const char* dir : {" ASC", " DESC"}) {
                    const std::string sql = "SELECT t.rowid FROM " + std::string(e.table) +
                                            " t WHERE t.deleted = 0 ORDER BY " + sort_key(f, "t") + dir +
                                            ", t.rowid" + dir + " LIMIT 10 OFFSET 5000";
                    const std::string plan = query_plan(env->db(), sql);
                    EXPECT_NE(plan.find("USING"), std::string::npos) << sql << "\n" << plan;
                    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << sql << "\n" << plan;
                    ++checked;
                }
            }
        }
    }
    EXPECT_GE(checked, 2 * (5 + 6 + 2));  // at least the customers' and options' lists
}

// A sortable field that is no list column (nor the default sort) gets no index: the UI never sorts by it.
TEST(ListPlan, NoIndexForASortNoListOffers) {
    const EntityDesc& contact = Registry::app().get(entity::kContact);
    EXPECT_TRUE(needs_sort_index(contact, *contact.find("name")));
    EXPECT_TRUE(needs_sort_index(contact, *contact.find("updated_at")));
    EXPECT_FALSE(needs_sort_index(contact, *contact.find("address")));
    EXPECT_FALSE(needs_sort_index(contact, *contact.find("created_at")));
    EXPECT_FALSE(needs_sort_index(contact, *contact.find("phones")));
}

TEST(SortKey, FixedEnumsSortByOptionPositionOthersByColumn) {
    const EntityDesc& company = Registry::app().get(entity::kCompany);
    const EntityDesc& activity = Registry::app().get(entity::kActivity);
    EXPECT_EQ(sort_key(*activity.find("type"), "t"),
              std::string("instr('call meeting visit email message note task', t.type)"));
    // An option list sorts by the option id (the journey's defaults are numbered in stage order).
    EXPECT_EQ(sort_key(*company.find("journey_stage"), "t"), "t.journey_stage");
    EXPECT_EQ(sort_key(*company.find("name"), "t"), "t.name COLLATE crm_fold");
    EXPECT_EQ(sort_key(*company.find("created_at"), "t"), "t.created_at");
}

int count(storage::Database& db, const std::string& sql) {
    auto stmt = db.prepare(sql);
    EXPECT_TRUE(stmt.ok()) << message_of(stmt);
    return stmt.ok() && stmt->step().value_or(false) ? static_cast<int>(stmt->column_int(0)) : -1;
}

// A database made by the v1 release: v2's generated migration adds enum_options and makes the device
// pull everything again (it skipped changes for tables it did not know).
TEST(Migrations, V1DatabaseMigratesToV2) {
    test::TempFile file("v1");
    test::FakeClock clock;
    {
        auto store = test::open_store("dev", clock, 1, file.path());
        ASSERT_TRUE(store);
        Record c(store->registry().get(entity::kCompany));
        c.set("name", "Альфа");
        ASSERT_TRUE(store->records(entity::kCompany).create(c).ok());
        // Back to exactly what v1 left: no table of a later schema, an old cursor.
        ASSERT_TRUE(store->db().exec(test::drop_tables_after(1) + "PRAGMA user_version = 1").ok());
        ASSERT_TRUE(storage::set_meta(store->db(), "sync.cursor", "42").ok());
    }
    auto store = test::open_store("dev", clock, 1, file.path());
    ASSERT_TRUE(store);
    EXPECT_EQ(storage::schema_version(store->db()).value_or(-1), storage::kSchemaVersion);
    // Only the journey's six default stages, which every replica makes (domain/journey.hpp).
    EXPECT_EQ(count(store->db(), "SELECT count(*) FROM enum_options"), 6);
    EXPECT_EQ(count(store->db(), "SELECT count(*) FROM enum_options WHERE list <> 'journey'"), 0);
    EXPECT_EQ(store->records(entity::kCompany).list({}).value().total, 1);
    EXPECT_FALSE(storage::get_meta(store->db(), "sync.cursor").value().has_value());
    Record o(store->registry().get(entity::kEnumOption));
    o.set("list", "industry").set("label", "Банки");
    EXPECT_TRUE(store->records(entity::kEnumOption).create(o).ok());
}

// A future schema: a field added to an existing table (searchable and sortable), a new table, and a
// field added later to that new table. Both an upgraded and a fresh database end with the same columns.
struct Future {
    static EntityDesc thing(bool with_b) {
        EntityDesc e;
        e.name = "thing";
        e.table = "things";
        e.label_one = e.label_many = e.label_new = "l";
        e.fields = {
            {.name = "name", .type = FieldType::Text, .label = "l", .searchable = true, .sortable = true}};
        e.columns = {{"name"}};  // every sortable field a list column: each gets its index
        if (with_b) e.columns.push_back({"b"});
        if (with_b)
            e.fields.push_back({.name = "b",
                                .type = FieldType::Text,
                                .label = "l",
                                .searchable = true,
                                .sortable = true,
                                .since_schema = 2});
        return e;
    }
    static EntityDesc gadget(bool with_d) {
        EntityDesc e = thing(false);
        e.name = "gadget";
        e.table = "gadgets";
        e.since_schema = 2;
        e.fields[0].since_schema = 2;
        if (with_d) e.columns.push_back({"d"});
        if (with_d)
            e.fields.push_back(
                {.name = "d", .type = FieldType::Money, .label = "l", .sortable = true, .since_schema = 3});
        return e;
    }
};

storage::Database registered_memory() {
    auto db = storage::Database::open_memory();
    EXPECT_TRUE(db.ok());
    EXPECT_TRUE(storage::register_functions(*db).ok());
    EXPECT_TRUE(db->exec("CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)").ok());
    return std::move(db).value();
}

// The releases one after another: each ran its own migration from its own descriptors.
TEST(Migrations, GeneratedMigrationsAddFieldsAndTables) {
    const Registry v1({Future::thing(false)});
    const Registry v2({Future::thing(true), Future::gadget(false)});
    const Registry v3({Future::thing(true), Future::gadget(true)});
    storage::Database db = registered_memory();
    ASSERT_TRUE(db.exec(create_table_sql(v1.get("thing"))).ok());
    ASSERT_TRUE(db.exec("INSERT INTO things(id, name) VALUES('x', 'Ёлка')").ok());
    ASSERT_TRUE(db.exec(migration_sql(v2, 2)).ok()) << migration_sql(v2, 2);
    EXPECT_EQ(table_columns(db, "things"), described_columns(v2.get("thing")));
    EXPECT_EQ(fts_columns(db, "things"), (std::set<std::string>{"name", "b"}));
    // The rebuilt search index still finds the row written before it.
    EXPECT_EQ(count(db, "SELECT count(*) FROM things_fts WHERE things_fts MATCH '\"елк\"*'"), 1);
    ASSERT_TRUE(db.exec(migration_sql(v3, 3)).ok()) << migration_sql(v3, 3);
    EXPECT_EQ(table_columns(db, "gadgets"), described_columns(v3.get("gadget")));
    EXPECT_EQ(count(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('things_by_b', 'gadgets_by_d')"),
              2);
    EXPECT_EQ(migration_sql(v3, 4), "");  // nothing new: not even the cursor reset
}

// A fresh database at the v3 release runs migrations 2 and 3 of the v3 descriptors in turn: the table
// migration 2 creates must not already hold what migration 3 adds.
TEST(Migrations, AFreshDatabaseRunsEveryGeneratedMigrationInTurn) {
    const Registry v1({Future::thing(false)});
    const Registry v3({Future::thing(true), Future::gadget(true)});
    storage::Database db = registered_memory();
    ASSERT_TRUE(db.exec(create_table_sql(v1.get("thing"))).ok());  // what a frozen v1 would make
    for (int version : {2, 3}) {
        Status migrated = db.exec(migration_sql(v3, version));
        ASSERT_TRUE(migrated.ok()) << version << ": " << message_of(migrated) << "\n"
                                   << migration_sql(v3, version);
    }
    EXPECT_EQ(table_columns(db, "things"), described_columns(v3.get("thing")));
    EXPECT_EQ(table_columns(db, "gadgets"), described_columns(v3.get("gadget")));
}

}  // namespace
}  // namespace crm::domain
