#include <gtest/gtest.h>

#include <map>

#include "tests/core/test_support.hpp"

namespace crm {
namespace {

using domain::Company;
using domain::Contact;
using test::FakeClock;

// field -> JSON value of the change-log rows for one record.
std::map<std::string, nlohmann::json> logged_fields(Store& store, const std::string& row_id, sync::Hlc* hlc = nullptr) {
    std::map<std::string, nlohmann::json> out;
    auto all = store.changes().since(0, 100000);
    EXPECT_TRUE(all.ok());
    for (const auto& c : *all) {
        if (c.row_id != row_id) continue;
        EXPECT_EQ(c.device, store.device_id());
        out[c.field] = c.value;
        if (hlc) *hlc = c.hlc;
    }
    return out;
}

std::int64_t change_count(Store& store) { return store.changes().count().value_or(-1); }

class RepositoryTest : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = test::open_store("dev-a", clock_);
        ASSERT_TRUE(store_);
    }
    Company company(const std::string& name) {
        Company c;
        c.name = name;
        c.phones = {"+7 (495) 111-22-33"};
        c.emails = {"info@example.ru"};
        c.address = "г. Москва, ул. Ленина, д. 1";
        c.owner = "anna";
        c.journey_stage = domain::JourneyStage::Interest;
        auto r = store_->companies().create(c);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? *r : Company{};
    }
    FakeClock clock_;
    std::unique_ptr<Store> store_;
};

TEST_F(RepositoryTest, CreateStoresEveryFieldAndLogsEach) {
    const Company c = company("ООО «Альфа»");
    EXPECT_EQ(c.created_at, *clock_.ms);
    EXPECT_EQ(c.updated_at, *clock_.ms);
    EXPECT_EQ(c.journey_stage, domain::JourneyStage::Interest);
    auto got = store_->companies().get(c.id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->name, "ООО «Альфа»");
    EXPECT_EQ(got->phones, (std::vector<std::string>{"+7 (495) 111-22-33"}));
    EXPECT_EQ(got->owner, "anna");

    const auto fields = logged_fields(*store_, c.id);
    EXPECT_EQ(fields.size(), 9u);  // 7 editable + created_at + deleted
    EXPECT_EQ(fields.at("name"), "ООО «Альфа»");
    EXPECT_EQ(fields.at("phones"), nlohmann::json::array({"+7 (495) 111-22-33"}));
    EXPECT_EQ(fields.at("journey_stage"), "interest");
    EXPECT_EQ(fields.at("created_at"), *clock_.ms);
    EXPECT_EQ(fields.at("deleted"), 0);
    EXPECT_EQ(fields.count("updated_at"), 0u);  // derived, never logged
}

TEST_F(RepositoryTest, UpdateLogsOnlyChangedFields) {
    Company c = company("ООО «Альфа»");
    const auto before = change_count(*store_);
    clock_.advance(1000);
    c.name = "АО «Альфа»";
    c.emails.push_back("sales@example.ru");
    auto updated = store_->companies().update(c);
    ASSERT_TRUE(updated.ok()) << updated.error().message;
    EXPECT_EQ(updated->name, "АО «Альфа»");
    EXPECT_EQ(updated->updated_at, *clock_.ms);
    EXPECT_EQ(updated->created_at, *clock_.ms - 1000);
    EXPECT_EQ(change_count(*store_), before + 2);
    auto recent = store_->changes().since(before, 10);
    ASSERT_TRUE(recent.ok());
    ASSERT_EQ(recent->size(), 2u);
    EXPECT_EQ((*recent)[0].field, "name");
    EXPECT_EQ((*recent)[1].field, "emails");
    EXPECT_EQ((*recent)[1].value, nlohmann::json::array({"info@example.ru", "sales@example.ru"}));
    EXPECT_EQ((*recent)[0].hlc, (*recent)[1].hlc);  // one write, one HLC

    // Saving an unchanged record logs nothing.
    ASSERT_TRUE(store_->companies().update(*updated).ok());
    EXPECT_EQ(change_count(*store_), before + 2);
}

TEST_F(RepositoryTest, FailedWriteLeavesNeitherRowNorChange) {
    company("ООО «Альфа»");
    const auto before = change_count(*store_);
    Company bad;
    bad.name = "";
    auto r = store_->companies().create(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Invalid);
    EXPECT_EQ(r.error().field, "name");

    // A failure inside the transaction (a unknown company) rolls back the row as well as the log.
    Contact p;
    p.name = "Иванов";
    p.company_id = "018bcfe5-6800-7000-8000-000000000000";
    auto orphan = store_->contacts().create(p);
    ASSERT_FALSE(orphan.ok());
    EXPECT_EQ(orphan.error().reason, "unknown_company");
    EXPECT_EQ(change_count(*store_), before);
    EXPECT_EQ(store_->contacts().list({}).value().total, 0);

    // A storage failure half-way (the change log refuses the insert) rolls back the row too.
    ASSERT_TRUE(store_->db().exec("CREATE TRIGGER fail_log BEFORE INSERT ON changes WHEN new.field = 'deleted' "
                                  "BEGIN SELECT RAISE(ABORT, 'log is full'); END")
                    .ok());
    Company c;
    c.name = "ООО «Бета»";
    auto failed = store_->companies().create(c);
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().message.find("log is full"), std::string::npos) << failed.error().message;
    EXPECT_EQ(change_count(*store_), before);
    EXPECT_EQ(store_->companies().list({}).value().total, 1);
}

TEST_F(RepositoryTest, RemoveAndRestoreAreLoggedTombstones) {
    Company c = company("ООО «Альфа»");
    const auto before = change_count(*store_);
    ASSERT_TRUE(store_->companies().remove(c.id).ok());
    auto gone = store_->companies().get(c.id);
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().code, ErrorCode::NotFound);
    EXPECT_EQ(store_->companies().list({}).value().total, 0);
    EXPECT_EQ(store_->companies().remove(c.id).error().code, ErrorCode::NotFound);
    // An edit of a deleted record is refused locally.
    EXPECT_EQ(store_->companies().update(c).error().code, ErrorCode::NotFound);

    ASSERT_TRUE(store_->companies().restore(c.id).ok());
    EXPECT_TRUE(store_->companies().get(c.id).ok());
    auto log = store_->changes().since(before, 10);
    ASSERT_TRUE(log.ok());
    ASSERT_EQ(log->size(), 2u);
    EXPECT_EQ((*log)[0].field, "deleted");
    EXPECT_EQ((*log)[0].value, 1);
    EXPECT_EQ((*log)[1].value, 0);
    EXPECT_LT((*log)[0].hlc, (*log)[1].hlc);
    EXPECT_EQ(store_->companies().restore("018bcfe5-6800-7000-8000-000000000000").error().code, ErrorCode::NotFound);
}

TEST_F(RepositoryTest, ContactsCarryTheirCompany) {
    Company c = company("ООО «Альфа»");
    Contact p;
    p.name = "Петрова Анна";
    p.company_id = c.id;
    p.position = "Главный бухгалтер";
    auto created = store_->contacts().create(p);
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_EQ(created->company_name, "ООО «Альфа»");
    EXPECT_EQ(store_->companies().get(c.id)->contact_count, 1);
    const auto fields = logged_fields(*store_, created->id);
    EXPECT_EQ(fields.at("company_id"), c.id);
    EXPECT_EQ(fields.at("position"), "Главный бухгалтер");

    // Detaching logs a null reference.
    Contact detached = *created;
    detached.company_id.clear();
    auto saved = store_->contacts().update(detached);
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved->company_name, "");
    EXPECT_TRUE(logged_fields(*store_, created->id).at("company_id").is_null());
    EXPECT_EQ(store_->companies().get(c.id)->contact_count, 0);
}

TEST_F(RepositoryTest, UnknownIdsAreNotFound) {
    EXPECT_EQ(store_->companies().get("nope").error().code, ErrorCode::NotFound);
    EXPECT_EQ(store_->contacts().get("nope").error().code, ErrorCode::NotFound);
    Contact p;
    p.id = "018bcfe5-6800-7000-8000-000000000000";
    p.name = "X";
    EXPECT_EQ(store_->contacts().update(p).error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace crm
