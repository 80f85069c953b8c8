#include <gtest/gtest.h>

#include "core/demo/demo_data.hpp"
#include "core/storage/meta.hpp"
#include "core/storage/migrations.hpp"
#include "tests/core/test_support.hpp"

namespace crm {
namespace {

using test::FakeClock;

TEST(Store, OpensMemoryDatabaseAtCurrentSchema) {
    FakeClock clock;
    auto store = test::open_store("dev-a", clock);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->device_id(), "dev-a");
    auto version = storage::schema_version(store->db());
    ASSERT_TRUE(version.ok());
    EXPECT_EQ(*version, storage::kSchemaVersion);
}

TEST(Store, CreatesCompanyAndContactEndToEnd) {
    FakeClock clock;
    auto store = test::open_store("dev-a", clock);
    ASSERT_TRUE(store);
    domain::Record draft(store->registry().get(domain::entity::kCompany));
    draft.set("name", "ООО «Ромашка»")
        .set("phones", nlohmann::json::array({"+7 (495) 123-45-67"}))
        .set("emails", nlohmann::json::array({"info@romashka.ru"}));
    auto company = store->records(domain::entity::kCompany).create(draft);
    ASSERT_TRUE(company.ok()) << company.error().message;
    EXPECT_EQ(company->text("name"), "ООО «Ромашка»");
    EXPECT_TRUE(is_uuid(company->id));

    domain::Record person(store->registry().get(domain::entity::kContact));
    person.set("name", "Иванов Иван").set("company_id", company->id);
    auto contact = store->records(domain::entity::kContact).create(person);
    ASSERT_TRUE(contact.ok()) << contact.error().message;
    EXPECT_EQ(contact->ref_title("company_id"), "ООО «Ромашка»");

    auto page = store->records(domain::entity::kCompany).list({});
    ASSERT_TRUE(page.ok()) << page.error().message;
    ASSERT_EQ(page->rows.size(), 1u);
    domain::ListQuery of_company;
    of_company.equals = {{"company_id", company->id}};
    EXPECT_EQ(store->records(domain::entity::kContact).list(of_company).value().total, 1);
}

// The facade's repositories are the registry's entities, by descriptor or by name.
TEST(Store, HasARepositoryPerRegisteredEntity) {
    FakeClock clock;
    auto store = test::open_store("dev-a", clock);
    ASSERT_TRUE(store);
    EXPECT_EQ(&store->registry(), &domain::Registry::app());
    for (const domain::EntityDesc& e : store->registry().entities()) {
        EXPECT_EQ(&store->records(e).entity(), &e);
        EXPECT_EQ(&store->records(e.name).entity(), &e);
        EXPECT_TRUE(store->records(e).list({}).ok()) << e.name;
    }
}

std::int64_t schema_objects(Store& store, const std::string& where) {
    return test::query_int(store.db(), "SELECT count(*) FROM sqlite_schema WHERE " + where);
}

// A device keeps a sort index only for what its lists sort by (list columns, the default sort): the address
// and creation time of a customer are on the card, never a list column.
TEST(Store, ADeviceHasTheSortIndexesItsListsUseAndNoOthers) {
    FakeClock clock;
    auto store = test::open_store("dev-a", clock);
    ASSERT_TRUE(store);
    for (const char* kept : {"contacts_by_name", "contacts_by_position", "contacts_ref_owner_id",
                             "contacts_by_updated_at", "companies_by_name", "contacts_ref_company_id"})
        EXPECT_EQ(schema_objects(*store, std::string("name = '") + kept + "'"), 1) << kept;
    for (const char* gone : {"contacts_by_address", "contacts_by_created_at", "companies_by_address",
                             "companies_by_created_at", "contacts_by_stage", "companies_by_stage", "contacts_by_owner"})
        EXPECT_EQ(schema_objects(*store, std::string("name = '") + gone + "'"), 0) << gone;
    EXPECT_EQ(schema_objects(*store, "name = 'contacts_fts'"), 1);
}

// The server never searches or lists: its store has neither index, every start (idempotent), and still
// takes and serves records.
TEST(Store, TheServersStoreHasNoSearchOrSortIndex) {
    test::TempFile file("server-profile");
    for (int start = 0; start < 2; ++start) {
        auto store = Store::open(file.path(), StoreOptions{.device_id = "server", .server = true});
        ASSERT_TRUE(store.ok()) << test::message_of(store);
        EXPECT_EQ(schema_objects(**store, "name LIKE '%_fts%'"), 0);
        EXPECT_EQ(
            schema_objects(
                **store,
                "type = 'index' AND name LIKE '%_by_%' AND name NOT LIKE '%_by_sync_seq' AND "
                "name NOT IN ('contacts_by_company', 'field_history_by_record')"),  // lookups, not sorts
            0);
        EXPECT_GT(schema_objects(**store, "type = 'index' AND name LIKE '%_ref_%'"), 0);

#ifndef __EMSCRIPTEN__  // the server is native; node's file system under wasm has no shared memory for a WAL
        {
            auto mode = (*store)->db().prepare("PRAGMA journal_mode");
            ASSERT_TRUE(mode.ok() && mode->step().value_or(false));
            EXPECT_EQ(mode->column_text(0), "wal");
        }
#endif
        const std::string id = test::create_record(**store, "contact", {{"name", "Ёлкина Алёна"}});
        EXPECT_FALSE(id.empty());
    }
}

}  // namespace
}  // namespace crm
