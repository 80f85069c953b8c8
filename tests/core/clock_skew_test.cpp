// No replica may skip a change, whatever the devices' clocks say. Devices hours fast and slow edit the same
// records offline between syncs; the server is the one place that bounds clocks; at the end every replica
// holds the same rows. Before this, a device 5 h slow refused a change a 20 h fast device had stamped
// ("25 h ahead") yet moved its cursor past it: it never got that contact, even after its clock was fixed.
#include <gtest/gtest.h>

#include <map>

#include "core/domain/repository.hpp"
#include "core/limits.hpp"
#include "core/sync/client.hpp"
#include "core/sync/protocol.hpp"
#include "test_support.hpp"

namespace crm {
namespace {

constexpr std::int64_t kHour = 3600LL * 1000;

// True time, shared; each replica reads it through its own skew.
struct World {
    std::shared_ptr<std::int64_t> now = std::make_shared<std::int64_t>(1'760'000'000'000);
    void advance(std::int64_t ms) { *now += ms; }

    std::unique_ptr<Store> open(const std::string& device, std::int64_t skew_ms, std::uint64_t seed) {
        StoreOptions options;
        options.device_id = device;
        auto now_ptr = now;
        options.now = [now_ptr, skew_ms] { return *now_ptr + skew_ms; };
        options.id_seed = seed;
        auto store = Store::open(":memory:", options);
        EXPECT_TRUE(store.ok());
        return std::move(store).value();
    }
};

// Syncs `device` with `server` until nothing is left either way; returns the rejections it saw.
std::vector<sync::RejectedChange> sync_all(Store& device, Store& server) {
    sync::SyncClient client(device);
    std::vector<sync::RejectedChange> rejected;
    for (int round = 0; round < 20; ++round) {
        auto request = client.next_request();
        EXPECT_TRUE(request.ok());
        if (!request) break;
        auto response = sync::serve_sync(server, *request, limits::kSyncPullBatch);
        EXPECT_TRUE(response.ok()) << response.error().message;
        if (!response) break;
        for (const auto& r : response->rejected) rejected.push_back(r);
        auto more = client.handle_response(*response);
        EXPECT_TRUE(more.ok()) << more.error().message;
        if (!more || !*more) return rejected;
    }
    ADD_FAILURE() << "sync never finished";
    return rejected;
}

// What must be identical on every replica (test_support.hpp).
std::string dump(Store& store) {
    return test::dump_tables(store, store.registry());
}

domain::Record company(Store& store, const std::string& name) {
    domain::Record r(store.registry().get(domain::entity::kCompany));
    r.set("name", name);
    return r;
}

TEST(ClockSkew, DevicesHoursFastAndSlowEndIdentical) {
    World world;
    auto server = world.open("server", 0, 1);
    auto fast = world.open("device-fast", 20 * kHour, 2);
    auto slow = world.open("device-slow", -5 * kHour, 3);
    auto right = world.open("device-right", 0, 4);

    // The fast device creates a customer offline and syncs: the server has it re-stamped, not refused.
    auto made = fast->records(domain::entity::kCompany).create(company(*fast, "Быстрая"));
    ASSERT_TRUE(made.ok());
    EXPECT_TRUE(sync_all(*fast, *server).empty());
    auto on_server = server->changes().since(0, 100);
    ASSERT_TRUE(on_server.ok());
    ASSERT_FALSE(on_server->empty());
    for (const auto& c : *on_server)
        EXPECT_LE(c.hlc.ms, *world.now + limits::kMaxPushClockAheadMs) << "stamped within the server's bound";
    EXPECT_NEAR(static_cast<double>(fast->clock().now()), static_cast<double>(*world.now), 1000.0)
        << "the fast device learnt its offset";

    // The slow device gets it.
    EXPECT_TRUE(sync_all(*slow, *server).empty());
    auto seen = slow->records(domain::entity::kCompany).get(made->id);
    ASSERT_TRUE(seen.ok()) << "the 5 h slow device must not skip a change the server accepted";

    // Offline edits on all three, hours apart, then syncs in a shuffled order, twice.
    world.advance(kHour);
    {
        auto r = slow->records(domain::entity::kCompany).get(made->id);
        r->set("address", "Тверь");
        ASSERT_TRUE(slow->records(domain::entity::kCompany).update(*r).ok());
    }
    EXPECT_TRUE(sync_all(*right, *server).empty());
    {
        auto r = right->records(domain::entity::kCompany).get(made->id);
        ASSERT_TRUE(r.ok());
        r->set("name", "Быстрая и правая");
        ASSERT_TRUE(right->records(domain::entity::kCompany).update(*r).ok());
    }
    world.advance(kHour);
    {
        auto r = fast->records(domain::entity::kCompany).get(made->id);
        r->set("notes", "igor");
        ASSERT_TRUE(fast->records(domain::entity::kCompany).update(*r).ok());
        ASSERT_TRUE(fast->records(domain::entity::kCompany).create(company(*fast, "Вторая")).ok());
    }
    for (int pass = 0; pass < 2; ++pass) {
        for (Store* device : {right.get(), fast.get(), slow.get()})
            EXPECT_TRUE(sync_all(*device, *server).empty());
    }
    const std::string expected = dump(*server);
    EXPECT_NE(expected.find("Быстрая и правая"), std::string::npos);
    EXPECT_NE(expected.find("Тверь"), std::string::npos);
    EXPECT_NE(expected.find("igor"), std::string::npos);
    EXPECT_NE(expected.find("Вторая"), std::string::npos);
    EXPECT_EQ(dump(*fast), expected);
    EXPECT_EQ(dump(*slow), expected);
    EXPECT_EQ(dump(*right), expected);
}

TEST(ClockSkew, AFastEditIsRestampedToTheTrueTimeAndWinsEverywhereAlike) {
    World world;
    auto server = world.open("server", 0, 1);
    auto fast = world.open("device-fast", 20 * kHour, 2);
    auto right = world.open("device-right", 0, 3);
    auto made = right->records(domain::entity::kCompany).create(company(*right, "Общая"));
    ASSERT_TRUE(made.ok());
    EXPECT_TRUE(sync_all(*right, *server).empty());
    EXPECT_TRUE(sync_all(*fast, *server).empty());  // the fast device learns its offset here...
    fast->clock().set_offset_ms(0);                 // ...and loses it (a restart before it was saved)

    auto r = fast->records(domain::entity::kCompany).get(made->id);
    r->set("name", "Правка с часами на сутки вперёд");
    ASSERT_TRUE(fast->records(domain::entity::kCompany).update(*r).ok());
    world.advance(60'000);
    auto q = right->records(domain::entity::kCompany).get(made->id);
    q->set("name", "Правка позже, по верным часам");
    ASSERT_TRUE(right->records(domain::entity::kCompany).update(*q).ok());
    EXPECT_TRUE(sync_all(*right, *server).empty());
    EXPECT_TRUE(sync_all(*fast, *server).empty());
    EXPECT_TRUE(sync_all(*right, *server).empty());
    const std::string expected = dump(*server);
    EXPECT_EQ(dump(*fast), expected);
    EXPECT_EQ(dump(*right), expected);
    // The fast edit, re-stamped to the true time, is the later one: it wins on every replica.
    EXPECT_NE(expected.find("Правка с часами на сутки вперёд"), std::string::npos);
}

TEST(ClockSkew, AnOldAppThatSendsNoTimeKeepsTheOldBoundAndEveryDeviceAppliesWhatWasAccepted) {
    World world;
    auto server = world.open("server", 0, 1);
    auto slow = world.open("device-slow", -5 * kHour, 3);
    sync::Change change;
    change.table = "companies";
    change.row_id = "0190a0b0-0000-7000-8000-0000000000f1";
    change.field = "name";
    change.value = "Старое приложение";
    change.device = "old-app";
    change.hlc = sync::Hlc{*world.now + 20 * kHour, 0};
    sync::SyncRequest legacy;  // no client_time: an app from before the server bounded clocks
    legacy.schema = 1;
    legacy.device = "old-app";
    legacy.changes = {change};
    auto accepted = sync::serve_sync(*server, legacy, limits::kSyncPullBatch);
    ASSERT_TRUE(accepted.ok());
    EXPECT_TRUE(accepted->rejected.empty()) << "20 h is within the legacy 24 h bound";
    change.hlc = sync::Hlc{*world.now + 25 * kHour, 0};
    change.row_id = "0190a0b0-0000-7000-8000-0000000000f2";
    legacy.changes = {change};
    auto refused = sync::serve_sync(*server, legacy, limits::kSyncPullBatch);
    ASSERT_TRUE(refused.ok());
    ASSERT_EQ(refused->rejected.size(), 1u);
    EXPECT_EQ(refused->rejected[0].index, 0u);

    EXPECT_TRUE(sync_all(*slow, *server).empty());
    EXPECT_TRUE(slow->records(domain::entity::kCompany).get("0190a0b0-0000-7000-8000-0000000000f1").ok())
        << "what the server accepted, every device applies";
    EXPECT_EQ(dump(*slow), dump(*server));
    // The slow device's own next edit is stamped within the bound, not 20 h ahead.
    EXPECT_LE(slow->clock().tick().ms, *world.now + limits::kMaxPushClockAheadMs);
}

// A push that loses at the server is answered with the winner: a device that passed that winner while its
// clock ran ahead (it discarded the older-looking change, then re-stamped its own) still ends with it.
TEST(ClockSkew, APushThatLosesIsAnsweredWithTheWinner) {
    World world;
    auto server = world.open("server", 0, 1);
    auto made = server->records(domain::entity::kCompany).create(company(*server, "На сервере"));
    ASSERT_TRUE(made.ok());
    sync::Change older;
    older.table = "companies";
    older.row_id = made->id;
    older.field = "name";
    older.value = "Старое имя";
    older.device = "device-late";
    older.hlc = sync::Hlc{*world.now - kHour, 0};
    sync::SyncRequest push;
    push.device = "device-late";
    push.client_time = *world.now;
    push.cursor = server->changes().last_seq();  // it has seen everything already
    push.changes = {older};
    auto answer = sync::serve_sync(*server, push, limits::kSyncPullBatch);
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    EXPECT_TRUE(answer->records.empty()) << "nothing after its cursor";
    ASSERT_EQ(answer->changes.size(), 1u);
    EXPECT_EQ(answer->changes[0].row_id, made->id);
    EXPECT_EQ(answer->changes[0].field, "name");
    EXPECT_EQ(answer->changes[0].value, "На сервере");
    EXPECT_GT(answer->changes[0].hlc, older.hlc);
}

}  // namespace
}  // namespace crm
