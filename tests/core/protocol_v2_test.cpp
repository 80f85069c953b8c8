// Protocol 2: a pull answers whole records compactly; what the JSON carries decodes to the same records, a
// new device takes the demo data record by record and ends identical to the server, and pages of older
// builds (protocol 1) are still answered per field.
#include <gtest/gtest.h>

#include "core/demo/demo_data.hpp"
#include "core/domain/repository.hpp"
#include "core/limits.hpp"
#include "core/sync/client.hpp"
#include "core/sync/protocol.hpp"
#include "test_support.hpp"

namespace crm {
namespace {

// What must be identical on every replica (test_support.hpp).
std::string dump(Store& store) {
    return test::dump_tables(store, store.registry());
}

TEST(ProtocolV2, RecordsSurviveTheJsonRoundTrip) {
    sync::SyncResponse response;
    sync::RecordState a;
    a.table = "companies";
    a.id = "0190a0b0-0000-7000-8000-0000000000a1";
    a.seq = 7;
    a.fields = {"name", "phones", "deleted"};
    a.values = {"Ромашка", nlohmann::json::array({"+7 921 000-00-00"}), 0};
    a.clocks = {{sync::Hlc{1'700'000'000'000, 3}, "dev-b"},
                {sync::Hlc{1'700'000'000'000, 0}, "dev-a"},
                {sync::Hlc{1'700'000'000'000, 0}, "dev-a"}};
    sync::RecordState b = a;
    b.id = "0190a0b0-0000-7000-8000-0000000000a2";
    b.seq = 9;
    b.clocks[2] = sync::FieldClock{};  // never written
    response.records = {a, b};
    response.cursor = 9;
    const auto text = sync::to_json(response).dump();
    EXPECT_EQ(text.find("\"name\"", text.find("\"name\"") + 1), std::string::npos)
        << "field names once: " << text;
    auto parsed = sync::parse_sync_response(nlohmann::json::parse(text));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    ASSERT_EQ(parsed->records.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        const auto& want = response.records[i];
        const auto& got = parsed->records[i];
        EXPECT_EQ(got.table, want.table);
        EXPECT_EQ(got.id, want.id);
        EXPECT_EQ(got.seq, want.seq);
        EXPECT_EQ(got.fields, want.fields);
        EXPECT_EQ(got.values, want.values);
        EXPECT_EQ(got.clocks, want.clocks);
    }
}

TEST(ProtocolV2, MalformedRecordsAreProtocolErrors) {
    const char* bodies[] = {
        R"({"cursor":1,"more":false,"changes":[],"devices":[],"fields":{},"records":[["companies","x",1,0,-1,[],[]]]})",
        R"({"cursor":1,"more":false,"changes":[],"devices":["d"],"fields":{"companies":["name"]},"records":[["companies","x",1,5,3,["n"],[]]]})",
        R"({"cursor":1,"more":false,"changes":[],"devices":["d"],"fields":{"companies":["name"]},"records":[["companies","x",1,5,0,["n","extra"],[]]]})",
        R"({"cursor":1,"more":false,"changes":[],"devices":["d"],"fields":{"companies":["name"]},"records":[["companies","x",1,5,0,["n"],[[4,1,0]]]]})",
        R"({"cursor":1,"more":false,"changes":[],"devices":["d"],"fields":{"companies":["name"]},"records":[["companies","x",-1,5,0,["n"],[]]]})",
    };
    for (const char* body : bodies) {
        auto parsed = sync::parse_sync_response(nlohmann::json::parse(body));
        EXPECT_FALSE(parsed.ok()) << body;
        if (!parsed.ok()) {
            EXPECT_EQ(parsed.error().code, ErrorCode::Protocol);
        }
    }
}

Result<bool> exchange(Store& server, sync::SyncClient& client, int protocol, std::size_t* bytes) {
    auto request = client.next_request();
    if (!request) return request.error();
    request->protocol = protocol;
    auto response = sync::serve_sync(server, *request, limits::kSyncPullBatch);
    if (!response) return response.error();
    // Through the JSON text, as on the wire.
    const std::string text = sync::to_json(*response).dump();
    *bytes += text.size();
    auto parsed = sync::parse_sync_response(nlohmann::json::parse(text));
    if (!parsed) return parsed.error();
    return client.handle_response(*parsed);
}

TEST(ProtocolV2, ANewDeviceTakesTheDemoDataWholeAndEndsIdentical) {
    test::FakeClock clock;
    auto server = test::open_store("server", clock, 1);
    ASSERT_NE(server, nullptr);
    ASSERT_TRUE(demo::generate(*server, {40, 120}).ok());
    // Some history: an edit and a delete after creation, so records carry clocks beyond their base.
    auto companies = server->records(domain::entity::kCompany);
    domain::ListQuery q;
    q.limit = 2;
    auto two = companies.list(q);
    ASSERT_TRUE(two.ok());
    clock.advance(1000);
    auto edited = two->rows[0];
    edited.set("address", "Калуга");
    ASSERT_TRUE(companies.update(edited).ok());
    ASSERT_TRUE(companies.remove(two->rows[1].id).ok());

    std::size_t v2_bytes = 0;
    std::size_t v1_bytes = 0;
    for (const int protocol : {2, 1}) {
        auto device = test::open_store("device-" + std::to_string(protocol), clock, 10 + protocol);
        ASSERT_NE(device, nullptr);
        sync::SyncClient client(*device);
        for (int round = 0; round < 50; ++round) {
            auto more = exchange(*server, client, protocol, protocol == 2 ? &v2_bytes : &v1_bytes);
            ASSERT_TRUE(more.ok()) << more.error().message;
            if (!*more) break;
        }
        EXPECT_EQ(dump(*device), dump(*server)) << "protocol " << protocol;
        EXPECT_EQ(device->changes().pending_count().value_or(-1), 0)
            << "nothing received is queued to send back";
    }
    EXPECT_LT(v2_bytes * 3, v1_bytes) << "protocol 2: " << v2_bytes << " bytes, protocol 1: " << v1_bytes;
}

// A new device's first request asks for a small first page (its first screen shows before the big pages);
// every answer says how many records remain, through the JSON text, so the page can show a first sync's
// progress; the last page says none remain.
TEST(ProtocolV2, AFirstSyncStartsWithASmallPageAndEveryAnswerSaysWhatRemains) {
    test::FakeClock clock;
    auto server = test::open_store("server", clock, 1);
    ASSERT_NE(server, nullptr);
    const int companies = 30;
    const int contacts = limits::kSyncFirstPullRecords + limits::kSyncPullRecords;
    ASSERT_TRUE(demo::generate(*server, {companies, contacts}).ok());
    // The demo's accounts come too: its teams and users.
    const std::int64_t total = companies + contacts + 2 + static_cast<std::int64_t>(demo::demo_accounts().size());
    auto device = test::open_store("device", clock, 2);
    ASSERT_NE(device, nullptr);
    sync::SyncClient client(*device);
    std::int64_t received = 0;
    std::vector<std::size_t> pages;
    for (int round = 0; round < 10; ++round) {
        auto request = client.next_request();
        ASSERT_TRUE(request.ok());
        EXPECT_EQ(request->max_records, round == 0 ? limits::kSyncFirstPullRecords : 0);
        const auto wire = sync::to_json(*request).dump();
        auto parsed_request = sync::parse_sync_request(nlohmann::json::parse(wire));
        ASSERT_TRUE(parsed_request.ok()) << parsed_request.error().message;
        EXPECT_EQ(parsed_request->max_records, request->max_records);
        auto response = sync::serve_sync(*server, *parsed_request, limits::kSyncPullBatch);
        ASSERT_TRUE(response.ok()) << response.error().message;
        auto parsed = sync::parse_sync_response(nlohmann::json::parse(sync::to_json(*response).dump()));
        ASSERT_TRUE(parsed.ok()) << parsed.error().message;
        received += static_cast<std::int64_t>(parsed->records.size());
        pages.push_back(parsed->records.size());
        EXPECT_EQ(parsed->remaining, total - received) << "page " << round;
        auto more = client.handle_response(*parsed);
        ASSERT_TRUE(more.ok()) << more.error().message;
        if (!*more) break;
    }
    ASSERT_EQ(pages.size(), 3u);
    EXPECT_EQ(pages[0], static_cast<std::size_t>(limits::kSyncFirstPullRecords));
    EXPECT_EQ(pages[1], static_cast<std::size_t>(limits::kSyncPullRecords));
    EXPECT_EQ(received, total);
    EXPECT_EQ(dump(*device), dump(*server));
}

// An answer of an older server carries no "remaining": it reads as "not told".
TEST(ProtocolV2, AnAnswerWithoutRemainingReadsAsNotTold) {
    auto parsed = sync::parse_sync_response(
        nlohmann::json::parse(R"({"cursor": 0, "changes": [], "more": false, "rejected": []})"));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->remaining, -1);
    auto bad = sync::parse_sync_request(nlohmann::json::parse(
        R"({"protocol": 2, "schema": 3, "device": "d", "cursor": 0, "max_records": 0})"));
    EXPECT_FALSE(bad.ok());
}

}  // namespace
}  // namespace crm
