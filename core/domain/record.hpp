#pragma once
// One record of any entity: its id and a JSON value per field of its descriptor (the change-log form,
// see field.hpp), plus what a read derives (titles of referenced records, the local rowid).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/domain/entity.hpp"

namespace crm::domain {

class Record {
  public:
    Record() = default;
    // A draft of `entity` with every field empty (or its default).
    explicit Record(const EntityDesc& entity);

    const EntityDesc& entity() const;
    bool has_entity() const { return entity_ != nullptr; }

    std::string id;          // UUIDv7 made on the device; empty in a draft
    std::int64_t rowid = 0;  // local only: the keyset-paging tiebreak

    const nlohmann::json& get(std::string_view field) const;  // asserts the field exists
    Record& set(std::string_view field, nlohmann::json value);
    // Typed reads; a value of another shape reads as empty / 0.
    std::string text(std::string_view field) const;
    std::vector<std::string> list(std::string_view field) const;
    std::int64_t integer(std::string_view field) const;
    bool boolean(std::string_view field) const;

    // Titles of referenced live records, by reference field (derived on read; "" when missing/deleted).
    std::map<std::string, std::string, std::less<>> ref_titles;
    std::string ref_title(std::string_view field) const;

    std::vector<nlohmann::json>& values() { return values_; }
    const std::vector<nlohmann::json>& values() const { return values_; }

  private:
    const EntityDesc* entity_ = nullptr;
    std::vector<nlohmann::json> values_;  // by field index of the entity
};

// What EntityDesc::save answers: the record as stored, or the fields a rule wants filled first (a stage's
// gate), in which case nothing was written.
struct SaveOutcome {
    Record record;
    std::vector<std::string> missing;
    std::string blocked_by;  // the title of what asked for them (the stage), for the messages
};

}  // namespace crm::domain
