#include "core/sync/change_log.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <tuple>
#include <utility>

#include "core/domain/row_io.hpp"
#include "core/limits.hpp"
#include "core/storage/meta.hpp"

namespace crm::sync {

namespace {

constexpr std::string_view kClockKey = "clock.last";  // the newest clock written, for the next start

std::string field_name(const domain::EntityDesc& e, std::string_view field) {
    return std::string(e.table) + "." + std::string(field);
}

Result<std::int64_t> single_int(storage::Statement& stmt) {
    auto row = stmt.step();
    if (!row) return row.error();
    const std::int64_t v = *row ? stmt.column_int(0) : 0;
    (void)stmt.reset();
    return v;
}

}  // namespace

ChangeLog::ChangeLog(storage::Database& db, HlcClock& clock, std::string device_id,
                     const domain::Registry& registry)
    : db_(db), clock_(clock), device_(std::move(device_id)), registry_(registry) {}

Result<int> Dictionary::id(storage::Database& db, const std::string& key) {
    if (const auto it = ids_.find(key); it != ids_.end()) return it->second;
    auto ins = db.cached("INSERT OR IGNORE INTO " + table_ + "(" + column_ + ") VALUES (?1)");
    if (!ins) return ins.error();
    (*ins)->bind(1, key);
    CRM_TRY((*ins)->run());
    auto sel = db.cached("SELECT id FROM " + table_ + " WHERE " + column_ + " = ?1");
    if (!sel) return sel.error();
    (*sel)->bind(1, key);
    auto id = single_int(**sel);
    if (!id) return id.error();
    ids_[key] = static_cast<int>(*id);
    keys_[static_cast<int>(*id)] = key;
    return static_cast<int>(*id);
}

const std::string& Dictionary::key(storage::Database& db, int id) {
    static const std::string kNone;
    if (const auto it = keys_.find(id); it != keys_.end()) return it->second;
    // Not cached (forgotten after a rollback): read it and keep it.
    auto sel = db.cached("SELECT " + column_ + " FROM " + table_ + " WHERE id = ?1");
    if (!sel) return kNone;
    (*sel)->bind(1, id);
    auto row = (*sel)->step();
    std::string key = row && *row ? (*sel)->column_text(0) : std::string();
    (void)(*sel)->reset();
    if (key.empty()) return kNone;
    ids_[key] = id;
    return keys_[id] = std::move(key);
}

bool Dictionary::has(storage::Database& db, const std::string& key) {
    if (ids_.count(key) != 0) return true;
    auto sel = db.cached("SELECT id FROM " + table_ + " WHERE " + column_ + " = ?1");
    if (!sel) return false;
    (*sel)->bind(1, key);
    auto id = single_int(**sel);
    if (!id || *id == 0) return false;
    ids_[key] = static_cast<int>(*id);
    keys_[static_cast<int>(*id)] = key;
    return true;
}

void Dictionary::forget() {
    ids_.clear();
    keys_.clear();
}

Status ChangeLog::open() {
    // Every name of the registry is registered up front, in its own commit, so a write of the app never adds
    // one inside a transaction that might roll back. A start that finds them all writes nothing.
    std::vector<std::string> missing;
    for (const auto& e : registry_.entities()) {
        if (!names_.has(db_, std::string(e.table))) missing.emplace_back(e.table);
        for (const auto& f : e.fields)
            if (!names_.has(db_, field_name(e, f.name))) missing.push_back(field_name(e, f.name));
    }
    if (!missing.empty() || !sites_.has(db_, device_)) {
        auto tx = storage::Transaction::begin(db_);
        if (!tx) return tx.error();
        for (const auto& n : missing) CRM_TRY(names_.id(db_, n));
        CRM_TRY(sites_.id(db_, device_));
        CRM_TRY(tx->commit());
    }
    auto own = sites_.id(db_, device_);
    if (!own) return own.error();
    own_site_ = *own;
    seq_ = 0;
    for (const auto& e : registry_.entities()) {
        auto max = db_.prepare("SELECT coalesce(max(sync_seq), 0) FROM " + std::string(e.table));
        if (!max) return max.error();
        auto v = single_int(*max);
        if (!v) return v.error();
        seq_ = std::max(seq_, *v);
    }
    // A rolled-back transaction may have added names or sites that the caches would then give wrongly.
    sqlite3_rollback_hook(
        db_.handle(),
        [](void* self) {
            auto* log = static_cast<ChangeLog*>(self);
            log->sites_.forget();
            log->names_.forget();
        },
        this);
    return {};
}

Result<int> ChangeLog::name_id(const std::string& name) {
    // A table of another registry than the app's (tests) is registered on first use.
    return names_.id(db_, name);
}

const domain::EntityDesc* ChangeLog::find_table(std::string_view table) const {
    if (const domain::EntityDesc* e = registry_.find_table(table)) return e;
    const auto it = others_.find(std::string(table));
    return it == others_.end() ? nullptr : it->second;
}

Result<int> ChangeLog::site_id(const std::string& uuid) {
    return sites_.id(db_, uuid);
}

std::string ChangeLog::name_of(int id) {
    return names_.key(db_, id);
}

const std::string& ChangeLog::site_uuid(int site) {
    return sites_.key(db_, site);
}

Result<std::int64_t> ChangeLog::rid_of(const domain::EntityDesc& entity, std::string_view id) {
    auto sel = db_.cached("SELECT rid FROM " + std::string(entity.table) + " WHERE id = ?1");
    if (!sel) return sel.error();
    (*sel)->bind(1, id);
    auto row = (*sel)->step();
    if (!row) return row.error();
    const std::int64_t rid = *row ? (*sel)->column_int(0) : 0;
    (void)(*sel)->reset();
    return rid;
}

Result<std::optional<FieldClock>> ChangeLog::clock_at(const domain::EntityDesc& entity, std::int64_t rid,
                                                      int field) {
    auto tbl = name_id(std::string(entity.table));
    if (!tbl) return tbl.error();
    auto over = db_.cached("SELECT hlc, site FROM sync_clocks WHERE tbl = ?1 AND row = ?2 AND field = ?3");
    if (!over) return over.error();
    (*over)->bind(1, *tbl).bind(2, rid).bind(3, field);
    auto row = (*over)->step();
    if (!row) return row.error();
    if (*row) {
        FieldClock c{Hlc::unpack((*over)->column_int(0)),
                     site_uuid(static_cast<int>((*over)->column_int(1)))};
        (void)(*over)->reset();
        return std::optional<FieldClock>(std::move(c));
    }
    (void)(*over)->reset();
    auto base =
        db_.cached("SELECT sync_hlc, sync_site FROM " + std::string(entity.table) + " WHERE rid = ?1");
    if (!base) return base.error();
    (*base)->bind(1, rid);
    auto b = (*base)->step();
    if (!b) return b.error();
    std::optional<FieldClock> out;
    // A row made by a received change for another field has no base yet: its fields have no clock.
    if (*b && (*base)->column_int(0) != 0)
        out = FieldClock{Hlc::unpack((*base)->column_int(0)),
                         site_uuid(static_cast<int>((*base)->column_int(1)))};
    (void)(*base)->reset();
    return out;
}

Status ChangeLog::set_field_clock(const domain::EntityDesc& entity, std::int64_t rid, std::string_view field,
                                  Hlc hlc, int site) {
    auto tbl = name_id(std::string(entity.table));
    if (!tbl) return tbl.error();
    auto fid = name_id(field_name(entity, field));
    if (!fid) return fid.error();
    // Equal to the row's base: no override needed (the usual case after a create or a snapshot).
    auto base = db_.cached("SELECT 1 FROM " + std::string(entity.table) +
                           " WHERE rid = ?1 AND sync_hlc = ?2 AND sync_site = ?3");
    if (!base) return base.error();
    (*base)->bind(1, rid).bind(2, hlc.packed()).bind(3, site);
    auto same = single_int(**base);
    if (!same) return same.error();
    if (*same == 1) {
        auto del = db_.cached("DELETE FROM sync_clocks WHERE tbl = ?1 AND row = ?2 AND field = ?3");
        if (!del) return del.error();
        (*del)->bind(1, *tbl).bind(2, rid).bind(3, *fid);
        return (*del)->run();
    }
    auto put = db_.cached(
        "INSERT OR REPLACE INTO sync_clocks(tbl, row, field, hlc, site) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!put) return put.error();
    (*put)->bind(1, *tbl).bind(2, rid).bind(3, *fid).bind(4, hlc.packed()).bind(5, site);
    return (*put)->run();
}

Status ChangeLog::bump_seq(const domain::EntityDesc& entity, std::int64_t rid) {
    auto up = db_.cached("UPDATE " + std::string(entity.table) + " SET sync_seq = ?1 WHERE rid = ?2");
    if (!up) return up.error();
    (*up)->bind(1, seq_ + 1).bind(2, rid);
    CRM_TRY((*up)->run());
    ++seq_;  // a rolled-back number is a gap, never a repeat
    return storage::set_meta(db_, kClockKey, std::to_string(clock_.last().packed()));
}

Status ChangeLog::record(const domain::EntityDesc& entity, std::string_view id,
                         const std::vector<std::string>& fields, Hlc hlc, bool created) {
    auto rid = rid_of(entity, id);
    if (!rid) return rid.error();
    if (*rid == 0)
        return make_error(ErrorCode::NotFound,
                          std::string(entity.table) + " " + std::string(id) + " has no row");
    auto tbl = name_id(std::string(entity.table));
    if (!tbl) return tbl.error();
    // A table of another registry (tests): remembered so that its outbox entries and clocks can be read.
    if (registry_.find_table(entity.table) == nullptr) others_.emplace(std::string(entity.table), &entity);
    if (created) {
        auto base = db_.cached("UPDATE " + std::string(entity.table) +
                               " SET sync_hlc = ?1, sync_site = ?2 WHERE rid = ?3");
        if (!base) return base.error();
        (*base)->bind(1, hlc.packed()).bind(2, own_site_).bind(3, *rid);
        CRM_TRY((*base)->run());
    }
    for (const auto& f : fields) {
        if (!created) {
            CRM_TRY(set_field_clock(entity, *rid, f, hlc, own_site_));
            // A new local write of a field settles its open conflict: the rep has chosen
            // (sync/conflicts.hpp).
            auto settle =
                db_.cached("DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND field = ?3");
            if (!settle) return settle.error();
            (*settle)->bind(1, entity.table).bind(2, id).bind(3, f);
            CRM_TRY((*settle)->run());
        }
        auto fid = name_id(field_name(entity, f));
        if (!fid) return fid.error();
        auto queue = db_.cached("INSERT OR IGNORE INTO sync_outbox(tbl, row, field) VALUES (?1, ?2, ?3)");
        if (!queue) return queue.error();
        (*queue)->bind(1, *tbl).bind(2, *rid).bind(3, *fid);
        CRM_TRY((*queue)->run());
    }
    return bump_seq(entity, *rid);
}

Status ChangeLog::append(const Change& change) {
    const domain::EntityDesc* entity = find_table(change.table);
    if (entity == nullptr) return make_error(ErrorCode::Protocol, "unknown table \"" + change.table + "\"");
    auto rid = rid_of(*entity, change.row_id);
    if (!rid) return rid.error();
    auto site = site_id(change.device);
    if (!site) return site.error();
    CRM_TRY(set_field_clock(*entity, *rid, change.field, change.hlc, *site));
    // A local edit of this field that lost to the received one has nothing left to send.
    auto tbl = name_id(std::string(entity->table));
    auto fid = name_id(field_name(*entity, change.field));
    if (!tbl || !fid) return make_error(ErrorCode::Protocol, "unknown field \"" + change.field + "\"");
    auto drop = db_.cached("DELETE FROM sync_outbox WHERE tbl = ?1 AND row = ?2 AND field = ?3");
    if (!drop) return drop.error();
    (*drop)->bind(1, *tbl).bind(2, *rid).bind(3, *fid);
    CRM_TRY((*drop)->run());
    return bump_seq(*entity, *rid);
}

Result<std::optional<FieldClock>> ChangeLog::winner(std::string_view table, std::string_view row_id,
                                                    std::string_view field) {
    const domain::EntityDesc* entity = find_table(table);
    if (entity == nullptr) return std::optional<FieldClock>{};
    auto rid = rid_of(*entity, row_id);
    if (!rid) return rid.error();
    if (*rid == 0) return std::optional<FieldClock>{};
    auto fid = name_id(field_name(*entity, field));
    if (!fid) return fid.error();
    return clock_at(*entity, *rid, *fid);
}

Result<std::optional<Change>> ChangeLog::current(std::string_view table, std::string_view row_id,
                                                 std::string_view field) {
    const domain::EntityDesc* entity = find_table(table);
    const domain::FieldDesc* def = entity != nullptr ? entity->find(field) : nullptr;
    if (def == nullptr) return std::optional<Change>{};
    auto rid = rid_of(*entity, row_id);
    if (!rid) return rid.error();
    if (*rid == 0) return std::optional<Change>{};
    return field_at(*entity, *rid, *def);
}

Result<std::optional<Change>> ChangeLog::field_at(const domain::EntityDesc& entity, std::int64_t rid,
                                                  const domain::FieldDesc& field) {
    auto fid = name_id(field_name(entity, field.name));
    if (!fid) return fid.error();
    auto clock = clock_at(entity, rid, *fid);
    if (!clock) return clock.error();
    if (!*clock) return std::optional<Change>{};
    std::string select = "SELECT id";
    for (const auto& c : domain::columns_of(field)) select += ", " + c.name;
    auto read = db_.cached(select + " FROM " + std::string(entity.table) + " WHERE rid = ?1");
    if (!read) return read.error();
    (*read)->bind(1, rid);
    auto found = (*read)->step();
    if (!found) return found.error();
    std::optional<Change> out;
    if (*found) {
        Change c;
        c.table = std::string(entity.table);
        c.row_id = (*read)->column_text(0);
        c.field = std::string(field.name);
        int col = 1;
        c.value = domain::read_value(**read, col, field);
        c.hlc = (*clock)->hlc;
        c.device = (*clock)->device;
        out = std::move(c);
    }
    (void)(*read)->reset();
    return out;
}

namespace {

// One record whole: id, every field's columns, its base clock and sequence.
std::string record_select(const domain::EntityDesc& e) {
    std::string select = "SELECT id";
    for (const auto& f : e.fields)
        for (const auto& c : domain::columns_of(f)) select += ", " + c.name;
    return select + ", sync_hlc, sync_site, sync_seq FROM " + std::string(e.table) + " WHERE rid = ?1";
}

}  // namespace

namespace {
std::string filter_of(const ChangeLog::RowFilter* filter, std::string_view table) {
    if (filter == nullptr) return {};
    const auto at = filter->find(table);
    return at == filter->end() || at->second.empty() ? std::string() : " AND " + at->second;
}
}  // namespace

Result<std::vector<RecordState>> ChangeLog::since_records(std::int64_t after_seq, int max_records, bool* more,
                                                          const RowFilter* filter) {
    // The records in sequence order across every table: each branch is a walk of its sync_seq index,
    // merged by SQLite.
    std::string sql;
    std::vector<const domain::EntityDesc*> by_branch;
    for (const auto& e : registry_.entities()) {
        if (!sql.empty()) sql += " UNION ALL ";
        sql += "SELECT sync_seq, " + std::to_string(by_branch.size()) + ", rid FROM " + std::string(e.table) +
               " WHERE sync_seq > ?1" + filter_of(filter, e.table);
        by_branch.push_back(&e);
    }
    sql += " ORDER BY 1 LIMIT ?2";
    max_records = std::max(max_records, 1);
    auto stmt = db_.prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, after_seq).bind(2, max_records + 1);  // one more tells whether more remain
    std::vector<std::tuple<std::int64_t, const domain::EntityDesc*, std::int64_t>> rows;
    while (true) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        rows.emplace_back(stmt->column_int(0), by_branch[static_cast<std::size_t>(stmt->column_int(1))],
                          stmt->column_int(2));
    }
    if (more != nullptr) *more = static_cast<int>(rows.size()) > max_records;
    if (static_cast<int>(rows.size()) > max_records) rows.pop_back();
    std::vector<RecordState> out;
    out.reserve(rows.size());
    for (const auto& [seq, entity, rid] : rows) {
        auto read = db_.cached(record_select(*entity));
        if (!read) return read.error();
        storage::Statement& s = **read;
        s.bind(1, rid);
        auto found = s.step();
        if (!found) return found.error();
        if (!*found) {
            (void)s.reset();
            continue;
        }
        RecordState record;
        record.table = std::string(entity->table);
        record.id = s.column_text(0);
        record.seq = seq;
        int col = 1;
        std::vector<nlohmann::json> values;
        for (const auto& f : entity->fields) values.push_back(domain::read_value(s, col, f));
        const Hlc base_hlc = Hlc::unpack(s.column_int(col));
        const int base_site = static_cast<int>(s.column_int(col + 1));
        (void)s.reset();
        auto tbl = name_id(std::string(entity->table));
        if (!tbl) return tbl.error();
        std::map<int, std::pair<Hlc, int>> overrides;
        auto over = db_.cached("SELECT field, hlc, site FROM sync_clocks WHERE tbl = ?1 AND row = ?2");
        if (!over) return over.error();
        (*over)->bind(1, *tbl).bind(2, rid);
        while (true) {
            auto r = (*over)->step();
            if (!r) return r.error();
            if (!*r) break;
            overrides[static_cast<int>((*over)->column_int(0))] = {Hlc::unpack((*over)->column_int(1)),
                                                                   static_cast<int>((*over)->column_int(2))};
        }
        for (std::size_t f = 0; f < entity->fields.size(); ++f) {
            const auto& field = entity->fields[f];
            if (!field.replicated) continue;
            auto fid = name_id(field_name(*entity, field.name));
            if (!fid) return fid.error();
            Hlc hlc = base_hlc;
            int site = base_site;
            if (const auto it = overrides.find(*fid); it != overrides.end()) std::tie(hlc, site) = it->second;
            record.fields.emplace_back(field.name);
            record.values.push_back(std::move(values[f]));
            // Never written (a row made by a change to another field): no clock.
            record.clocks.push_back(hlc == Hlc{} && site == 0 ? FieldClock{}
                                                              : FieldClock{hlc, site_uuid(site)});
        }
        out.push_back(std::move(record));
    }
    return out;
}

Result<std::int64_t> ChangeLog::count_since(std::int64_t after_seq, const RowFilter* filter) {
    std::int64_t total = 0;
    for (const auto& e : registry_.entities()) {
        auto stmt = db_.cached("SELECT count(*) FROM " + std::string(e.table) + " WHERE sync_seq > ?1" +
                               filter_of(filter, e.table));
        if (!stmt) return stmt.error();
        (*stmt)->bind(1, after_seq);
        auto n = single_int(**stmt);
        if (!n) return n.error();
        total += *n;
    }
    return total;
}

Result<std::vector<std::string>> ChangeLog::ids_between(const domain::EntityDesc& entity, std::int64_t after_seq,
                                                       std::int64_t up_to_seq, const std::string& where_sql) {
    auto stmt = db_.prepare("SELECT id FROM " + std::string(entity.table) +
                            " WHERE sync_seq > ?1 AND sync_seq <= ?2 AND (" + where_sql + ")");
    if (!stmt) return stmt.error();
    stmt->bind(1, after_seq).bind(2, up_to_seq);
    std::vector<std::string> out;
    while (true) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back(stmt->column_text(0));
    }
    return out;
}

Result<bool> ChangeLog::forget(const domain::EntityDesc& entity, const std::string& id) {
    const std::string table(entity.table);
    auto find = db_.cached("SELECT rid FROM " + table + " WHERE id = ?1");
    if (!find) return find.error();
    (*find)->bind(1, id);
    auto found = (*find)->step();
    if (!found) return found.error();
    const std::int64_t rid = *found ? (*find)->column_int(0) : 0;
    (void)(*find)->reset();
    if (rid == 0) return true;
    auto tbl = name_id(table);
    if (!tbl) return tbl.error();
    auto queued = db_.cached("SELECT 1 FROM sync_outbox WHERE tbl = ?1 AND row = ?2 LIMIT 1");
    if (!queued) return queued.error();
    (*queued)->bind(1, *tbl).bind(2, rid);
    auto pending = (*queued)->step();
    if (!pending) return pending.error();
    (void)(*queued)->reset();
    if (*pending) return false;
    auto clocks = db_.cached("DELETE FROM sync_clocks WHERE tbl = ?1 AND row = ?2");
    if (!clocks) return clocks.error();
    (*clocks)->bind(1, *tbl).bind(2, rid);
    CRM_TRY((*clocks)->run());
    auto row = db_.cached("DELETE FROM " + table + " WHERE rid = ?1");
    if (!row) return row.error();
    (*row)->bind(1, rid);
    CRM_TRY((*row)->run());
    return true;
}

Result<std::string> ChangeLog::field_rewritten_sql(const domain::EntityDesc& entity, std::string_view field) {
    auto tbl = name_id(std::string(entity.table));
    if (!tbl) return tbl.error();
    auto fid = name_id(field_name(entity, field));
    if (!fid) return fid.error();
    const std::string table(entity.table);
    return "EXISTS (SELECT 1 FROM sync_clocks c WHERE c.tbl = " + std::to_string(*tbl) + " AND c.row = " +
           table + ".rid AND c.field = " + std::to_string(*fid) + ")";
}

Status ChangeLog::resequence(const domain::EntityDesc& entity, const std::string& where_sql,
                             const std::string& value) {
    const std::string table(entity.table);
    auto stmt = db_.prepare("SELECT rid FROM " + table + " WHERE " + where_sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, value);
    std::vector<std::int64_t> rids;
    while (true) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        rids.push_back(stmt->column_int(0));
    }
    for (const std::int64_t rid : rids) {
        auto put = db_.cached("UPDATE " + table + " SET sync_seq = ?1 WHERE rid = ?2");
        if (!put) return put.error();
        (*put)->bind(1, seq_ + 1).bind(2, rid);
        CRM_TRY((*put)->run());
        ++seq_;
    }
    return {};
}

Result<std::vector<Change>> ChangeLog::since(std::int64_t after_seq, int limit, bool* more) {
    int fields = 1;
    for (const auto& e : registry_.entities())
        fields = std::max<int>(fields, static_cast<int>(e.fields.size()));
    auto records = since_records(after_seq, std::max(limit / fields, 1), more);
    if (!records) return records.error();
    std::vector<Change> out;
    for (const auto& r : *records)
        for (auto& c : to_changes(r)) out.push_back(std::move(c));
    return out;
}

Status ChangeLog::adopt(const domain::EntityDesc& entity, const RecordState& record,
                        const WriteRow& write_row) {
    // The base is the clock most fields share; a field the record does not carry has no clock.
    std::vector<FieldClock> all;
    for (const auto& f : entity.fields) {
        if (!f.replicated) continue;
        const auto at = std::find(record.fields.begin(), record.fields.end(), f.name);
        all.push_back(at == record.fields.end()
                          ? FieldClock{}
                          : record.clocks[static_cast<std::size_t>(at - record.fields.begin())]);
    }
    const FieldClock base = most_common_clock(all);
    domain::RowSync sync{base.hlc.packed(), 0, seq_ + 1};
    if (!base.device.empty()) {
        auto site = site_id(base.device);
        if (!site) return site.error();
        sync.site = *site;
    }
    // The row, its base and its sequence number in one row write.
    auto rid = write_row(sync);
    if (!rid) return rid.error();
    ++seq_;  // a rolled-back number is a gap, never a repeat
    auto tbl = name_id(std::string(entity.table));
    if (!tbl) return tbl.error();
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
        const FieldClock& c = record.clocks[i];
        if (c == FieldClock{} || c == base) continue;
        auto site = site_id(c.device);
        if (!site) return site.error();
        auto fid = name_id(field_name(entity, record.fields[i]));
        if (!fid) return fid.error();
        // A new row has no clocks yet: the override is written without looking for one.
        auto put = db_.cached(
            "INSERT OR REPLACE INTO sync_clocks(tbl, row, field, hlc, site) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!put) return put.error();
        (*put)->bind(1, *tbl).bind(2, *rid).bind(3, *fid).bind(4, c.hlc.packed()).bind(5, *site);
        CRM_TRY((*put)->run());
    }
    for (const auto& c : record.clocks) clock_.observe(c.hlc);
    return storage::set_meta(db_, kClockKey, std::to_string(clock_.last().packed()));
}

Result<std::vector<Change>> ChangeLog::pending(int limit) {
    // Three reads per entry: in one transaction they take the database's locks once.
    auto tx = storage::Transaction::begin(db_);
    if (!tx) return tx.error();
    auto stmt = db_.prepare("SELECT tbl, row, field FROM sync_outbox ORDER BY tbl, row, field LIMIT ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, limit);
    std::vector<std::tuple<int, std::int64_t, int>> entries;
    while (true) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        entries.emplace_back(static_cast<int>(stmt->column_int(0)), stmt->column_int(1),
                             static_cast<int>(stmt->column_int(2)));
    }
    // A full batch ends before its last record's fields when that record may go on past it: the server
    // checks a new record's owner with the rest of the record, so a record is never split across pushes.
    if (static_cast<int>(entries.size()) >= limit && !entries.empty()) {
        const auto last = std::make_pair(std::get<0>(entries.back()), std::get<1>(entries.back()));
        std::size_t keep = entries.size();
        while (keep > 0 && std::make_pair(std::get<0>(entries[keep - 1]), std::get<1>(entries[keep - 1])) == last)
            --keep;
        if (keep > 0) entries.resize(keep);
    }
    std::vector<Change> out;
    out.reserve(entries.size());
    for (const auto& [tbl, rid, fid] : entries) {  // tbl and fid are numbers of sync_names
        const domain::EntityDesc* entity = find_table(name_of(tbl));
        const std::string qualified = name_of(fid);
        if (entity == nullptr || qualified.size() <= entity->table.size()) continue;
        const domain::FieldDesc* def = entity->find(qualified.substr(entity->table.size() + 1));
        if (def == nullptr) continue;
        auto change = field_at(*entity, rid, *def);
        if (!change) return change.error();
        if (*change) out.push_back(std::move(**change));
    }
    CRM_TRY(tx->commit());
    return out;
}

Result<std::int64_t> ChangeLog::pending_count() {
    auto stmt = db_.cached("SELECT count(*) FROM sync_outbox");
    if (!stmt) return stmt.error();
    return single_int(**stmt);
}

Result<std::vector<std::string>> ChangeLog::queued_fields(std::string_view table, std::string_view row_id) {
    std::vector<std::string> out;
    const domain::EntityDesc* entity = find_table(table);
    if (entity == nullptr) return out;
    auto rid = rid_of(*entity, row_id);
    if (!rid) return rid.error();
    if (*rid == 0) return out;
    auto tbl = name_id(std::string(entity->table));
    if (!tbl) return tbl.error();
    auto stmt = db_.cached("SELECT field FROM sync_outbox WHERE tbl = ?1 AND row = ?2");
    if (!stmt) return stmt.error();
    (*stmt)->bind(1, *tbl).bind(2, *rid);
    std::vector<int> fids;
    while (true) {
        auto row = (*stmt)->step();
        if (!row) return row.error();
        if (!*row) break;
        fids.push_back(static_cast<int>((*stmt)->column_int(0)));
    }
    (void)(*stmt)->reset();
    for (const int fid : fids) {  // "table.field" in sync_names
        const std::string qualified = name_of(fid);
        if (qualified.size() > entity->table.size())
            out.push_back(qualified.substr(entity->table.size() + 1));
    }
    return out;
}

Result<std::int64_t> ChangeLog::pending_records() {
    auto stmt = db_.cached("SELECT count(*) FROM (SELECT 1 FROM sync_outbox GROUP BY tbl, row)");
    if (!stmt) return stmt.error();
    return single_int(**stmt);
}

Status ChangeLog::acknowledge(const std::vector<Change>& sent) {
    for (const Change& c : sent) {
        const domain::EntityDesc* entity = find_table(c.table);
        if (entity == nullptr) continue;
        auto rid = rid_of(*entity, c.row_id);
        if (!rid) return rid.error();
        auto fid = name_id(field_name(*entity, c.field));
        auto tbl = name_id(std::string(entity->table));
        if (!fid || !tbl) continue;
        auto now = clock_at(*entity, *rid, *fid);
        if (!now) return now.error();
        // Written again while the push was in flight: that newer write still waits to be sent.
        if (*now && ((*now)->hlc != c.hlc || (*now)->device != c.device)) continue;
        auto del = db_.cached("DELETE FROM sync_outbox WHERE tbl = ?1 AND row = ?2 AND field = ?3");
        if (!del) return del.error();
        (*del)->bind(1, *tbl).bind(2, *rid).bind(3, *fid);
        CRM_TRY((*del)->run());
    }
    return {};
}

Result<std::vector<Change>> ChangeLog::pending_after(Hlc bound) {
    auto all = pending(std::numeric_limits<int>::max());
    if (!all) return all.error();
    std::vector<Change> out;
    for (auto& c : *all)
        if (c.hlc > bound && c.device == device_) out.push_back(std::move(c));
    std::sort(out.begin(), out.end(), [](const Change& a, const Change& b) { return a.hlc < b.hlc; });
    return out;
}

Status ChangeLog::restamp(const Change& change, Hlc hlc) {
    const domain::EntityDesc* entity = find_table(change.table);
    if (entity == nullptr) return {};
    auto rid = rid_of(*entity, change.row_id);
    if (!rid) return rid.error();
    // A base stamped in the future (a record created with the fast clock) comes back to the corrected time
    // too: every field it covers is in the outbox and gets its own new clock here.
    // updated_at only ever grows: the future time it took from the old stamp is taken back too.
    auto base =
        db_.cached("UPDATE " + std::string(entity->table) +
                   " SET sync_hlc = CASE WHEN sync_hlc > ?1 AND sync_site = ?3 THEN ?1 ELSE sync_hlc END, "
                   "updated_at = min(updated_at, ?4) WHERE rid = ?2");
    if (!base) return base.error();
    (*base)->bind(1, hlc.packed()).bind(2, *rid).bind(3, own_site_).bind(4, hlc.ms);
    CRM_TRY((*base)->run());
    CRM_TRY(set_field_clock(*entity, *rid, change.field, hlc, own_site_));
    return bump_seq(*entity, *rid);
}

Result<std::int64_t> ChangeLog::count() {
    std::int64_t total = 0;
    for (const auto& e : registry_.entities()) {
        // Sequence 0: a row the migration makes on every replica (the journey's defaults), never in a pull.
        auto stmt = db_.prepare("SELECT count(*) FROM " + std::string(e.table) + " WHERE sync_seq > 0");
        if (!stmt) return stmt.error();
        auto n = single_int(*stmt);
        if (!n) return n.error();
        int replicated = 0;
        for (const auto& f : e.fields) replicated += f.replicated ? 1 : 0;
        total += *n * replicated;
    }
    return total;
}

Result<Hlc> ChangeLog::newest() {
    auto saved = storage::get_meta(db_, kClockKey);
    if (!saved) return saved.error();
    if (!*saved) return Hlc{};
    std::int64_t packed = 0;
    for (char c : **saved) {
        if (c < '0' || c > '9') return Hlc{};
        packed = packed * 10 + (c - '0');
    }
    return Hlc::unpack(packed);
}

}  // namespace crm::sync
