#include <gtest/gtest.h>

#include <set>

#include "core/limits.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/merge.hpp"
#include "core/sync/protocol.hpp"
#include "tests/core/test_support.hpp"

namespace crm::sync {
namespace {

using nlohmann::json;
using test::FakeClock;

json valid_change() {
    return json{{"table", "companies"},
                {"row", "018bcfe5-6800-7000-8000-000000000001"},
                {"field", "name"},
                {"value", "Альфа"},
                {"hlc", (std::int64_t{1'700'000'000'000} << 16) | 3},
                {"device", "dev-a"},
                {"seq", 17}};
}

json valid_request() {
    return json{{"protocol", kProtocolVersion},
                {"schema", storage::kSchemaVersion},
                {"device", "dev-a"},
                {"cursor", 5},
                {"changes", json::array({valid_change()})}};
}

std::string parse_error(const json& j) {
    auto r = parse_sync_request(j);
    EXPECT_FALSE(r.ok());
    if (r.ok()) return {};
    EXPECT_EQ(r.error().code, ErrorCode::Protocol);
    return r.error().message;
}

TEST(Protocol, ChangeRoundTrip) {
    auto c = change_from_json(valid_change());
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->table, "companies");
    EXPECT_EQ(c->hlc, (Hlc{1'700'000'000'000, 3}));
    EXPECT_EQ(c->seq, 17);
    EXPECT_EQ(to_json(*c), valid_change());
}

TEST(Protocol, RequestAndResponseRoundTrip) {
    auto req = parse_sync_request(valid_request());
    ASSERT_TRUE(req.ok()) << req.error().message;
    EXPECT_EQ(req->device, "dev-a");
    EXPECT_EQ(req->cursor, 5);
    ASSERT_EQ(req->changes.size(), 1u);
    EXPECT_EQ(to_json(*req), valid_request());

    SyncResponse resp;
    resp.cursor = 42;
    resp.more = true;
    resp.changes.push_back(*change_from_json(valid_change()));
    resp.rejected.push_back(RejectedChange{0, *change_from_json(valid_change()), "unknown field"});
    const json j = to_json(resp);
    EXPECT_EQ(j["cursor"], 42);
    EXPECT_EQ(j["more"], true);
    auto back = parse_sync_response(json::parse(j.dump()));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->cursor, 42);
    EXPECT_TRUE(back->more);
    ASSERT_EQ(back->rejected.size(), 1u);
    EXPECT_EQ(back->rejected[0].reason, "unknown field");
    EXPECT_EQ(to_json(*back), j);
}

TEST(Protocol, ErrorsNameTheMember) {
    EXPECT_EQ(parse_error(json::array()), "request: expected a JSON object");
    json j = valid_request();
    j.erase("protocol");
    EXPECT_EQ(parse_error(j), "protocol: missing");
    j = valid_request();
    j["schema"] = "1";
    EXPECT_EQ(parse_error(j), "schema: expected an integer");
    j = valid_request();
    j["device"] = 5;
    EXPECT_EQ(parse_error(j), "device: expected a string");
    j = valid_request();
    j["cursor"] = -1;
    EXPECT_EQ(parse_error(j), "cursor: must not be negative");
    j = valid_request();
    j["changes"] = json::object();
    EXPECT_EQ(parse_error(j), "changes: expected an array");

    j = valid_request();
    for (int i = 0; i < 3; ++i) j["changes"].push_back(valid_change());
    j["changes"][3]["hlc"] = "soon";
    EXPECT_EQ(parse_error(j), "changes[3].hlc: expected an integer");
    j["changes"][3]["hlc"] = 1.5;
    EXPECT_EQ(parse_error(j), "changes[3].hlc: expected an integer");
    j["changes"][3] = 7;
    EXPECT_EQ(parse_error(j), "changes[3]: expected an object");
    j["changes"][3] = valid_change();
    j["changes"][2].erase("row");
    EXPECT_EQ(parse_error(j), "changes[2].row: missing");
    j["changes"][2] = valid_change();
    j["changes"][1]["table"] = "";
    EXPECT_EQ(parse_error(j), "changes[1].table: must not be empty");
    j["changes"][1] = valid_change();
    j["changes"][1]["hlc"] = -5;
    EXPECT_EQ(parse_error(j), "changes[1].hlc: must not be negative");
    j["changes"][1].erase("value");
    EXPECT_EQ(parse_error(j), "changes[1].value: missing");

    auto resp = parse_sync_response(json{{"cursor", 1}, {"changes", json::array()}, {"more", "no"}});
    ASSERT_FALSE(resp.ok());
    EXPECT_EQ(resp.error().message, "more: expected true or false");
    resp = parse_sync_response(json{{"cursor", 1},
                                    {"changes", json::array()},
                                    {"more", false},
                                    {"rejected", json::array({json{{"change", valid_change()}}})}});
    ASSERT_FALSE(resp.ok());
    EXPECT_EQ(resp.error().message, "rejected[0].reason: missing");
}

TEST(Protocol, MalformedTextNeverThrows) {
    for (const char* text : {"", "{", "[1,2", "{\"protocol\": }", "nul", "{\"changes\": [{]}", "\xff\xfe"}) {
        const json j = json::parse(text, nullptr, false);
        EXPECT_TRUE(j.is_discarded()) << text;
        EXPECT_FALSE(parse_sync_request(j).ok());
        EXPECT_FALSE(parse_sync_response(j).ok());
    }
    // Huge numbers do not wrap into valid ones.
    json j = valid_request();
    j["cursor"] = std::uint64_t{1} << 63;
    EXPECT_EQ(parse_error(j), "cursor: out of range");
}

class ServeSyncTest : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = test::open_store("server", clock_, 10);
        client_ = test::open_store("client-a", clock_, 11);
        ASSERT_TRUE(server_ && client_);
    }
    SyncRequest request_from(Store& store, std::int64_t cursor) {
        SyncRequest r;
        r.schema = storage::kSchemaVersion;
        r.device = store.device_id();
        r.cursor = cursor;
        r.changes = store.changes().pending(limits::kSyncPushBatch).value_or({});  // its outbox
        return r;
    }
    FakeClock clock_;
    std::unique_ptr<Store> server_, client_;
};

TEST_F(ServeSyncTest, RefusesOtherVersionsWithUpgradeMessage) {
    SyncRequest r = request_from(*client_, 0);
    r.protocol = kProtocolVersion + 1;
    auto resp = serve_sync(*server_, r, 100);
    ASSERT_FALSE(resp.ok());
    EXPECT_EQ(resp.error().code, ErrorCode::Unsupported);
    EXPECT_NE(resp.error().message.find("upgrade"), std::string::npos);
    r.protocol = kProtocolVersion;
    r.schema = storage::kSchemaVersion + 1;
    EXPECT_EQ(serve_sync(*server_, r, 100).error().code, ErrorCode::Unsupported);
}

// An app not yet reloaded after a release keeps syncing: it is sent nothing its schema has no table or
// field for, and its cursor still moves past those changes.
TEST_F(ServeSyncTest, AnOlderClientGetsOnlyWhatItsSchemaKnows) {
    domain::Record c(server_->registry().get(domain::entity::kCompany));
    c.set("name", "Альфа");
    ASSERT_TRUE(server_->records(domain::entity::kCompany).create(c).ok());
    domain::Record o(server_->registry().get(domain::entity::kEnumOption));
    o.set("list", "industry").set("label", "Банки");
    ASSERT_TRUE(server_->records(domain::entity::kEnumOption).create(o).ok());
    const std::int64_t last = server_->changes().last_seq();
    ASSERT_GT(last, 0);

    for (const int protocol : {1, 2}) {
        SCOPED_TRACE("protocol " + std::to_string(protocol));
        SyncRequest old;
        old.protocol = protocol;
        old.schema = 1;
        old.device = "old-app";
        auto resp = serve_sync(*server_, old, 1000);
        ASSERT_TRUE(resp.ok()) << resp.error().message;
        EXPECT_EQ(resp->cursor, last);
        EXPECT_FALSE(resp->more);
        if (protocol == 1) {
            ASSERT_FALSE(resp->changes.empty());
            for (const Change& change : resp->changes) EXPECT_EQ(change.table, "companies");
            EXPECT_TRUE(resp->records.empty());
        } else {
            ASSERT_EQ(resp->records.size(), 1u);
            EXPECT_EQ(resp->records[0].table, "companies");
            EXPECT_TRUE(resp->changes.empty());
        }

        old.schema = storage::kSchemaVersion;
        auto current = serve_sync(*server_, old, 1000);
        ASSERT_TRUE(current.ok());
        EXPECT_EQ(current->cursor, last);
        if (protocol == 1) {
            // Every field of both records: what a full pull sends.
            EXPECT_EQ(static_cast<std::int64_t>(current->changes.size()),
                      server_->changes().count().value_or(-1));
        } else {
            ASSERT_EQ(current->records.size(), 2u);
            EXPECT_EQ(current->records[1].table, "enum_options");
        }
    }
}

TEST_F(ServeSyncTest, AppliesPushesAndPagesPulls) {
    for (int i = 0; i < 5; ++i) {
        domain::Record c(client_->registry().get(domain::entity::kCompany));
        c.set("name", "Компания " + std::to_string(i));
        ASSERT_TRUE(client_->records(domain::entity::kCompany).create(c).ok());
    }
    SyncRequest push = request_from(*client_, 0);
    ASSERT_EQ(push.changes.size(), 5u * test::replicated_fields(domain::entity::kCompany));
    push.changes.push_back(push.changes[0]);  // a duplicate
    push.changes.back().field = "colour";     // ... turned into an unknown field
    auto resp = serve_sync(*server_, push, 100);
    ASSERT_TRUE(resp.ok()) << resp.error().message;
    ASSERT_EQ(resp->rejected.size(), 1u);
    EXPECT_EQ(resp->rejected[0].index, 5u * test::replicated_fields(domain::entity::kCompany));
    EXPECT_NE(resp->rejected[0].reason.find("colour"), std::string::npos);
    EXPECT_TRUE(resp->changes.empty()) << "no pushed change lost, so no winner is sent back";
    // The pull (protocol 2): the pushed records whole, now numbered by the server.
    ASSERT_EQ(resp->records.size(), 5u);
    for (const RecordState& r : resp->records) {
        EXPECT_EQ(r.fields.size(),
                  static_cast<std::size_t>(test::replicated_fields(domain::entity::kCompany)));
        for (const FieldClock& clock : r.clocks) EXPECT_EQ(clock.device, "client-a");
    }
    const std::int64_t last = server_->changes().last_seq();
    EXPECT_EQ(resp->cursor, last);
    EXPECT_EQ(resp->records.back().seq, last);
    EXPECT_FALSE(resp->more);
    EXPECT_EQ(server_->records(domain::entity::kCompany).list({}).value().total, 5);

    // Another device, of an older build (protocol 1), pulls in pages of at most 20 changes.
    auto other = test::open_store("client-b", clock_, 12);
    SyncRequest pull;
    pull.protocol = 1;
    pull.schema = storage::kSchemaVersion;
    pull.device = other->device_id();
    std::vector<Change> received;
    std::vector<bool> mores;
    for (int round = 0; round < 100; ++round) {
        auto page = serve_sync(*server_, pull, 20);
        ASSERT_TRUE(page.ok());
        EXPECT_LE(page->changes.size(), 20u);
        EXPECT_FALSE(page->changes.empty());
        received.insert(received.end(), page->changes.begin(), page->changes.end());
        mores.push_back(page->more);
        if (!page->changes.empty()) {
            EXPECT_EQ(page->cursor, page->changes.back().seq);
        }
        pull.cursor = page->cursor;
        if (!page->more) break;
    }
    ASSERT_GE(mores.size(), 3u) << "50 changes do not fit two pages of 20";
    EXPECT_FALSE(mores.back());
    for (std::size_t i = 0; i + 1 < mores.size(); ++i) EXPECT_TRUE(mores[i]) << i;
    EXPECT_EQ(received.size(), 5u * test::replicated_fields(domain::entity::kCompany));
    EXPECT_EQ(pull.cursor, last);
    // One record's fields share its sequence; records come oldest first and none twice.
    std::set<std::string> rows;
    for (std::size_t i = 1; i < received.size(); ++i) {
        if (received[i].row_id == received[i - 1].row_id) {
            EXPECT_EQ(received[i - 1].seq, received[i].seq);
        } else {
            EXPECT_LT(received[i - 1].seq, received[i].seq);
        }
    }
    for (const Change& c : received) rows.insert(c.row_id);
    EXPECT_EQ(rows.size(), 5u);
    // What the other device received makes it hold what the server holds.
    auto merged = apply_remote(other->db(), other->changes(), received);
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(merged->applied, 5 * test::replicated_fields(domain::entity::kCompany));
    EXPECT_EQ(test::dump_tables(*other, other->registry()), test::dump_tables(*server_, server_->registry()));

    // Nothing new: the cursor stays.
    auto idle = serve_sync(*server_, pull, 20);
    ASSERT_TRUE(idle.ok());
    EXPECT_TRUE(idle->changes.empty());
    EXPECT_EQ(idle->cursor, last);
    EXPECT_FALSE(idle->more);

    // A replayed push is idempotent: nothing new is written.
    const std::string before = test::sync_metadata(*server_, server_->registry());
    ASSERT_TRUE(serve_sync(*server_, request_from(*client_, last), 20).ok());
    EXPECT_EQ(server_->changes().last_seq(), last);
    EXPECT_EQ(test::sync_metadata(*server_, server_->registry()), before);
}

TEST_F(ServeSyncTest, RefusesOversizedPush) {
    SyncRequest r = request_from(*client_, 0);
    r.changes.resize(static_cast<std::size_t>(limits::kSyncPushBatch) + 1, Change{});
    auto resp = serve_sync(*server_, r, 10);
    ASSERT_FALSE(resp.ok());
    EXPECT_EQ(resp.error().code, ErrorCode::Protocol);
}

}  // namespace
}  // namespace crm::sync
