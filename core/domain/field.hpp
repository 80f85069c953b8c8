#pragma once
// A field of a record kind and everything that depends only on its type: the JSON form a value takes in
// the change log (and in `Record`), the one validation path shared by local writes and the merge, the
// columns it occupies, binding and reading them, and its sort key. Entities are described in entity.hpp.
//
// Value forms (JSON), per type; `null` means "no value" wherever a type allows it:
//   Text, LongText   "string"                      TEXT column, '' when empty
//   TextList         ["a", "b"]                    TEXT column holding the JSON array
//   Integer          123                           INTEGER (null allowed unless required)
//   Boolean          true / false                  INTEGER 0/1
//   Money            {"minor": 1250050, "currency": "RUB"} or null
//                                                  <name> INTEGER minor units + <name>_currency TEXT
//   Date             "2026-11-27" or null          TEXT (ISO dates sort as text)
//   DateTime         1764240000000 or null         INTEGER Unix ms, UTC
//   Enum             "key" ("" = none)             TEXT: a fixed key, or the id of an enum_options record
//   Reference        "uuid" or null                TEXT id of a record of `target`
//   GeoPoint         {"lat": 55.75, "lon": 37.62, "accuracy": 12.0} or null   TEXT (the JSON)
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/result.hpp"

namespace crm::storage {
class Statement;
}

namespace crm::domain {

enum class FieldType {
    Text,
    LongText,
    TextList,
    Integer,
    Boolean,
    Money,
    Date,
    DateTime,
    Enum,
    Reference,
    GeoPoint,
};
std::string_view to_key(FieldType type);  // "text", "long_text", ...

// What the items of a Text / TextList field must look like.
enum class TextFormat { Plain, Phone, Email };

struct FieldDesc {
    std::string_view name;  // column name == change-log field name == automation key part
    FieldType type = FieldType::Text;
    std::string_view label;        // catalogue key of the field's label (ui/i18n), e.g. "field.phones"
    std::size_t max_bytes = 0;     // Text/LongText/TextList item: UTF-8 bytes (0: the type's default)
    std::size_t max_items = 0;     // TextList: items (0: the type's default)
    std::int64_t min = INT64_MIN;  // Integer / Money minor units: inclusive range
    std::int64_t max = INT64_MAX;
    TextFormat format = TextFormat::Plain;
    std::vector<std::string_view> options;  // Enum with fixed keys, in display and sort order
    std::string_view option_list;           // Enum from a user-defined list: enum_options.list of its options
    std::string_view target;                // Reference: the entity (name) it points at
    std::string_view digits_column;  // TextList of phones: derived column with their digits, for search
    bool required = false;           // must have a non-empty value (checked on every path)
    bool searchable = false;         // in the entity's full-text index
    bool sortable = false;           // the list can sort by it (an index exists)
    bool filterable = false;         // the list offers an equality filter (enum, reference, owner)
    bool editable = true;    // shown in the form and written by update (false: created_at, system fields)
    bool replicated = true;  // false: derived locally (updated_at), never in the change log
    bool tracked = false;    // every local change also writes a field_history row (who, when, from, to)
    int since_schema = 1;    // the schema version that added the field
    nlohmann::json default_value;  // a new record's value when the draft has none (null: the type's empty)
};

// The names of the fields every entity has, appended by the registry.
inline constexpr std::string_view kCreatedAtField = "created_at";
inline constexpr std::string_view kUpdatedAtField = "updated_at";
inline constexpr std::string_view kDeletedField = "deleted";
// A record's owner (a user id) on every entity that has one: the server's scope reads it.
inline constexpr std::string_view kOwnerField = "owner_id";

// The limits validate_value applies: UTF-8 bytes of a text value (or list item), items of a list.
std::size_t max_text_bytes(const FieldDesc& field);
std::size_t max_list_items(const FieldDesc& field);

// The value of a field with nothing in it: "", [], null, false.
nlohmann::json empty_value(const FieldDesc& field);
bool is_empty_value(const FieldDesc& field, const nlohmann::json& value);

// User input cleanup before validation: trims text, drops blank list items, uppercases currency codes.
void normalize_value(const FieldDesc& field, nlohmann::json& value);

// The one validation path. Checks shape, encoding, size, range, fixed enum keys and `required`, so the
// form, the repository and the merge accept exactly the same values. Errors are Invalid with
// `field` = field.name and reason one of: empty, too_long, too_many, malformed, bad_utf8, out_of_range,
// unknown_option. References and user-defined options are only checked to be well-formed ids here:
// whether the target exists is a local-write check (the merge may see a child before its parent).
Status validate_value(const FieldDesc& field, const nlohmann::json& value);

bool is_valid_email(std::string_view email);
bool is_valid_phone(std::string_view phone);
bool is_valid_date(std::string_view iso);       // "YYYY-MM-DD", a real calendar day
bool is_valid_currency(std::string_view code);  // three letters A-Z (ISO 4217 form)

// --- storage ----------------------------------------------------------------------------------------
struct Column {
    std::string name;
    std::string sql_type;  // "TEXT", "INTEGER", "TEXT NOT NULL DEFAULT ''", ...
};
// The table columns a field occupies (Money: two), in order; the derived digits column is not included.
std::vector<Column> columns_of(const FieldDesc& field);
// Binds `value` to the field's columns starting at parameter `index`; returns the next free index.
int bind_value(storage::Statement& stmt, int index, const FieldDesc& field, const nlohmann::json& value);
// Reads the field's columns starting at result column `col`; returns the value and advances `col`.
nlohmann::json read_value(const storage::Statement& stmt, int& col, const FieldDesc& field);
// The ORDER BY key of a sortable field over table alias `alias` (collation included).
std::string sort_key(const FieldDesc& field, std::string_view alias);

// The searchable digits of phone numbers: each number's digits, and for 11-digit Russian numbers also
// the forms with 7, 8 and no trunk prefix, so "8916…", "7916…" and "916…" all prefix-match.
std::string phone_search_digits(const nlohmann::json& phones);

// Money helpers: the JSON form of an amount and back.
nlohmann::json money(std::int64_t minor, std::string_view currency);
struct MoneyValue {
    std::int64_t minor = 0;
    std::string currency;
};
std::optional<MoneyValue> money_of(const nlohmann::json& value);
struct GeoValue {
    double lat = 0;
    double lon = 0;
    double accuracy = 0;  // metres; 0: unknown
};
nlohmann::json geo(double lat, double lon, double accuracy);
std::optional<GeoValue> geo_of(const nlohmann::json& value);

}  // namespace crm::domain
