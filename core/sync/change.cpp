#include "core/sync/change.hpp"

#include <map>

namespace crm::sync {

FieldClock most_common_clock(const std::vector<FieldClock>& clocks) {
    std::map<std::pair<std::int64_t, std::string>, int> votes;
    for (const auto& c : clocks) ++votes[{c.hlc.packed(), c.device}];
    std::pair<std::int64_t, std::string> best_clock{0, ""};
    int best = 0;
    for (const auto& [clock, n] : votes)
        if (n > best) best_clock = clock, best = n;
    return best_clock.second.empty() ? FieldClock{}
                                     : FieldClock{Hlc::unpack(best_clock.first), best_clock.second};
}

std::vector<Change> to_changes(const RecordState& record) {
    std::vector<Change> out;
    out.reserve(record.fields.size());
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
        if (record.clocks[i] == FieldClock{}) continue;
        Change c;
        c.table = record.table;
        c.row_id = record.id;
        c.field = record.fields[i];
        c.value = record.values[i];
        c.hlc = record.clocks[i].hlc;
        c.device = record.clocks[i].device;
        c.seq = record.seq;
        out.push_back(std::move(c));
    }
    return out;
}

nlohmann::json to_json(const Change& change) {
    nlohmann::json j = nlohmann::json::object();
    j["table"] = change.table;
    j["row"] = change.row_id;
    j["field"] = change.field;
    j["value"] = change.value;
    j["hlc"] = change.hlc.packed();
    j["device"] = change.device;
    j["seq"] = change.seq;
    return j;
}

Result<Change> change_from_json(const nlohmann::json& j) {
    // Never throws: every member is type-checked before it is read (wasm builds abort on a throw).
    if (!j.is_object()) return make_error(ErrorCode::Protocol, "expected an object");
    auto text = [&](const char* key, std::string& out) -> Status {
        auto it = j.find(key);
        if (it == j.end()) return make_error(ErrorCode::Protocol, std::string(key) + ": missing");
        if (!it->is_string())
            return make_error(ErrorCode::Protocol, std::string(key) + ": expected a string");
        out = it->get<std::string>();
        if (out.empty()) return make_error(ErrorCode::Protocol, std::string(key) + ": must not be empty");
        return {};
    };
    Change c;
    CRM_TRY(text("table", c.table));
    CRM_TRY(text("row", c.row_id));
    CRM_TRY(text("field", c.field));
    CRM_TRY(text("device", c.device));
    auto value = j.find("value");
    if (value == j.end()) return make_error(ErrorCode::Protocol, "value: missing");
    c.value = *value;
    auto hlc = j.find("hlc");
    if (hlc == j.end()) return make_error(ErrorCode::Protocol, "hlc: missing");
    if (!hlc->is_number_integer()) return make_error(ErrorCode::Protocol, "hlc: expected an integer");
    const auto packed = hlc->get<std::int64_t>();
    if (packed < 0) return make_error(ErrorCode::Protocol, "hlc: must not be negative");
    c.hlc = Hlc::unpack(packed);
    auto seq = j.find("seq");
    if (seq != j.end()) {
        if (!seq->is_number_integer()) return make_error(ErrorCode::Protocol, "seq: expected an integer");
        c.seq = seq->get<std::int64_t>();
    }
    return c;
}

}  // namespace crm::sync
