#include "core/sync/change_log.hpp"

#include <utility>

#include "core/limits.hpp"

namespace crm::sync {

namespace {

constexpr const char* kColumns = "SELECT seq, tbl, row_id, field, value, hlc, device FROM changes ";

Result<Change> read_change(const storage::Statement& stmt) {
    Change c;
    c.seq = stmt.column_int(0);
    c.table = stmt.column_text(1);
    c.row_id = stmt.column_text(2);
    c.field = stmt.column_text(3);
    c.value = nlohmann::json::parse(stmt.column_text(4), nullptr, false);
    if (c.value.is_discarded()) {
        return make_error(ErrorCode::Storage,
                          "change " + std::to_string(c.seq) + " holds a value that is not JSON");
    }
    c.hlc = Hlc::unpack(stmt.column_int(5));
    c.device = stmt.column_text(6);
    return c;
}

Result<std::vector<Change>> collect(storage::Statement& stmt) {
    std::vector<Change> out;
    for (;;) {
        auto row = stmt.step();
        if (!row) return row.error();
        if (!*row) return out;
        auto c = read_change(stmt);
        if (!c) return c.error();
        out.push_back(std::move(c).value());
    }
}

Result<std::int64_t> single_int(storage::Statement& stmt) {
    auto row = stmt.step();
    if (!row) return row.error();
    return *row ? stmt.column_int(0) : 0;
}

// How to find one device's changes after `after_seq`: "+device" (walk the log by seq from there) when few
// rows follow, as on a device that has pushed its edits; plain "device" (the index of the device's changes)
// when many do, as after pulling a large history. SQLite alone always takes the index, which on a device that
// made 100k records itself scans over a million entries for a handful of pending ones.
const char* device_column(std::int64_t last_seq, std::int64_t after_seq) {
    return last_seq - after_seq <= limits::kChangeLogWalkRows ? "+device" : "device";
}

}  // namespace

ChangeLog::ChangeLog(storage::Database& db, HlcClock& clock, std::string device_id)
    : db_(db), clock_(clock), device_(std::move(device_id)) {}

Status ChangeLog::append(const Change& change) {
    // OR IGNORE: the UNIQUE(device, hlc, tbl, row_id, field) key makes a replayed change a no-op.
    auto stmt = db_.cached(
        "INSERT OR IGNORE INTO changes(tbl, row_id, field, value, hlc, device) VALUES(?1, ?2, ?3, ?4, ?5, "
        "?6)");
    if (!stmt) return stmt.error();
    (*stmt)
        ->bind(1, change.table)
        .bind(2, change.row_id)
        .bind(3, change.field)
        .bind(4, change.value.dump())
        .bind(5, change.hlc.packed())
        .bind(6, change.device);
    return (*stmt)->run();
}

Status ChangeLog::record(std::string_view table, std::string_view row_id, std::string_view field,
                         const nlohmann::json& value, Hlc hlc) {
    Change c;
    c.table = std::string(table);
    c.row_id = std::string(row_id);
    c.field = std::string(field);
    c.value = value;
    c.hlc = hlc;
    c.device = device_;
    return append(c);
}

Result<std::vector<Change>> ChangeLog::since(std::int64_t after_seq, int limit) {
    auto stmt = db_.prepare(std::string(kColumns) + "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, after_seq).bind(2, limit);
    return collect(*stmt);
}

Result<std::vector<Change>> ChangeLog::since_from(std::int64_t after_seq, std::string_view device,
                                                  int limit) {
    auto last = last_seq();
    if (!last) return last.error();
    auto stmt = db_.prepare(std::string(kColumns) + "WHERE seq > ?1 AND " + device_column(*last, after_seq) +
                            " = ?2 ORDER BY seq LIMIT ?3");
    if (!stmt) return stmt.error();
    stmt->bind(1, after_seq).bind(2, device).bind(3, limit);
    return collect(*stmt);
}

Result<std::int64_t> ChangeLog::count_since_from(std::int64_t after_seq, std::string_view device) {
    auto last = last_seq();
    if (!last) return last.error();
    auto stmt = db_.prepare(std::string("SELECT count(*) FROM changes WHERE seq > ?1 AND ") +
                            device_column(*last, after_seq) + " = ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, after_seq).bind(2, device);
    return single_int(*stmt);
}

Result<std::optional<Change>> ChangeLog::winner(std::string_view table, std::string_view row_id,
                                                std::string_view field) {
    auto cached =
        db_.cached(std::string(kColumns) +
                   "WHERE tbl = ?1 AND row_id = ?2 AND field = ?3 ORDER BY hlc DESC, device DESC LIMIT 1");
    if (!cached) return cached.error();
    storage::Statement& stmt = **cached;
    stmt.bind(1, table).bind(2, row_id).bind(3, field);
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return std::optional<Change>{};
    auto c = read_change(stmt);
    (void)stmt.reset();  // do not keep a read cursor open between calls
    if (!c) return c.error();
    return std::optional<Change>{std::move(c).value()};
}

Result<std::vector<Change>> ChangeLog::own_after(std::int64_t after_seq, Hlc hlc) {
    auto stmt =
        db_.prepare(std::string(kColumns) + "WHERE seq > ?1 AND device = ?2 AND hlc > ?3 ORDER BY seq");
    if (!stmt) return stmt.error();
    stmt->bind(1, after_seq).bind(2, device_).bind(3, hlc.packed());
    return collect(*stmt);
}

Status ChangeLog::restamp(std::int64_t seq, Hlc hlc) {
    auto stmt = db_.prepare("UPDATE changes SET hlc = ?1 WHERE seq = ?2 AND device = ?3");
    if (!stmt) return stmt.error();
    stmt->bind(1, hlc.packed()).bind(2, seq).bind(3, device_);
    return stmt->run();
}

Result<Hlc> ChangeLog::newest_until(Hlc bound) {
    auto stmt = db_.prepare("SELECT coalesce(max(hlc), 0) FROM changes WHERE hlc <= ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, bound.packed());
    auto n = single_int(*stmt);
    if (!n) return n.error();
    return Hlc::unpack(*n);
}

Result<std::int64_t> ChangeLog::count() {
    auto stmt = db_.prepare("SELECT count(*) FROM changes");
    if (!stmt) return stmt.error();
    return single_int(*stmt);
}

Result<std::int64_t> ChangeLog::last_seq() {
    auto stmt = db_.prepare("SELECT coalesce(max(seq), 0) FROM changes");
    if (!stmt) return stmt.error();
    return single_int(*stmt);
}

}  // namespace crm::sync
