#include <gtest/gtest.h>

#include "core/limits.hpp"
#include "core/storage/meta.hpp"
#include "core/sync/client.hpp"
#include "tests/core/test_support.hpp"

namespace crm::sync {
namespace {

using domain::Record;
using test::FakeClock;

domain::Repository companies(Store& s) {
    return s.records(domain::entity::kCompany);
}
domain::Repository contacts(Store& s) {
    return s.records(domain::entity::kContact);
}

Record company(const std::string& name) {
    Record c(domain::Registry::app().get(domain::entity::kCompany));
    c.set("name", name);
    return c;
}

using test::sync_once;

const int kCompanyFields = test::replicated_fields(domain::entity::kCompany);
const int kContactFields = test::replicated_fields(domain::entity::kContact);

TEST(SyncClient, PushFromAPullIntoB) {
    FakeClock clock;
    auto server = test::open_store("server", clock, 1);
    auto a = test::open_store("device-a", clock, 2);
    auto b = test::open_store("device-b", clock, 3);
    Record c = company("ООО «Синхрон»");
    c.set("phones", nlohmann::json::array({"+7 (812) 100-20-30"}));
    auto created = companies(*a).create(c);
    ASSERT_TRUE(created.ok());
    Record p(a->registry().get(domain::entity::kContact));
    p.set("name", "Синхронов Пётр").set("company_id", created->id);
    ASSERT_TRUE(contacts(*a).create(p).ok());

    SyncClient client_a(*a), client_b(*b);
    EXPECT_EQ(client_a.pending_count().value_or(-1), kCompanyFields + kContactFields);
    ASSERT_TRUE(sync_once(client_a, *server).ok());
    EXPECT_EQ(client_a.pending_count().value_or(-1), 0);
    EXPECT_EQ(client_a.state(), SyncState::Idle);
    ASSERT_TRUE(sync_once(client_b, *server, 7).ok());  // several pull pages
    EXPECT_EQ(client_b.cursor(), kCompanyFields + kContactFields);

    auto got = companies(*b).get(created->id);
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ(got->text("name"), "ООО «Синхрон»");
    EXPECT_EQ(got->get("phones"), nlohmann::json::array({"+7 (812) 100-20-30"}));
    domain::ListQuery q;
    q.search = "синхронов";
    auto found = contacts(*b).list(q);
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->total, 1);
    EXPECT_EQ(found->rows[0].ref_title("company_id"), "ООО «Синхрон»");
    EXPECT_EQ(found->rows[0].text("company_id"), created->id);
    // Pulled changes are not pushed back by B.
    EXPECT_EQ(client_b.pending_count().value_or(-1), 0);

    // B edits, A pulls the edit.
    Record edit = *got;
    edit.set("name", "ООО «Синхрон-Б»");
    clock.advance(10);
    ASSERT_TRUE(companies(*b).update(edit).ok());
    EXPECT_EQ(client_b.pending_count().value_or(-1), 1);
    ASSERT_TRUE(sync_once(client_b, *server).ok());
    ASSERT_TRUE(sync_once(client_a, *server).ok());
    EXPECT_EQ(companies(*a).get(created->id)->text("name"), "ООО «Синхрон-Б»");
}

TEST(SyncClient, FailureKeepsEverythingForAResend) {
    FakeClock clock;
    auto server = test::open_store("server", clock, 1);
    auto a = test::open_store("device-a", clock, 2);
    ASSERT_TRUE(companies(*a).create(company("Офлайн")).ok());
    SyncClient client(*a);
    auto first = client.next_request();
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(client.state(), SyncState::Waiting);
    client.handle_failure("offline");
    EXPECT_EQ(client.state(), SyncState::Error);
    EXPECT_EQ(client.last_error(), "offline");
    EXPECT_EQ(client.pending_count().value_or(-1), kCompanyFields);
    // A response without a request in flight is refused.
    EXPECT_FALSE(client.handle_response(SyncResponse{}).ok());
    auto again = client.next_request();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->changes.size(), first->changes.size());
    EXPECT_EQ(to_json(*again), to_json(*first));
}

TEST(SyncClient, PositionsSurviveARestart) {
    FakeClock clock;
    test::TempFile file("client");
    auto server = test::open_store("server", clock, 1);
    {
        auto a = test::open_store("device-a", clock, 2, file.path());
        ASSERT_TRUE(companies(*a).create(company("Первая")).ok());
        SyncClient client(*a);
        ASSERT_TRUE(sync_once(client, *server).ok());
    }
    auto a = test::open_store("device-a", clock, 2, file.path());
    SyncClient client(*a);
    EXPECT_EQ(client.pending_count().value_or(-1), 0);
    auto req = client.next_request();
    ASSERT_TRUE(req.ok());
    EXPECT_TRUE(req->changes.empty());
    EXPECT_EQ(req->cursor, kCompanyFields);  // the server's seq after our push
}

TEST(SyncClient, PushesInBatches) {
    FakeClock clock;
    auto server = test::open_store("server", clock, 1);
    auto a = test::open_store("device-a", clock, 2);
    const int made = limits::kSyncPushBatch / kCompanyFields + 20;  // more changes than one push carries
    {
        auto tx = storage::Transaction::begin(a->db());
        ASSERT_TRUE(tx.ok());
        for (int i = 0; i < made; ++i) {
            ASSERT_TRUE(companies(*a).create(company("К" + std::to_string(i))).ok());
        }
        ASSERT_TRUE(tx->commit().ok());
    }
    SyncClient client(*a);
    auto req = client.next_request();
    ASSERT_TRUE(req.ok());
    // A full batch, short of the record its end would split.
    EXPECT_LE(req->changes.size(), static_cast<std::size_t>(limits::kSyncPushBatch));
    EXPECT_GT(req->changes.size(),
              static_cast<std::size_t>(limits::kSyncPushBatch - test::replicated_fields(domain::entity::kCompany)));
    client.handle_failure("retry");
    ASSERT_TRUE(sync_once(client, *server).ok());
    EXPECT_EQ(client.pending_count().value_or(-1), 0);
    EXPECT_EQ(companies(*server).list({}).value().total, made);
}

// Options of user-defined lists are records like any other: made offline on one device, usable on another.
TEST(SyncClient, UserDefinedOptionsSyncLikeAnyRecord) {
    FakeClock clock;
    auto server = test::open_store("server", clock, 1);
    auto a = test::open_store("device-a", clock, 2);
    auto b = test::open_store("device-b", clock, 3);
    domain::Repository options_a = a->records(domain::entity::kEnumOption);
    Record option(options_a.entity());
    option.set("list", "industry").set("label", "Банки").set("position", 3);
    auto made = options_a.create(option);
    ASSERT_TRUE(made.ok()) << made.error().message;
    SyncClient client_a(*a), client_b(*b);
    ASSERT_TRUE(sync_once(client_a, *server).ok());
    ASSERT_TRUE(sync_once(client_b, *server).ok());
    domain::ListQuery q;
    q.equals = {{"list", "industry"}};
    auto on_b = b->records(domain::entity::kEnumOption).list(q);
    ASSERT_TRUE(on_b.ok());
    ASSERT_EQ(on_b->total, 1);
    EXPECT_EQ(on_b->rows[0].id, made->id);
    EXPECT_EQ(on_b->rows[0].text("label"), "Банки");
    EXPECT_EQ(on_b->rows[0].integer("position"), 3);
}

}  // namespace
}  // namespace crm::sync
