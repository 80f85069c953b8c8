#include "core/domain/today.hpp"

#include <algorithm>

#include "core/domain/activity.hpp"
#include "core/domain/entity.hpp"
#include "core/domain/repository.hpp"
#include "core/limits.hpp"
#include "core/util/civil_date.hpp"
#include "core/store.hpp"

namespace crm::domain {

namespace {

constexpr std::int64_t kDayMs = civil::kMsPerDay;
constexpr std::int64_t kHourMs = civil::kMsPerHour;

// A planned activity is "planned" in SQL the way is_planned() says it: a due time and no done time. The
// unary plus keeps SQLite on the (deleted, done_at) index, whose done_at IS NULL range is exactly the open
// activities (few), instead of the due_at range (every past activity, done or not).
constexpr std::string_view kPlanned = "a.deleted = 0 AND a.done_at IS NULL AND +a.due_at IS NOT NULL";
constexpr std::string_view kActivityColumns =
    "a.id, a.type, a.subject, a.company_id, a.contact_id, a.deal_id, a.owner_id, a.due_at, a.all_day, a.done_at";

const EntityDesc* activity_entity(Store& store) {
    return store.registry().find(entity::kActivity);
}

std::string table_of(Store& store, std::string_view entity) {
    const EntityDesc* e = store.registry().find(entity);
    return e != nullptr ? std::string(e->table) : std::string();
}

TodayRow read_activity(const storage::Statement& s) {
    TodayRow row;
    row.entity = std::string(entity::kActivity);
    row.id = s.column_text(0);
    row.type = s.column_text(1);
    row.subject = s.column_text(2);
    row.company_id = s.column_text(3);
    row.contact_id = s.column_text(4);
    row.deal_id = s.column_text(5);
    row.owner = s.column_text(6);
    if (!s.is_null(7)) row.due_at = s.column_int(7);
    row.all_day = !s.is_null(8) && s.column_int(8) != 0;
    row.done = !s.is_null(9);
    return row;
}

// The customers' names of the rows kept (a few hundred at most), not of every row scanned.
Status name_customers(Store& store, std::vector<TodayRow>& rows) {
    const std::string companies = table_of(store, entity::kCompany);
    const std::string contacts = table_of(store, entity::kContact);
    for (TodayRow& row : rows) {
        const bool company = !row.company_id.empty();
        const std::string& id = company ? row.company_id : row.contact_id;
        const std::string& table = company ? companies : contacts;
        if (id.empty() || table.empty()) continue;
        auto stmt = store.db().cached("SELECT name FROM " + table + " WHERE id = ?1 AND deleted = 0");
        if (!stmt) return stmt.error();
        (*stmt)->bind(1, id);
        auto has = (*stmt)->step();
        if (!has) return has.error();
        if (*has) row.customer = (*stmt)->column_text(0);
        if (auto reset = (*stmt)->reset(); !reset.ok()) return reset;
    }
    return {};
}

void keep(TodayGroupRows& group, TodayRow row) {
    ++group.count;
    if (group.rows.size() < static_cast<std::size_t>(limits::kTodayMaxRows))
        group.rows.push_back(std::move(row));
}

// The day classification of activity.hpp, run on a scratch record so the screen and the rules agree.
DueClass classify(Record& scratch, const TodayRow& row, const TodayQuery& q) {
    scratch.set("due_at", row.due_at ? nlohmann::json(*row.due_at) : nlohmann::json(nullptr));
    scratch.set("all_day", row.all_day);
    scratch.set("done_at", row.done ? nlohmann::json(0) : nlohmann::json(nullptr));
    return classify_due(scratch, q.now_ms, q.offset_ms);
}

Status load_planned(Store& store, const EntityDesc& activity, const TodayQuery& q, TodayData& out) {
    const std::int64_t today = day_number(q.now_ms, q.offset_ms);
    // Nothing due after the last "later" day is read: both the zone's and the floating (all-day) end.
    const std::int64_t end_day = today + 1 + limits::kTodayLaterDays;
    const std::int64_t end = std::max(day_start_ms(end_day, q.offset_ms), end_day * kDayMs);
    std::string sql = "SELECT " + std::string(kActivityColumns) + " FROM " + std::string(activity.table) +
                      " a WHERE " + std::string(kPlanned) + " AND +a.due_at < ?1";
    if (!q.owner.empty()) sql += " AND a.owner_id = ?2";
    // No ORDER BY: the rows are sorted below by the day's order, and an ORDER BY due_at would draw SQLite to
    // the due_at index (every activity ever due) to skip a sort of the few open ones.
    auto stmt = store.db().prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, end);
    if (!q.owner.empty()) stmt->bind(2, q.owner);
    Record scratch(activity);
    // Per group: (calendar day, timed after all-day, due_at) → row. SQL's due_at order is not the day's: an
    // all-day date is 00:00 UTC, which is another hour of the day in every zone.
    using Keyed = std::pair<std::array<std::int64_t, 3>, TodayRow>;
    std::array<std::vector<Keyed>, 3> groups;
    for (;;) {
        auto has = stmt->step();
        if (!has) return has.error();
        if (!*has) break;
        TodayRow row = read_activity(*stmt);
        const DueClass due = classify(scratch, row, q);
        if (due == DueClass::None) continue;
        const std::int64_t day = *due_day(scratch, q.offset_ms);
        if (due == DueClass::Later && day >= end_day) continue;
        const std::size_t g = due == DueClass::Overdue ? 0 : due == DueClass::Today ? 1 : 2;
        std::array<std::int64_t, 3> key{day, row.all_day ? 0 : 1, *row.due_at};
        groups[g].emplace_back(key, std::move(row));
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
        std::stable_sort(groups[g].begin(), groups[g].end(),
                         [](const Keyed& a, const Keyed& b) { return a.first < b.first; });
        for (Keyed& k : groups[g]) keep(out.groups[g], std::move(k.second));
    }
    return {};
}

// Today's visits, done or not, in planned order: the (deleted, due_at) range covering today in the zone and
// as a floating date; the type test is left to the row (+) so SQLite does not prefer the type index.
Status load_visits(Store& store, const EntityDesc& activity, const TodayQuery& q, TodayData& out) {
    const std::int64_t today = day_number(q.now_ms, q.offset_ms);
    const std::int64_t lo = std::min(day_start_ms(today, q.offset_ms), today * kDayMs);
    const std::int64_t hi = std::max(day_start_ms(today + 1, q.offset_ms), (today + 1) * kDayMs);
    std::string sql = "SELECT " + std::string(kActivityColumns) + " FROM " + std::string(activity.table) +
                      " a WHERE a.deleted = 0 AND a.due_at >= ?1 AND a.due_at < ?2 AND +a.type = ?3";
    if (!q.owner.empty()) sql += " AND a.owner_id = ?4";
    sql += " ORDER BY a.due_at, a.rowid";
    auto stmt = store.db().prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, lo).bind(2, hi).bind(3, activity_type::kVisit);
    if (!q.owner.empty()) stmt->bind(4, q.owner);
    Record scratch(activity);
    TodayGroupRows& visits = out.groups[static_cast<std::size_t>(TodayGroup::Visits)];
    for (;;) {
        auto has = stmt->step();
        if (!has) return has.error();
        if (!*has) break;
        TodayRow row = read_activity(*stmt);
        scratch.set("due_at", *row.due_at).set("all_day", row.all_day);
        if (due_day(scratch, q.offset_ms) == today) keep(visits, std::move(row));
    }
    return {};
}

// Open deals with no planned activity: the deals are scanned (open ones are what a rep works), the check
// runs through the activities' deal_id index. Longest without activity first.
Status load_idle_deals(Store& store, const EntityDesc& activity, const TodayQuery& q, TodayGroupRows& out) {
    const std::string deals = table_of(store, entity::kDeal);
    if (deals.empty()) return {};
    std::string sql = "SELECT d.id, d.title, d.company_id, d.contact_id, d.owner_id FROM " + deals +
                      " d WHERE d.deleted = 0 AND d.status = 'open'";
    if (!q.owner.empty()) sql += " AND d.owner_id = ?1";
    sql += " AND NOT EXISTS (SELECT 1 FROM " + std::string(activity.table) +
           " a WHERE a.deal_id = d.id AND " + std::string(kPlanned) +
           ") ORDER BY COALESCE(d.last_activity_at, d.stage_entered_at, 0), d.rowid";
    auto stmt = store.db().prepare(sql);
    if (!stmt) return stmt.error();
    if (!q.owner.empty()) stmt->bind(1, q.owner);
    for (;;) {
        auto has = stmt->step();
        if (!has) return has.error();
        if (!*has) break;
        TodayRow row;
        row.entity = std::string(entity::kDeal);
        row.id = stmt->column_text(0);
        row.subject = stmt->column_text(1);
        row.deal_id = row.id;
        row.company_id = stmt->column_text(2);
        row.contact_id = stmt->column_text(3);
        row.owner = stmt->column_text(4);
        keep(out, std::move(row));
    }
    return {};
}

// Customers served recently (a done activity in the last kNoNextStepRecentDays, by the owner asked for) with
// nothing planned for them: companies by company_id, private persons (activities with a contact and no
// company) by contact_id. The done range is the (deleted, done_at) index; the "nothing planned" check the
// reference index. Served longest ago first: they go cold first.
Status load_idle_customers(Store& store, const EntityDesc& activity, const TodayQuery& q, bool companies,
                           TodayGroupRows& out) {
    const std::string customers = table_of(store, companies ? entity::kCompany : entity::kContact);
    if (customers.empty()) return {};
    const std::string ref = companies ? "company_id" : "contact_id";
    const std::string t(activity.table);
    std::string sql = "SELECT c.id, c.name, k.last FROM (SELECT a." + ref +
                      " AS cid, MAX(a.done_at) AS last FROM " + t +
                      " a WHERE a.deleted = 0 AND a.done_at >= ?1 AND a." + ref + " IS NOT NULL";
    if (!companies) sql += " AND a.company_id IS NULL";
    if (!q.owner.empty()) sql += " AND a.owner_id = ?2";
    sql += " GROUP BY a." + ref + ") k JOIN " + customers +
           " c ON c.id = k.cid AND c.deleted = 0 WHERE NOT EXISTS (SELECT 1 FROM " + t + " a WHERE a." + ref +
           " = k.cid AND " + std::string(kPlanned) + ") ORDER BY k.last, c.rowid";
    auto stmt = store.db().prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, q.now_ms - limits::kNoNextStepRecentDays * kDayMs);
    if (!q.owner.empty()) stmt->bind(2, q.owner);
    for (;;) {
        auto has = stmt->step();
        if (!has) return has.error();
        if (!*has) break;
        TodayRow row;
        row.entity = std::string(companies ? entity::kCompany : entity::kContact);
        row.id = stmt->column_text(0);
        row.subject = stmt->column_text(1);
        (companies ? row.company_id : row.contact_id) = row.id;
        row.last_done_at = stmt->column_int(2);
        keep(out, std::move(row));
    }
    return {};
}

}  // namespace

std::string_view to_key(TodayGroup group) {
    switch (group) {
        case TodayGroup::Overdue:
            return "overdue";
        case TodayGroup::Today:
            return "today";
        case TodayGroup::Later:
            return "later";
        case TodayGroup::NoNextStep:
            return "no_next_step";
        case TodayGroup::Visits:
            return "visits";
    }
    return "overdue";
}

Result<TodayData> load_today(Store& store, const TodayQuery& query) {
    TodayData out;
    for (std::size_t i = 0; i < kTodayGroupCount; ++i) out.groups[i].group = static_cast<TodayGroup>(i);
    const EntityDesc* activity = activity_entity(store);
    if (activity == nullptr) return out;
    if (auto s = load_planned(store, *activity, query, out); !s.ok()) return s.error();
    if (auto s = load_visits(store, *activity, query, out); !s.ok()) return s.error();
    TodayGroupRows& idle = out.groups[static_cast<std::size_t>(TodayGroup::NoNextStep)];
    if (auto s = load_idle_deals(store, *activity, query, idle); !s.ok()) return s.error();
    if (auto s = load_idle_customers(store, *activity, query, true, idle); !s.ok()) return s.error();
    if (auto s = load_idle_customers(store, *activity, query, false, idle); !s.ok()) return s.error();
    for (TodayGroupRows& g : out.groups)
        if (auto s = name_customers(store, g.rows); !s.ok()) return s.error();
    return out;
}

Result<std::int64_t> count_overdue(Store& store, const TodayQuery& query) {
    const EntityDesc* activity = activity_entity(store);
    if (activity == nullptr) return std::int64_t{0};
    // A timed one is overdue once its time passed; an all-day one once its (floating) day is before today.
    const std::int64_t today_floating = day_number(query.now_ms, query.offset_ms) * kDayMs;
    std::string sql = "SELECT COUNT(*) FROM " + std::string(activity->table) + " a WHERE " +
                      std::string(kPlanned) +
                      " AND ((a.all_day = 1 AND +a.due_at < ?1) OR (a.all_day = 0 AND +a.due_at < ?2))";
    if (!query.owner.empty()) sql += " AND a.owner_id = ?3";
    auto stmt = store.db().prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, today_floating).bind(2, query.now_ms);
    if (!query.owner.empty()) stmt->bind(3, query.owner);
    auto has = stmt->step();
    if (!has) return has.error();
    return *has ? stmt->column_int(0) : std::int64_t{0};
}

Result<std::vector<TodayRow>> activities_falling_due(Store& store, std::int64_t after_ms,
                                                     std::int64_t until_ms, const std::string& owner,
                                                     int limit) {
    std::vector<TodayRow> rows;
    const EntityDesc* activity = activity_entity(store);
    if (activity == nullptr || until_ms <= after_ms) return rows;
    // Here the due_at range is the narrow one (a second or a few minutes): its index, done_at tested per row.
    std::string sql =
        "SELECT " + std::string(kActivityColumns) + " FROM " + std::string(activity->table) +
        " a WHERE a.deleted = 0 AND a.due_at > ?1 AND a.due_at <= ?2 AND +a.done_at IS NULL AND "
        "COALESCE(a.all_day, 0) = 0"
        // A visit already under way needs no reminder (a check-in without a plan is due at its start).
        " AND a.check_in_at IS NULL";
    if (!owner.empty()) sql += " AND a.owner_id = ?4";
    sql += " ORDER BY a.due_at, a.rowid LIMIT ?3";
    auto stmt = store.db().prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, after_ms).bind(2, until_ms).bind(3, limit);
    if (!owner.empty()) stmt->bind(4, owner);
    for (;;) {
        auto has = stmt->step();
        if (!has) return has.error();
        if (!*has) break;
        rows.push_back(read_activity(*stmt));
    }
    if (auto s = name_customers(store, rows); !s.ok()) return s.error();
    return rows;
}

std::int64_t follow_up_due_ms(std::int64_t now_ms, std::int64_t offset_ms) {
    return day_start_ms(day_number(now_ms, offset_ms) + 1, offset_ms) + limits::kFollowUpHourLocal * kHourMs;
}

Record follow_up_draft(const Record& done, std::int64_t now_ms, std::int64_t offset_ms) {
    Record next(done.entity());
    for (std::string_view f : {"type", "company_id", "contact_id", "deal_id", "owner_id"})
        next.set(f, done.get(f));
    const std::string step = done.text("next_step");
    next.set("subject", step.empty() ? done.text("subject") : step);
    next.set("due_at", follow_up_due_ms(now_ms, offset_ms));
    next.set("all_day", false);
    return next;
}

Result<Record> complete_activity(Store& store, const std::string& id, const std::string& result,
                                 std::int64_t now_ms) {
    Repository repo = store.records(entity::kActivity);
    auto current = repo.get(id);
    if (!current) return current.error();
    Record edited = *current;
    edited.set("done_at", now_ms);
    if (!result.empty()) edited.set("result", result);
    return repo.update(edited);
}

}  // namespace crm::domain
