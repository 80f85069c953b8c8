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
    domain::Company draft;
    draft.name = "ООО «Ромашка»";
    draft.phones = {"+7 (495) 123-45-67"};
    draft.emails = {"info@romashka.ru"};
    auto company = store->companies().create(draft);
    ASSERT_TRUE(company.ok()) << company.error().message;
    EXPECT_EQ(company->name, "ООО «Ромашка»");
    EXPECT_TRUE(is_uuid(company->id));

    domain::Contact person;
    person.name = "Иванов Иван";
    person.company_id = company->id;
    auto contact = store->contacts().create(person);
    ASSERT_TRUE(contact.ok()) << contact.error().message;
    EXPECT_EQ(contact->company_name, "ООО «Ромашка»");

    auto page = store->companies().list({});
    ASSERT_TRUE(page.ok()) << page.error().message;
    ASSERT_EQ(page->rows.size(), 1u);
    EXPECT_EQ(page->rows[0].contact_count, 1);
}

}  // namespace
}  // namespace crm
