#include "core/sync/conflicts.hpp"

#include <algorithm>
#include <utility>

#include "core/domain/field.hpp"

namespace crm::sync {

namespace {

// Names are text here, unlike the sync metadata: the journal holds a handful of rows that the card reads
// by record id, so integer names would save nothing.
constexpr const char* kColumns =
    "id, kind, tbl, row_id, field, mine, mine_hlc, theirs, theirs_hlc, theirs_device, detected_at";

Conflict read_conflict(storage::Statement& s) {
    Conflict c;
    c.id = s.column_int(0);
    c.kind = s.column_int(1) == static_cast<int>(ConflictKind::Deleted) ? ConflictKind::Deleted
                                                                        : ConflictKind::Field;
    c.table = s.column_text(2);
    c.row_id = s.column_text(3);
    c.field = s.column_text(4);
    // Written by put() from nlohmann's own dump; a damaged text reads as null rather than failing the card.
    c.mine = nlohmann::json::parse(s.column_text(5), nullptr, false);
    c.mine_hlc = Hlc::unpack(s.column_int(6));
    c.theirs = nlohmann::json::parse(s.column_text(7), nullptr, false);
    c.theirs_hlc = Hlc::unpack(s.column_int(8));
    c.theirs_device = s.column_text(9);
    c.detected_at = s.column_int(10);
    if (c.mine.is_discarded()) c.mine = nullptr;
    if (c.theirs.is_discarded()) c.theirs = nullptr;
    return c;
}

Result<std::vector<Conflict>> read_all(storage::Statement& s) {
    std::vector<Conflict> out;
    while (true) {
        auto row = s.step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back(read_conflict(s));
    }
    (void)s.reset();
    return out;
}

bool is_set(const nlohmann::json& deleted) {
    return (deleted.is_boolean() && deleted.get<bool>()) || (deleted.is_number_integer() && deleted != 0);
}

}  // namespace

std::string conflict_journal_sql() {
    // One open entry per field of a record: a second loss of the same field replaces the first (the rep's
    // newest value is the one to offer again).
    return "CREATE TABLE IF NOT EXISTS sync_conflicts (\n"
           "  id INTEGER PRIMARY KEY,\n"
           "  kind INTEGER NOT NULL,\n"
           "  tbl TEXT NOT NULL,\n"
           "  row_id TEXT NOT NULL,\n"
           "  field TEXT NOT NULL,\n"
           "  mine TEXT NOT NULL,\n"
           "  mine_hlc INTEGER NOT NULL,\n"
           "  theirs TEXT NOT NULL,\n"
           "  theirs_hlc INTEGER NOT NULL,\n"
           "  theirs_device TEXT NOT NULL,\n"
           "  detected_at INTEGER NOT NULL,\n"
           "  UNIQUE (tbl, row_id, field)\n"
           ");\n";
}

Status ConflictJournal::before_win(const domain::EntityDesc& entity, const Change& winner) {
    auto queued = log_.queued_fields(entity.table, winner.row_id);
    if (!queued) return queued.error();
    if (queued->empty()) return {};  // nothing of this device is waiting: a normal later edit
    Conflict c;
    c.table = std::string(entity.table);
    c.row_id = winner.row_id;
    c.field = winner.field;
    c.theirs = winner.value;
    c.theirs_hlc = winner.hlc;
    c.theirs_device = winner.device;
    c.detected_at = log_.clock().now();
    if (winner.field == domain::kDeletedField) {
        // A restore winning over this device's deletion brings the record back and loses nothing; only a
        // deletion that hides unsent edits is a conflict.
        if (!is_set(winner.value)) return {};
        c.kind = ConflictKind::Deleted;
        c.mine = nlohmann::json::object();
        for (const std::string& f : *queued) {
            if (f == domain::kDeletedField) continue;
            auto mine = log_.current(entity.table, winner.row_id, f);
            if (!mine) return mine.error();
            if (!*mine) continue;
            c.mine[f] = (*mine)->value;
            c.mine_hlc = std::max(c.mine_hlc, (*mine)->hlc);
        }
        if (c.mine.empty()) return {};  // this device deleted it too
        return put(c);
    }
    if (std::find(queued->begin(), queued->end(), winner.field) == queued->end()) return {};
    auto mine = log_.current(entity.table, winner.row_id, winner.field);
    if (!mine) return mine.error();
    if (!*mine || (*mine)->value == winner.value) return {};  // the same value: nothing is lost
    c.mine = (*mine)->value;
    c.mine_hlc = (*mine)->hlc;
    return put(c);
}

Status ConflictJournal::put(const Conflict& c) {
    auto ins = db_.cached(
        "INSERT OR REPLACE INTO sync_conflicts(kind, tbl, row_id, field, mine, mine_hlc, theirs, theirs_hlc, "
        "theirs_device, detected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!ins) return ins.error();
    (*ins)
        ->bind(1, static_cast<int>(c.kind))
        .bind(2, c.table)
        .bind(3, c.row_id)
        .bind(4, c.field)
        .bind(5, c.mine.dump())
        .bind(6, c.mine_hlc.packed())
        .bind(7, c.theirs.dump())
        .bind(8, c.theirs_hlc.packed())
        .bind(9, c.theirs_device)
        .bind(10, c.detected_at);
    return (*ins)->run();
}

Result<std::vector<Conflict>> ConflictJournal::of_record(std::string_view table, std::string_view row_id) {
    auto sel = db_.cached(std::string("SELECT ") + kColumns +
                          " FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 ORDER BY id");
    if (!sel) return sel.error();
    (*sel)->bind(1, table).bind(2, row_id);
    return read_all(**sel);
}

Result<std::vector<Conflict>> ConflictJournal::all(int limit) {
    auto sel =
        db_.cached(std::string("SELECT ") + kColumns + " FROM sync_conflicts ORDER BY id DESC LIMIT ?1");
    if (!sel) return sel.error();
    (*sel)->bind(1, std::max(limit, 1));
    return read_all(**sel);
}

Result<std::int64_t> ConflictJournal::count() {
    auto sel = db_.cached("SELECT count(*) FROM sync_conflicts");
    if (!sel) return sel.error();
    auto row = (*sel)->step();
    if (!row) return row.error();
    const std::int64_t n = *row ? (*sel)->column_int(0) : 0;
    (void)(*sel)->reset();
    return n;
}

Result<std::optional<Conflict>> ConflictJournal::get(std::int64_t id) {
    auto sel = db_.cached(std::string("SELECT ") + kColumns + " FROM sync_conflicts WHERE id = ?1");
    if (!sel) return sel.error();
    (*sel)->bind(1, id);
    auto rows = read_all(**sel);
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<Conflict>{};
    return std::optional<Conflict>(std::move(rows->front()));
}

Status ConflictJournal::dismiss(std::int64_t id) {
    auto del = db_.cached("DELETE FROM sync_conflicts WHERE id = ?1");
    if (!del) return del.error();
    (*del)->bind(1, id);
    return (*del)->run();
}

Status ConflictJournal::reapply(domain::Repository& records, std::int64_t id) {
    auto found = get(id);
    if (!found) return found.error();
    if (!*found) return make_error(ErrorCode::NotFound, "conflict " + std::to_string(id) + " is settled");
    const Conflict& c = **found;
    if (c.table != records.entity().table)
        return make_error(ErrorCode::Invalid, "conflict " + std::to_string(id) + " is not of " + c.table);
    auto tx = storage::Transaction::begin(db_);
    if (!tx) return tx.error();
    if (c.kind == ConflictKind::Deleted) CRM_TRY(records.restore(c.row_id));
    auto record = records.get(c.row_id);
    if (!record) return record.error();
    if (c.kind == ConflictKind::Deleted) {
        for (const auto& [field, value] : c.mine.items())
            if (records.entity().find(field) != nullptr) record->set(field, value);
    } else if (records.entity().find(c.field) != nullptr) {
        record->set(c.field, c.mine);
    }
    // The repository validates and writes only what differs: each written field is a new edit (new clock,
    // in the outbox), which now beats the value that won.
    auto updated = records.update(*record);
    if (!updated) return updated.error();
    CRM_TRY(dismiss(id));
    return tx->commit();
}

}  // namespace crm::sync
