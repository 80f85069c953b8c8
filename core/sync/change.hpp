#pragma once
// One replicated field write: the unit of the change log, the merge and the sync protocol.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sync/hlc.hpp"

namespace crm::sync {

struct Change {
    std::string table;   // "companies", "contacts"
    std::string row_id;  // UUIDv7 of the record
    std::string field;   // a FieldDef name or "deleted"
    nlohmann::json value;
    Hlc hlc;
    std::string device;    // device that made the write
    std::int64_t seq = 0;  // position in the local log (server: the global sequence number)

    // The merge order: larger (hlc, device) wins everywhere.
    bool wins_over(const Hlc& other_hlc, const std::string& other_device) const {
        if (hlc != other_hlc) return hlc > other_hlc;
        return device > other_device;
    }
};

// A field's clock: the merge order is (hlc, device). A default one (hlc 0, no device) means never written.
struct FieldClock {
    Hlc hlc;
    std::string device;
    bool operator==(const FieldClock&) const = default;
};

// One record's replicated state, as a behind or new device receives it (protocol 2): every replicated
// field of its entity, in descriptor order, with its value and clock.
struct RecordState {
    std::string table;
    std::string id;
    std::int64_t seq = 0;                // the server's sequence of the record's newest write
    std::vector<std::string> fields;     // replicated field names, in descriptor order
    std::vector<nlohmann::json> values;  // by `fields`
    std::vector<FieldClock> clocks;      // by `fields`
};

// The clock most of `clocks` share (a record's base: every field of a record made in one write); "no clock"
// counts like any other, so a lone written field does not lend its clock to fields never written.
FieldClock most_common_clock(const std::vector<FieldClock>& clocks);

// The per-field changes of a record (fields never written left out), for protocol 1 and the merge.
std::vector<Change> to_changes(const RecordState& record);

nlohmann::json to_json(const Change& change);
Result<Change> change_from_json(const nlohmann::json& j);  // validates shape and types

}  // namespace crm::sync
