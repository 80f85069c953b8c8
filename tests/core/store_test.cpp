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

}  // namespace
}  // namespace crm
