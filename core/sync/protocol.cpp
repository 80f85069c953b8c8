#include "core/sync/protocol.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "core/domain/entity.hpp"
#include "core/limits.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/merge.hpp"

namespace crm::sync {

namespace {

using nlohmann::json;

Error protocol_error(const std::string& where, const std::string& what) {
    return make_error(ErrorCode::Protocol, where + ": " + what);
}

// "changes[3]" + "hlc: expected an integer" -> "changes[3].hlc: expected an integer";
// "changes[3]" + "expected an object" -> "changes[3]: expected an object".
Error nested_error(const std::string& where, const std::string& message) {
    const auto colon = message.find(": ");
    const bool has_member = colon != std::string::npos && message.find(' ') > colon;
    return make_error(ErrorCode::Protocol, where + (has_member ? "." : ": ") + message);
}

// Typed member readers: every one checks presence and type before reading, so malformed input is
// an error value, never an exception (exceptions abort in the wasm build).
Result<std::int64_t> int_member(const json& j, const char* key, bool required, std::int64_t fallback = 0) {
    auto it = j.find(key);
    if (it == j.end()) {
        if (required) return protocol_error(key, "missing");
        return fallback;
    }
    if (!it->is_number_integer()) return protocol_error(key, "expected an integer");
    if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return protocol_error(key, "out of range");
    return it->get<std::int64_t>();
}

Result<std::string> string_member(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) return protocol_error(key, "missing");
    if (!it->is_string()) return protocol_error(key, "expected a string");
    return it->get<std::string>();
}

Result<bool> bool_member(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) return protocol_error(key, "missing");
    if (!it->is_boolean()) return protocol_error(key, "expected true or false");
    return it->get<bool>();
}

Result<std::vector<Change>> change_array(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) return protocol_error(key, "missing");
    if (!it->is_array()) return protocol_error(key, "expected an array");
    std::vector<Change> out;
    out.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
        auto c = change_from_json((*it)[i]);
        if (!c) return nested_error(std::string(key) + "[" + std::to_string(i) + "]", c.error().message);
        out.push_back(std::move(c).value());
    }
    return out;
}

// Whether a client of schema `schema` has the change's table and field.
bool known_to_schema(const Change& c, int schema) {
    const domain::EntityDesc* entity = domain::Registry::app().find_table(c.table);
    if (entity == nullptr || entity->since_schema > schema) return false;
    const domain::FieldDesc* field = entity->find(c.field);
    return field != nullptr && field->since_schema <= schema;
}

}  // namespace

json to_json(const SyncRequest& request) {
    json j = json::object();
    j["protocol"] = request.protocol;
    j["schema"] = request.schema;
    j["device"] = request.device;
    j["cursor"] = request.cursor;
    json changes = json::array();
    for (const auto& c : request.changes) changes.push_back(to_json(c));
    j["changes"] = std::move(changes);
    return j;
}

json to_json(const SyncResponse& response) {
    json j = json::object();
    j["cursor"] = response.cursor;
    json changes = json::array();
    for (const auto& c : response.changes) changes.push_back(to_json(c));
    j["changes"] = std::move(changes);
    j["more"] = response.more;
    json rejected = json::array();
    for (const auto& r : response.rejected) rejected.push_back(json{{"change", to_json(r.change)}, {"reason", r.reason}});
    j["rejected"] = std::move(rejected);
    return j;
}

Result<SyncRequest> parse_sync_request(const json& j) {
    if (!j.is_object()) return make_error(ErrorCode::Protocol, "request: expected a JSON object");
    SyncRequest r;
    // Versions are range-checked before narrowing: 2^32 + 1 must not read as 1.
    auto protocol = int_member(j, "protocol", true);
    if (!protocol) return protocol.error();
    if (*protocol < 1 || *protocol > std::numeric_limits<int>::max()) return protocol_error("protocol", "out of range");
    r.protocol = static_cast<int>(*protocol);
    auto schema = int_member(j, "schema", true);
    if (!schema) return schema.error();
    if (*schema < 1 || *schema > std::numeric_limits<int>::max()) return protocol_error("schema", "out of range");
    r.schema = static_cast<int>(*schema);
    auto device = string_member(j, "device");
    if (!device) return device.error();
    if (device->empty()) return protocol_error("device", "must not be empty");
    r.device = std::move(device).value();
    auto cursor = int_member(j, "cursor", false, 0);
    if (!cursor) return cursor.error();
    if (*cursor < 0) return protocol_error("cursor", "must not be negative");
    r.cursor = *cursor;
    if (j.contains("changes")) {
        auto changes = change_array(j, "changes");
        if (!changes) return changes.error();
        r.changes = std::move(changes).value();
    }
    return r;
}

Result<SyncResponse> parse_sync_response(const json& j) {
    if (!j.is_object()) return make_error(ErrorCode::Protocol, "response: expected a JSON object");
    SyncResponse r;
    auto cursor = int_member(j, "cursor", true);
    if (!cursor) return cursor.error();
    r.cursor = *cursor;
    auto changes = change_array(j, "changes");
    if (!changes) return changes.error();
    r.changes = std::move(changes).value();
    auto more = bool_member(j, "more");
    if (!more) return more.error();
    r.more = *more;
    auto rejected = j.find("rejected");
    if (rejected != j.end()) {
        if (!rejected->is_array()) return protocol_error("rejected", "expected an array");
        for (std::size_t i = 0; i < rejected->size(); ++i) {
            const std::string where = "rejected[" + std::to_string(i) + "]";
            const json& item = (*rejected)[i];
            if (!item.is_object()) return protocol_error(where, "expected an object");
            auto change_it = item.find("change");
            if (change_it == item.end()) return protocol_error(where + ".change", "missing");
            auto c = change_from_json(*change_it);
            if (!c) return nested_error(where + ".change", c.error().message);
            auto reason = string_member(item, "reason");
            if (!reason) return nested_error(where, reason.error().message);
            r.rejected.push_back(RejectedChange{std::move(c).value(), std::move(reason).value()});
        }
    }
    return r;
}

Result<SyncResponse> serve_sync(Store& store, const SyncRequest& request, int pull_limit) {
    if (request.protocol != kProtocolVersion) {
        return make_error(ErrorCode::Unsupported,
                          "this server speaks protocol " + std::to_string(kProtocolVersion) + ", the client sent " +
                              std::to_string(request.protocol) + ": upgrade the app (reload the page) to sync");
    }
    // Older apps keep syncing (a rep offline with edits must never be locked out by a release); a newer
    // app than the server waits, keeping its edits, until the server is updated.
    if (request.schema > storage::kSchemaVersion) {
        return make_error(ErrorCode::Unsupported,
                          "this server has schema " + std::to_string(storage::kSchemaVersion) +
                              ", older than the app's " + std::to_string(request.schema) +
                              ": your edits stay on this device until the server is updated");
    }
    if (request.changes.size() > static_cast<std::size_t>(limits::kSyncPushBatch)) {
        return make_error(ErrorCode::Protocol, "changes: more than " + std::to_string(limits::kSyncPushBatch) +
                                                   " in one request");
    }
    SyncResponse response;
    auto merged = apply_remote(store.db(), store.changes(), request.changes);
    if (!merged) return merged.error();
    for (auto& [change, error] : merged->rejected) response.rejected.push_back(RejectedChange{change, error.message});

    pull_limit = std::clamp(pull_limit, 1, limits::kSyncPullBatch);
    // One extra row tells whether more remain.
    auto page = store.changes().since(request.cursor, pull_limit + 1);
    if (!page) return page.error();
    response.more = page->size() > static_cast<std::size_t>(pull_limit);
    if (response.more) page->pop_back();
    response.cursor = page->empty() ? request.cursor : page->back().seq;
    // The client's own changes come back too: merging them is a no-op for the device that made them,
    // and a device whose database was rebuilt under the same id needs them. Changes to tables and fields
    // newer than the client's schema are left out (the cursor still passes them): it could not store
    // them, and after its upgrade it pulls from the start (domain::migration_sql).
    response.changes.reserve(page->size());
    for (Change& c : *page)
        if (known_to_schema(c, request.schema)) response.changes.push_back(std::move(c));
    return response;
}

}  // namespace crm::sync
