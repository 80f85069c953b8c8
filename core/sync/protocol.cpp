#include "core/sync/protocol.hpp"

#include <algorithm>
#include <set>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "core/domain/entity.hpp"
#include "core/domain/journey.hpp"
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
    if (it->is_number_unsigned() &&
        it->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
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

namespace {

// Protocol 2's records: {"devices": [uuid...], "fields": {table: [field...]}, "records": [[table, id, seq,
// base_hlc, base_device, [values...], [[field_index, hlc, device]...]]]}. Device -1 with hlc 0: no clock.
void encode_records(const std::vector<RecordState>& records, json& j) {
    json devices = json::array();
    std::map<std::string, int> device_index;
    auto dev = [&](const std::string& uuid) -> int {
        if (uuid.empty()) return -1;
        auto [it, added] = device_index.emplace(uuid, static_cast<int>(device_index.size()));
        if (added) devices.push_back(uuid);
        return it->second;
    };
    json fields = json::object();
    json out = json::array();
    for (const RecordState& r : records) {
        if (!fields.contains(r.table)) fields[r.table] = r.fields;
        const FieldClock base = most_common_clock(r.clocks);
        json overrides = json::array();
        for (std::size_t i = 0; i < r.clocks.size(); ++i) {
            if (r.clocks[i] == base) continue;
            overrides.push_back(json::array({i, r.clocks[i].hlc.packed(), dev(r.clocks[i].device)}));
        }
        out.push_back(json::array(
            {r.table, r.id, r.seq, base.hlc.packed(), dev(base.device), r.values, std::move(overrides)}));
    }
    j["devices"] = std::move(devices);
    j["fields"] = std::move(fields);
    j["records"] = std::move(out);
}

Result<std::int64_t> non_negative(const json& v, const std::string& where) {
    if (!v.is_number_integer() ||
        (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)))
        return protocol_error(where, "expected an integer");
    const auto n = v.get<std::int64_t>();
    if (n < 0) return protocol_error(where, "must not be negative");
    return n;
}

Status decode_records(const json& j, std::vector<RecordState>& out) {
    const auto devices = j.find("devices");
    const auto fields = j.find("fields");
    const auto records = j.find("records");
    if (devices == j.end() || !devices->is_array()) return protocol_error("devices", "expected an array");
    if (fields == j.end() || !fields->is_object()) return protocol_error("fields", "expected an object");
    if (records == j.end() || !records->is_array()) return protocol_error("records", "expected an array");
    for (const auto& d : *devices)
        if (!d.is_string() || d.get_ref<const std::string&>().empty())
            return protocol_error("devices", "expected ids");
    for (const auto& [table, names] : fields->items()) {
        if (!names.is_array()) return protocol_error("fields." + table, "expected an array");
        for (const auto& n : names)
            if (!n.is_string()) return protocol_error("fields." + table, "expected field names");
    }
    auto device = [&](const json& v, std::int64_t hlc, const std::string& where) -> Result<std::string> {
        if (!v.is_number_integer()) return protocol_error(where, "expected a device index");
        const auto i = v.get<std::int64_t>();
        if (i == -1 && hlc == 0) return std::string();
        if (i < 0 || i >= static_cast<std::int64_t>(devices->size()))
            return protocol_error(where, "device out of range");
        return (*devices)[static_cast<std::size_t>(i)].get<std::string>();
    };
    out.reserve(records->size());
    for (std::size_t k = 0; k < records->size(); ++k) {
        const std::string where = "records[" + std::to_string(k) + "]";
        const json& r = (*records)[k];
        if (!r.is_array() || r.size() != 7 || !r[0].is_string() || !r[1].is_string() || !r[5].is_array() ||
            !r[6].is_array())
            return protocol_error(where, "expected [table, id, seq, hlc, device, values, clocks]");
        RecordState s;
        s.table = r[0].get<std::string>();
        s.id = r[1].get<std::string>();
        const auto names = fields->find(s.table);
        if (names == fields->end()) return protocol_error(where, "no field list for " + s.table);
        auto seq = non_negative(r[2], where + ".seq");
        if (!seq) return seq.error();
        s.seq = *seq;
        auto base_hlc = non_negative(r[3], where + ".hlc");
        if (!base_hlc) return base_hlc.error();
        auto base_dev = device(r[4], *base_hlc, where + ".device");
        if (!base_dev) return base_dev.error();
        if (r[5].size() != names->size()) return protocol_error(where, "values do not match the field list");
        for (const auto& n : *names) s.fields.push_back(n.get<std::string>());
        s.values = r[5].get<std::vector<json>>();
        const FieldClock base = *base_hlc == 0 && base_dev->empty()
                                    ? FieldClock{}
                                    : FieldClock{Hlc::unpack(*base_hlc), *base_dev};
        s.clocks.assign(s.fields.size(), base);
        for (const auto& o : r[6]) {
            if (!o.is_array() || o.size() != 3)
                return protocol_error(where, "expected [field, hlc, device] clocks");
            auto fi = non_negative(o[0], where + ".clock");
            auto hlc = non_negative(o[1], where + ".clock");
            if (!fi || !hlc) return protocol_error(where, "bad clock");
            if (*fi >= static_cast<std::int64_t>(s.fields.size()))
                return protocol_error(where, "clock field out of range");
            auto d = device(o[2], *hlc, where + ".clock");
            if (!d) return d.error();
            s.clocks[static_cast<std::size_t>(*fi)] =
                *hlc == 0 && d->empty() ? FieldClock{} : FieldClock{Hlc::unpack(*hlc), *d};
        }
        out.push_back(std::move(s));
    }
    return {};
}

// Schema ≤ 5 apps know the journey as fixed keys (awareness, ...), this server as option ids
// (domain/journey.hpp): their pushed keys become the default stages the migration maps them to, and what
// they pull reads as the nearest old key, so neither side refuses the other's value.
bool is_journey(std::string_view table, std::string_view field) {
    return field == "journey_stage" && (table == "companies" || table == "contacts");
}
void journey_from_old_app(Change& c) {
    if (!is_journey(c.table, c.field) || !c.value.is_string()) return;
    if (auto id = domain::journey_id_for_legacy_key(c.value.get_ref<const std::string&>()))
        c.value = std::string(*id);
}
void journey_for_old_app(std::string_view table, std::string_view field, json& value, int schema) {
    if (schema >= domain::kJourneyListSchema || !is_journey(table, field) || !value.is_string()) return;
    value = std::string(domain::journey_legacy_key_for_id(value.get_ref<const std::string&>()));
}

// The record as a client of `schema` may hold it: tables and fields newer than that are left out.
std::optional<RecordState> for_schema(RecordState r, int schema) {
    const domain::EntityDesc* entity = domain::Registry::app().find_table(r.table);
    if (entity == nullptr || entity->since_schema > schema) return std::nullopt;
    RecordState kept = r;
    kept.fields.clear();
    kept.values.clear();
    kept.clocks.clear();
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
        const domain::FieldDesc* f = entity->find(r.fields[i]);
        if (f == nullptr || f->since_schema > schema) continue;
        journey_for_old_app(r.table, r.fields[i], r.values[i], schema);
        kept.fields.push_back(std::move(r.fields[i]));
        kept.values.push_back(std::move(r.values[i]));
        kept.clocks.push_back(std::move(r.clocks[i]));
    }
    return kept;
}

}  // namespace

json to_json(const SyncRequest& request) {
    json j = json::object();
    j["protocol"] = request.protocol;
    j["schema"] = request.schema;
    j["device"] = request.device;
    j["cursor"] = request.cursor;
    if (request.client_time) j["time"] = *request.client_time;
    if (request.max_records > 0) j["max_records"] = request.max_records;
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
    for (const auto& r : response.rejected) {
        json change = to_json(r.change);
        change["value"] = nullptr;  // by reference: never echo input back
        rejected.push_back(json{{"index", r.index}, {"change", std::move(change)}, {"reason", r.reason}});
    }
    j["rejected"] = std::move(rejected);
    if (response.protocol >= 2) encode_records(response.records, j);
    if (response.remaining >= 0) j["remaining"] = response.remaining;
    j["server_time"] = response.server_time;
    if (response.retime) j["retime"] = true;
    if (!response.evicted.empty()) {
        json gone = json::array();
        for (const auto& [table, id] : response.evicted) gone.push_back(json::array({table, id}));
        j["evicted"] = std::move(gone);
    }
    return j;
}

Result<SyncRequest> parse_sync_request(const json& j) {
    if (!j.is_object()) return make_error(ErrorCode::Protocol, "request: expected a JSON object");
    SyncRequest r;
    // Versions are range-checked before narrowing: 2^32 + 1 must not read as 1.
    auto protocol = int_member(j, "protocol", true);
    if (!protocol) return protocol.error();
    if (*protocol < 1 || *protocol > std::numeric_limits<int>::max())
        return protocol_error("protocol", "out of range");
    r.protocol = static_cast<int>(*protocol);
    auto schema = int_member(j, "schema", true);
    if (!schema) return schema.error();
    if (*schema < 1 || *schema > std::numeric_limits<int>::max())
        return protocol_error("schema", "out of range");
    r.schema = static_cast<int>(*schema);
    auto device = string_member(j, "device");
    if (!device) return device.error();
    if (device->empty()) return protocol_error("device", "must not be empty");
    r.device = std::move(device).value();
    auto cursor = int_member(j, "cursor", false, 0);
    if (!cursor) return cursor.error();
    if (*cursor < 0) return protocol_error("cursor", "must not be negative");
    r.cursor = *cursor;
    if (j.contains("time")) {
        auto time = int_member(j, "time", true);
        if (!time) return time.error();
        r.client_time = *time;
    }
    if (j.contains("max_records")) {
        auto max_records = int_member(j, "max_records", true);
        if (!max_records) return max_records.error();
        if (*max_records < 1 || *max_records > std::numeric_limits<int>::max())
            return protocol_error("max_records", "out of range");
        r.max_records = static_cast<int>(*max_records);
    }
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
            auto index = int_member(item, "index", false, static_cast<std::int64_t>(i));
            if (!index) return nested_error(where, index.error().message);
            if (*index < 0) return protocol_error(where + ".index", "must not be negative");
            r.rejected.push_back(RejectedChange{static_cast<std::size_t>(*index), std::move(c).value(),
                                                std::move(reason).value()});
        }
    }
    if (j.contains("records")) CRM_TRY(decode_records(j, r.records));
    auto remaining = int_member(j, "remaining", false, -1);
    if (!remaining) return remaining.error();
    r.remaining = *remaining < 0 ? -1 : *remaining;
    auto server_time = int_member(j, "server_time", false, 0);
    if (!server_time) return server_time.error();
    r.server_time = *server_time;
    if (j.contains("retime")) {
        auto retime = bool_member(j, "retime");
        if (!retime) return retime.error();
        r.retime = *retime;
    }
    if (const auto gone = j.find("evicted"); gone != j.end()) {
        if (!gone->is_array()) return protocol_error("evicted", "expected an array");
        for (std::size_t i = 0; i < gone->size(); ++i) {
            const json& item = (*gone)[i];
            if (!item.is_array() || item.size() != 2 || !item[0].is_string() || !item[1].is_string())
                return protocol_error("evicted[" + std::to_string(i) + "]", "expected [table, id]");
            r.evicted.emplace_back(item[0].get<std::string>(), item[1].get<std::string>());
        }
    }
    return r;
}

namespace {

// The records a push just brought into someone's scope are sent again to every device: a record given to
// another user, with its history rows, and the records a changed reference points at (a rep's new deal
// on a colleague's company brings the company). Their sequence numbers were below those devices' cursors.
Status resequence_after_push(Store& store, const std::vector<Change>& applied) {
    const domain::Registry& registry = store.registry();
    std::set<std::pair<std::string, std::string>> done;
    for (const Change& c : applied) {
        const domain::EntityDesc* e = registry.find_table(c.table);
        if (e == nullptr || e->access != domain::Access::Owned) continue;
        const domain::FieldDesc* f = e->find(c.field);
        if (f == nullptr || f->type != domain::FieldType::Reference || !c.value.is_string()) continue;
        if (f->name == domain::kOwnerField) {
            if (!done.insert({c.table, c.row_id}).second) continue;
            for (const auto& child : registry.entities())
                if (const auto where = child.rows_of_sql(*e))
                    CRM_TRY(store.changes().resequence(child, *where, c.row_id));
            continue;
        }
        const domain::EntityDesc* target = registry.find(f->target);
        const std::string& id = c.value.get_ref<const std::string&>();
        if (target == nullptr || !done.insert({std::string(target->table), id}).second) continue;
        CRM_TRY(store.changes().resequence(*target, "id = ?1", id));
    }
    return {};
}

}  // namespace

Result<SyncResponse> serve_sync(Store& store, const SyncRequest& request, int pull_limit, const Principal* who) {
    if (request.protocol < kOldestProtocolVersion || request.protocol > kProtocolVersion) {
        return make_error(ErrorCode::Unsupported,
                          "this server speaks protocol " + std::to_string(kProtocolVersion) +
                              ", the client sent " + std::to_string(request.protocol) +
                              ": upgrade the app (reload the page) to sync");
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
        return make_error(ErrorCode::Protocol,
                          "changes: more than " + std::to_string(limits::kSyncPushBatch) + " in one request");
    }
    // One transaction for the whole exchange: the push, the winners of lost changes and the pull's reads
    // (thousands of statements) take the database's locks once, not once per statement.
    auto tx = storage::Transaction::begin(store.db());
    if (!tx) return tx.error();
    SyncResponse response;
    response.server_time = store.clock().now();
    // The server is the one place that bounds clocks. A push stamped too far ahead of the server's time is
    // not applied at all: the app corrects its clock and re-stamps those edits (SyncClient), so nothing is
    // lost and no replica ever holds a change another refuses. Apps that send no time keep the old rule.
    std::int64_t max_ahead_ms = 0;
    // A signed-in device always gets the tight bound: the legacy day-long one let any client pin a value.
    if (request.client_time || who != nullptr) {
        for (const Change& c : request.changes) {
            if (c.hlc.ms > response.server_time + limits::kMaxPushClockAheadMs) {
                response.retime = true;
                response.cursor = request.cursor;
                response.more = true;
                return response;
            }
        }
    } else {
        max_ahead_ms = limits::kMaxClockSkewMs;
    }
    std::vector<Change> mapped;
    if (request.schema < domain::kJourneyListSchema) {
        mapped = request.changes;
        for (Change& c : mapped) journey_from_old_app(c);
    }
    const std::vector<Change>& pushed =
        request.schema < domain::kJourneyListSchema ? mapped : request.changes;
    std::optional<Scope> scope;
    if (who != nullptr) {
        if (request.protocol < 2 && who->role != Role::Admin) {
            return make_error(ErrorCode::Unsupported,
                              "this app is too old for team accounts: reload the page to update it");
        }
        auto resolved = Scope::resolve(store, *who);
        if (!resolved) return resolved.error();
        scope.emplace(std::move(resolved).value());
    }
    // Changes outside the user's scope are answered alone, with the reason; the rest is merged.
    std::vector<Change> allowed;
    std::vector<std::size_t> original;  // allowed[i] is request.changes[original[i]]
    if (scope) {
        auto reasons = scope->check_push(store, pushed);
        if (!reasons) return reasons.error();
        for (std::size_t i = 0; i < pushed.size(); ++i) {
            if ((*reasons)[i]) {
                Change named = pushed[i];
                named.value = nullptr;
                response.rejected.push_back(RejectedChange{i, std::move(named), std::move(*(*reasons)[i])});
                continue;
            }
            allowed.push_back(pushed[i]);
            original.push_back(i);
        }
    }
    const std::vector<Change>& merging = scope ? allowed : pushed;
    auto merged = apply_remote(store.db(), store.changes(), merging, max_ahead_ms);
    if (!merged) return merged.error();
    auto index_of = [&](std::size_t i) { return scope ? original[i] : i; };
    for (auto& r : merged->rejected)
        response.rejected.push_back(RejectedChange{index_of(r.index), r.change, r.error.message});
    for (std::size_t& i : merged->superseded_older) i = index_of(i);
    if (scope) {
        std::vector<Change> taken;
        std::set<std::size_t> not_taken(merged->superseded_older.begin(), merged->superseded_older.end());
        for (const auto& r : merged->rejected) not_taken.insert(index_of(r.index));
        for (std::size_t i = 0; i < allowed.size(); ++i)
            if (!not_taken.count(original[i])) taken.push_back(allowed[i]);
        CRM_TRY(resequence_after_push(store, taken));
    }

    pull_limit = std::clamp(pull_limit, 1, limits::kSyncPullBatch);
    // A pushed change that lost to what the server holds is answered with the winner: the device may have
    // passed that winner already (its clock ran ahead and it re-stamped), and must still end up with it.
    for (const std::size_t index : merged->superseded_older) {
        const Change& lost = request.changes[index];
        auto current = store.changes().current(lost.table, lost.row_id, lost.field);
        if (!current) return current.error();
        if (*current) {
            journey_for_old_app((*current)->table, (*current)->field, (*current)->value, request.schema);
            response.changes.push_back(std::move(**current));
        }
    }
    response.protocol = request.protocol;
    if (request.protocol >= 2) {
        const int page = request.max_records > 0 ? std::min(request.max_records, limits::kSyncPullRecords)
                                                 : limits::kSyncPullRecords;
        ChangeLog::RowFilter filter;
        if (scope && !scope->unrestricted())
            for (const auto& e : store.registry().entities())
                filter[std::string(e.table)] = scope->visible_sql(store.registry(), e);
        const ChangeLog::RowFilter* visible = filter.empty() ? nullptr : &filter;
        auto records = store.changes().since_records(request.cursor, page, &response.more, visible);
        if (!records) return records.error();
        response.cursor = records->empty() ? request.cursor : records->back().seq;
        // A scoped pull that reached the end has looked at everything up to the newest sequence: the
        // cursor passes the records it may not see, so they are not walked again.
        if (visible != nullptr && !response.more)
            response.cursor = std::max(response.cursor, store.changes().last_seq());
        if (visible != nullptr && request.cursor > 0) {
            // What left the scope in this range: a record given to someone else (its owner written after
            // it was made) that this user may no longer see. A new device (cursor 0) holds nothing yet.
            for (const auto& e : store.registry().entities()) {
                if (e.access != domain::Access::Owned) continue;
                const std::string& sees = filter[std::string(e.table)];
                auto rewritten = store.changes().field_rewritten_sql(e, domain::kOwnerField);
                if (!rewritten) return rewritten.error();
                auto gone = store.changes().ids_between(e, request.cursor, response.cursor,
                                                        "NOT (" + sees + ") AND " + *rewritten);
                if (!gone) return gone.error();
                for (std::string& id : *gone) response.evicted.emplace_back(std::string(e.table), std::move(id));
            }
        }
        if (response.more) {
            auto remaining = store.changes().count_since(response.cursor, visible);
            if (!remaining) return remaining.error();
            response.remaining = *remaining;
        } else {
            response.remaining = 0;
        }
        response.records.reserve(records->size());
        for (RecordState& r : *records)
            if (auto kept = for_schema(std::move(r), request.schema))
                response.records.push_back(std::move(*kept));
        CRM_TRY(tx->commit());
        return response;
    }
    auto page = store.changes().since(request.cursor, pull_limit, &response.more);
    if (!page) return page.error();
    response.cursor = page->empty() ? request.cursor : page->back().seq;
    // The client's own changes come back too: merging them is a no-op for the device that made them,
    // and a device whose database was rebuilt under the same id needs them. Changes to tables and fields
    // newer than the client's schema are left out (the cursor still passes them): it could not store
    // them, and after its upgrade it pulls from the start (domain::migration_sql).
    response.changes.reserve(response.changes.size() + page->size());
    for (Change& c : *page) {
        if (!known_to_schema(c, request.schema)) continue;
        journey_for_old_app(c.table, c.field, c.value, request.schema);
        response.changes.push_back(std::move(c));
    }
    CRM_TRY(tx->commit());
    return response;
}

}  // namespace crm::sync
