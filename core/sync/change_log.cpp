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

Status ChangeLog::open() {
    auto tx = storage::Transaction::begin(db_);
    if (!tx) return tx.error();
    // Every name is registered up front, in its own commit, so a write never adds one inside a transaction
    // that might roll back.
    for (const auto& e : registry_.entities()) {
        std::vector<std::string> names{std::string(e.table)};
        for (const auto& f : e.fields) names.push_back(field_name(e, f.name));
        for (const auto& n : names) {
            auto ins = db_.cached("INSERT OR IGNORE INTO sync_names(name) VALUES (?1)");
            if (!ins) return ins.error();
            (*ins)->bind(1, n);
            CRM_TRY((*ins)->run());
        }
    }
    auto all = db_.prepare("SELECT id, name FROM sync_names");
    if (!all) return all.error();
    while (true) {
        auto row = all->step();
        if (!row) return row.error();
        if (!*row) break;
        const int id = static_cast<int>(all->column_int(0));
        names_[all->column_text(1)] = id;
        names_by_id_[id] = all->column_text(1);
    }
    auto own = site_id(device_);
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
    CRM_TRY(tx->commit());
    // A rolled-back transaction may have added sites that the cache would then name wrongly: forget them.
    sqlite3_rollback_hook(
        db_.handle(),
        [](void* self) {
            auto* log = static_cast<ChangeLog*>(self);
            log->sites_.clear();
            log->sites_by_id_.clear();
            log->names_.clear();
            log->names_by_id_.clear();
        },
        this);
    return {};
}

Result<int> ChangeLog::name_id(const std::string& name) {
    if (const auto it = names_.find(name); it != names_.end()) return it->second;
    // A table of another registry than the app's (tests): registered on first use; a rollback makes the
    // caches forget it (open()'s hook).
    auto ins = db_.cached("INSERT OR IGNORE INTO sync_names(name) VALUES (?1)");
    if (!ins) return ins.error();
    (*ins)->bind(1, name);
    CRM_TRY((*ins)->run());
    auto sel = db_.cached("SELECT id FROM sync_names WHERE name = ?1");
    if (!sel) return sel.error();
    (*sel)->bind(1, name);
    auto id = single_int(**sel);
    if (!id) return id.error();
    names_[name] = static_cast<int>(*id);
    names_by_id_[static_cast<int>(*id)] = name;
    return static_cast<int>(*id);
}

const domain::EntityDesc* ChangeLog::find_table(std::string_view table) const {
    if (const domain::EntityDesc* e = registry_.find_table(table)) return e;
    const auto it = others_.find(std::string(table));
    return it == others_.end() ? nullptr : it->second;
}

Result<int> ChangeLog::site_id(const std::string& uuid) {
    if (const auto it = sites_.find(uuid); it != sites_.end()) return it->second;
    auto ins = db_.cached("INSERT OR IGNORE INTO sync_sites(uuid) VALUES (?1)");
    if (!ins) return ins.error();
    (*ins)->bind(1, uuid);
    CRM_TRY((*ins)->run());
    auto sel = db_.cached("SELECT id FROM sync_sites WHERE uuid = ?1");
    if (!sel) return sel.error();
    (*sel)->bind(1, uuid);
    auto id = single_int(**sel);
    if (!id) return id.error();
    sites_[uuid] = static_cast<int>(*id);
    sites_by_id_[static_cast<int>(*id)] = uuid;
    return static_cast<int>(*id);
}

std::string ChangeLog::name_of(int id) {
    if (const auto it = names_by_id_.find(id); it != names_by_id_.end()) return it->second;
    auto sel = db_.cached("SELECT name FROM sync_names WHERE id = ?1");
    if (!sel) return {};
    (*sel)->bind(1, id);
    auto row = (*sel)->step();
    std::string name = row && *row ? (*sel)->column_text(0) : std::string();
    (void)(*sel)->reset();
    if (!name.empty()) {
        names_by_id_[id] = name;
        names_[name] = id;
    }
    return name;
}

const std::string& ChangeLog::site_uuid(int site) const {
    static const std::string kNone;
    if (const auto it = sites_by_id_.find(site); it != sites_by_id_.end()) return it->second;
    // Not cached (a new connection, or forgotten after a rollback): read it and keep it.
    auto sel = db_.cached("SELECT uuid FROM sync_sites WHERE id = ?1");
    if (!sel) return kNone;
    (*sel)->bind(1, site);
    auto row = (*sel)->step();
    if (!row || !*row) {
        (void)(*sel)->reset();
        return kNone;
    }
    std::string uuid = (*sel)->column_text(0);
    (void)(*sel)->reset();
    auto& self = const_cast<ChangeLog&>(*this);
    self.sites_[uuid] = site;
    return self.sites_by_id_[site] = std::move(uuid);
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
        if (!created) CRM_TRY(set_field_clock(entity, *rid, f, hlc, own_site_));
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
    auto clock = winner(table, row_id, field);
    if (!clock) return clock.error();
    if (!*clock) return std::optional<Change>{};
    std::string select = "SELECT 1";
    for (const auto& c : domain::columns_of(*def)) select += ", " + c.name;
    auto read = db_.cached(select + " FROM " + std::string(entity->table) + " WHERE id = ?1");
    if (!read) return read.error();
    (*read)->bind(1, row_id);
    auto found = (*read)->step();
    if (!found) return found.error();
    std::optional<Change> out;
    if (*found) {
        Change c;
        c.table = std::string(table);
        c.row_id = std::string(row_id);
        c.field = std::string(field);
        int col = 1;
        c.value = domain::read_value(**read, col, *def);
        c.hlc = (*clock)->hlc;
        c.device = (*clock)->device;
        out = std::move(c);
    }
    (void)(*read)->reset();
    return out;
}

namespace {

// Reads one record's replicated fields as changes: the values from its row, the clocks from its base and
// overrides. `select` is "SELECT id, <field columns...>, sync_hlc, sync_site, sync_seq FROM t WHERE rid =
// ?1".
struct RowReader {
    const domain::EntityDesc& entity;
    std::string select;
    explicit RowReader(const domain::EntityDesc& e) : entity(e) {
        select = "SELECT id";
        for (const auto& f : e.fields)
            for (const auto& c : domain::columns_of(f)) select += ", " + c.name;
        select += ", sync_hlc, sync_site, sync_seq FROM " + std::string(e.table) + " WHERE rid = ?1";
    }
};

}  // namespace

Result<std::vector<RecordState>> ChangeLog::since_records(std::int64_t after_seq, int max_records,
                                                          bool* more) {
    // The records in sequence order across every table: each branch is a walk of its sync_seq index,
    // merged by SQLite.
    std::string sql;
    std::vector<const domain::EntityDesc*> by_branch;
    for (const auto& e : registry_.entities()) {
        if (!sql.empty()) sql += " UNION ALL ";
        sql += "SELECT sync_seq, " + std::to_string(by_branch.size()) + ", rid FROM " + std::string(e.table) +
               " WHERE sync_seq > ?1";
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
        RowReader reader(*entity);
        auto read = db_.cached(reader.select);
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

Status ChangeLog::adopt(const domain::EntityDesc& entity, const RecordState& record) {
    auto rid = rid_of(entity, record.id);
    if (!rid) return rid.error();
    if (*rid == 0) return make_error(ErrorCode::NotFound, record.table + " " + record.id + " has no row");
    // The base is the clock most fields share (all of them, for a record made in one write). A field the
    // record does not carry has no clock: it votes for none, so a lone clocked field does not lend its
    // clock to the others.
    std::map<std::pair<std::int64_t, std::string>, int> votes;
    for (const auto& f : entity.fields) {
        if (!f.replicated) continue;
        const auto at = std::find(record.fields.begin(), record.fields.end(), f.name);
        const FieldClock c = at == record.fields.end()
                                 ? FieldClock{}
                                 : record.clocks[static_cast<std::size_t>(at - record.fields.begin())];
        ++votes[{c.hlc.packed(), c.device}];
    }
    std::pair<std::int64_t, std::string> base{0, ""};
    int best = 0;
    for (const auto& [clock, n] : votes)
        if (n > best) base = clock, best = n;
    int base_site = 0;
    if (best > 0 && !base.second.empty()) {
        auto site = site_id(base.second);
        if (!site) return site.error();
        base_site = *site;
    }
    auto set_base = db_.cached("UPDATE " + std::string(entity.table) +
                               " SET sync_hlc = ?1, sync_site = ?2 WHERE rid = ?3");
    if (!set_base) return set_base.error();
    (*set_base)->bind(1, base.first).bind(2, base_site).bind(3, *rid);
    CRM_TRY((*set_base)->run());
    auto tbl = name_id(std::string(entity.table));
    if (!tbl) return tbl.error();
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
        const FieldClock& c = record.clocks[i];
        if (c == FieldClock{} || (c.hlc.packed() == base.first && c.device == base.second)) continue;
        auto fid = name_id(field_name(entity, record.fields[i]));
        auto site = site_id(c.device);
        if (!fid || !site) continue;
        auto put = db_.cached(
            "INSERT OR REPLACE INTO sync_clocks(tbl, row, field, hlc, site) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!put) return put.error();
        (*put)->bind(1, *tbl).bind(2, *rid).bind(3, *fid).bind(4, c.hlc.packed()).bind(5, *site);
        CRM_TRY((*put)->run());
    }
    for (const auto& c : record.clocks) clock_.observe(c.hlc);
    return bump_seq(entity, *rid);
}

Result<std::vector<Change>> ChangeLog::pending(int limit) {
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
    std::vector<Change> out;
    out.reserve(entries.size());
    for (const auto& [tbl, rid, fid] : entries) {
        const domain::EntityDesc* entity = find_table(name_of(tbl));
        const std::string qualified = name_of(fid);
        if (entity == nullptr || qualified.size() <= entity->table.size()) continue;
        const std::string field = qualified.substr(entity->table.size() + 1);
        const domain::FieldDesc* def = entity->find(field);
        if (def == nullptr) continue;
        std::string select = "SELECT id";
        for (const auto& c : domain::columns_of(*def)) select += ", " + c.name;
        auto read = db_.cached(select + " FROM " + std::string(entity->table) + " WHERE rid = ?1");
        if (!read) return read.error();
        (*read)->bind(1, rid);
        auto found = (*read)->step();
        if (!found) return found.error();
        if (!*found) {
            (void)(*read)->reset();
            continue;
        }
        Change c;
        c.table = std::string(entity->table);
        c.row_id = (*read)->column_text(0);
        int col = 1;
        c.value = domain::read_value(**read, col, *def);
        (void)(*read)->reset();
        auto clock = clock_at(*entity, rid, fid);
        if (!clock) return clock.error();
        if (!*clock) continue;
        c.field = field;
        c.hlc = (*clock)->hlc;
        c.device = (*clock)->device;
        out.push_back(std::move(c));
    }
    return out;
}

Result<std::int64_t> ChangeLog::pending_count() {
    auto stmt = db_.cached("SELECT count(*) FROM sync_outbox");
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
    auto base = db_.cached("UPDATE " + std::string(entity->table) +
                           " SET sync_hlc = ?1 WHERE rid = ?2 AND sync_hlc > ?1 AND sync_site = ?3");
    if (!base) return base.error();
    (*base)->bind(1, hlc.packed()).bind(2, *rid).bind(3, own_site_);
    CRM_TRY((*base)->run());
    auto tbl = name_id(std::string(entity->table));
    auto fid = name_id(field_name(*entity, change.field));
    if (!tbl || !fid) return {};
    auto put = db_.cached(
        "INSERT OR REPLACE INTO sync_clocks(tbl, row, field, hlc, site) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!put) return put.error();
    (*put)->bind(1, *tbl).bind(2, *rid).bind(3, *fid).bind(4, hlc.packed()).bind(5, own_site_);
    CRM_TRY((*put)->run());
    return bump_seq(*entity, *rid);
}

Result<std::int64_t> ChangeLog::count() {
    std::int64_t total = 0;
    for (const auto& e : registry_.entities()) {
        auto stmt = db_.prepare("SELECT count(*) FROM " + std::string(e.table));
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
