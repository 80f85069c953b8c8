#include "core/domain/journey.hpp"

#include <array>
#include <utility>

#include "core/domain/entity.hpp"

namespace crm::domain {

namespace {

constexpr std::array<std::string_view, 6> kDefaultLabels{
    "Привлечение", "Захват контакта",    "Квалификация",
    "Продажа",     "Сервис и поддержка", "Повторные продажи и удержание"};

// The funnel of schema ≤ 5 and the default stage (by position) each key becomes.
constexpr std::array<std::pair<std::string_view, std::size_t>, 6> kLegacy{
    {{"awareness", 0}, {"interest", 1}, {"decision", 2}, {"purchase", 3}, {"retention", 5}, {"advocacy", 5}}};

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";  // the fixed ids and labels hold no quote
}

}  // namespace

std::optional<std::string_view> journey_id_for_legacy_key(std::string_view key) {
    for (const auto& [legacy, position] : kLegacy)
        if (legacy == key) return journey_stage_keys()[position];
    return std::nullopt;
}

std::string_view journey_legacy_key_for_id(std::string_view id) {
    // Position → the old key: service and support reads as retention, the nearest old stage.
    static constexpr std::array<std::string_view, 6> kBack{"awareness", "interest",  "decision",
                                                           "purchase",  "retention", "retention"};
    const auto& ids = journey_stage_keys();
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == id) return kBack[i];
    return kBack.front();
}

std::string journey_migration_sql() {
    const auto& ids = journey_stage_keys();
    std::string sql;
    // sync_hlc = sync_site = 0 and sync_seq = 0: older than any edit, and never in a pull or the outbox,
    // since every replica makes the same rows here.
    for (std::size_t i = 0; i < ids.size(); ++i)
        sql +=
            "INSERT OR IGNORE INTO enum_options (id, list, label, position, created_at, deleted, sync_hlc, "
            "sync_site, sync_seq) VALUES (" +
            quoted(ids[i]) + ", " + quoted(kJourneyList) + ", " + quoted(kDefaultLabels[i]) + ", " +
            std::to_string(i) + ", 0, 0, 0, 0, 0);\n";
    std::string mapping = "CASE journey_stage";
    for (const auto& [legacy, position] : kLegacy)
        mapping += " WHEN " + quoted(legacy) + " THEN " + quoted(ids[position]);
    mapping += " ELSE " + quoted(ids.front()) + " END";
    for (const char* table : {"companies", "contacts"}) {
        const std::string t(table);
        // Not a change to sync: every replica maps its own copy alike; unsent edits keep their outbox rows
        // and are pushed with the mapped value.
        sql += "UPDATE " + t + " SET journey_stage = " + mapping + ";\n";
        // The indexes v1 and v3's rebuild made sorted by the old funnel's expression; option ids sort as
        // themselves.
        sql += "DROP INDEX IF EXISTS " + t + "_by_stage;\n";
        sql += "DROP INDEX IF EXISTS " + t + "_by_journey_stage;\n";
        sql += "CREATE INDEX " + t + "_by_journey_stage ON " + t + "(deleted, journey_stage);\n";
    }
    // The strip's "since" and the timeline read a customer's history by record.
    sql += "CREATE INDEX field_history_by_record ON field_history(record_id, field, changed_at);\n";
    return sql;
}

Result<std::vector<JourneyStage>> load_journey(storage::Database& db) {
    auto stmt = db.cached(
        "SELECT id, label, position FROM enum_options WHERE list = ?1 AND deleted = 0 ORDER BY position, id");
    if (!stmt) return stmt.error();
    storage::Statement& s = **stmt;
    s.bind(1, kJourneyList);
    std::vector<JourneyStage> out;
    while (true) {
        auto row = s.step();
        if (!row) {
            (void)s.reset();
            return row.error();
        }
        if (!*row) break;
        out.push_back({s.column_text(0), s.column_text(1), s.column_int(2)});
    }
    (void)s.reset();
    return out;
}

Result<std::int64_t> journey_since(storage::Database& db, const Record& customer) {
    auto stmt = db.cached(
        "SELECT changed_at FROM field_history WHERE record_id = ?1 AND field = 'journey_stage' AND to_value "
        "= ?2 "
        "AND deleted = 0 ORDER BY changed_at DESC LIMIT 1");
    if (!stmt) return stmt.error();
    storage::Statement& s = **stmt;
    s.bind(1, customer.id).bind(2, customer.text("journey_stage"));
    auto row = s.step();
    if (!row) {
        (void)s.reset();
        return row.error();
    }
    const std::int64_t since = *row ? s.column_int(0) : customer.integer(kCreatedAtField);
    (void)s.reset();
    return since;
}

}  // namespace crm::domain
