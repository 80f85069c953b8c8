#pragma once
// One replicated field write: the unit of the change log, the merge and the sync protocol.
#include <cstdint>
#include <string>

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

nlohmann::json to_json(const Change& change);
Result<Change> change_from_json(const nlohmann::json& j);  // validates shape and types

}  // namespace crm::sync
