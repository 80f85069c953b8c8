#include "core/domain/timeline.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/domain/activity.hpp"
#include "core/domain/journey.hpp"

namespace crm::domain {

namespace {

// The customer's own rows, or (for a company) also its contacts': `col` is the customer's reference in
// the source table, `contact_col` the column that may hold one of its contacts (empty: none). ?1 is the
// customer's id. Each side of the OR is served by its reference index.
std::string owned_by(bool company, const std::string& col, const std::string& contact_col) {
    if (!company) return contact_col + " = ?1";
    return "(" + col + " = ?1 OR " + contact_col +
           " IN (SELECT id FROM contacts WHERE company_id = ?1 AND deleted = 0))";
}

template <typename Fn>
Status each_row(storage::Database& db, const std::string& sql, const std::string& id, int limit,
                std::string_view extra, Fn&& fn) {
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, id).bind(2, limit);
    if (!extra.empty()) stmt->bind(3, extra);
    while (true) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) return {};
        fn(*stmt);
    }
}

std::string stage_label(const std::map<std::string, std::string, std::less<>>& labels,
                        const std::string& id) {
    if (id.empty()) return "-";
    const auto it = labels.find(id);
    return it != labels.end() ? it->second : id;  // a stage deleted since keeps its id readable
}

std::string activities_sql(bool company, bool by_type) {
    return "SELECT a.id, a.type, a.subject, coalesce(a.done_at, a.due_at, a.created_at) AS at, a.result, "
           "a.done_at IS NOT NULL, coalesce(c.name, '') FROM activities a "
           "LEFT JOIN contacts c ON c.id = a.contact_id AND ?1 <> a.contact_id WHERE a.deleted = 0 AND " +
           owned_by(company, "a.company_id", "a.contact_id") + (by_type ? " AND a.type = ?3" : "") +
           " ORDER BY at DESC LIMIT ?2";
}

std::string deals_from(bool company) {
    return "FROM deals d LEFT JOIN contacts c ON c.id = d.contact_id AND ?1 <> d.contact_id "
           "WHERE d.deleted = 0 AND " +
           owned_by(company, "d.company_id", "d.contact_id");
}

// Created and closed: two moments of one row.
std::string deals_sql(bool company) {
    return "SELECT d.id, d.title, d.created_at, d.status, d.closed_at, coalesce(c.name, '') " +
           deals_from(company) + " ORDER BY d.created_at DESC LIMIT ?2";
}

// Moves between open stages: a deal's first row (no "from") is its creation and a move into a won or lost
// stage its closing, both listed by deals_sql.
std::string moves_sql(bool company) {
    return "SELECT h.id, d.id, d.title, h.title, h.moved_at, coalesce(c.name, '') FROM deals d "
           "JOIN stage_history h ON h.deal_id = d.id "
           "LEFT JOIN stages s ON s.id = h.to_stage_id "
           "LEFT JOIN contacts c ON c.id = d.contact_id AND ?1 <> d.contact_id "
           "WHERE d.deleted = 0 AND h.deleted = 0 AND coalesce(h.from_stage_id, '') <> '' AND "
           "coalesce(s.kind, 'open') = 'open' AND " +
           owned_by(company, "d.company_id", "d.contact_id") + " ORDER BY h.moved_at DESC LIMIT ?2";
}

std::string journey_sql(bool company) {
    return "SELECT h.record_id, h.entity, h.from_value, h.to_value, h.changed_at, coalesce(c.name, '') "
           "FROM field_history h LEFT JOIN contacts c ON c.id = h.record_id AND ?1 <> h.record_id "
           "WHERE h.deleted = 0 AND h.field = 'journey_stage' AND " +
           owned_by(company, "h.record_id", "h.record_id") + " ORDER BY h.changed_at DESC LIMIT ?2";
}

}  // namespace

std::vector<std::string> timeline_queries(const EntityDesc& customer) {
    const bool company = customer.name == entity::kCompany;
    return {activities_sql(company, false), activities_sql(company, true), deals_sql(company),
            moves_sql(company), journey_sql(company)};
}

std::string_view to_key(TimelineKind kind) {
    switch (kind) {
        case TimelineKind::Activity:
            return "activity";
        case TimelineKind::StageChange:
            return "stage";
        case TimelineKind::DealCreated:
            return "deal_created";
        case TimelineKind::DealWon:
            return "deal_won";
        case TimelineKind::DealLost:
            return "deal_lost";
        case TimelineKind::Journey:
            return "journey";
    }
    return "activity";
}

const std::vector<std::string_view>& timeline_filter_keys() {
    static const std::vector<std::string_view> keys = [] {
        std::vector<std::string_view> out(activity_type_keys().begin(), activity_type_keys().end());
        out.push_back(timeline_filter::kDeal);
        out.push_back(timeline_filter::kJourney);
        return out;
    }();
    return keys;
}

bool timeline_filter_matches(std::string_view filter, const TimelineItem& item) {
    if (filter.empty()) return true;
    if (filter == timeline_filter::kJourney) return item.kind == TimelineKind::Journey;
    if (filter == timeline_filter::kDeal)
        return item.kind != TimelineKind::Activity && item.kind != TimelineKind::Journey;
    return item.kind == TimelineKind::Activity && item.type == filter;
}

Result<std::vector<TimelineItem>> load_timeline(storage::Database& db, const EntityDesc& customer,
                                                const std::string& customer_id, const TimelineQuery& query) {
    std::vector<TimelineItem> items;
    const bool company = customer.name == entity::kCompany;
    if ((!company && customer.name != entity::kContact) || query.limit <= 0) return items;
    const std::string_view f = query.filter;
    const bool activity_filter = !f.empty() && f != timeline_filter::kDeal && f != timeline_filter::kJourney;
    const int limit = query.limit;

    if (f.empty() || activity_filter) {
        CRM_TRY(each_row(db, activities_sql(company, activity_filter), customer_id, limit,
                         activity_filter ? f : std::string_view(), [&](const storage::Statement& s) {
                             TimelineItem it;
                             it.record_id = s.column_text(0);
                             it.type = s.column_text(1);
                             it.title = s.column_text(2);
                             it.at_ms = s.column_int(3);
                             it.detail = s.column_text(4);
                             it.done = s.column_int(5) != 0;
                             it.who = s.column_text(6);
                             it.entity = entity::kActivity;
                             items.push_back(std::move(it));
                         }));
    }
    if (f.empty() || f == timeline_filter::kDeal) {
        CRM_TRY(each_row(db, deals_sql(company), customer_id, limit, {}, [&](const storage::Statement& s) {
            TimelineItem it;
            it.record_id = s.column_text(0);
            it.title = s.column_text(1);
            it.at_ms = s.column_int(2);
            it.who = s.column_text(5);
            it.entity = entity::kDeal;
            it.kind = TimelineKind::DealCreated;
            const std::string status = s.column_text(3);
            if ((status == "won" || status == "lost") && !s.is_null(4)) {
                TimelineItem closed = it;
                closed.kind = status == "won" ? TimelineKind::DealWon : TimelineKind::DealLost;
                closed.at_ms = s.column_int(4);
                items.push_back(std::move(closed));
            }
            items.push_back(std::move(it));
        }));
        CRM_TRY(each_row(db, moves_sql(company), customer_id, limit, {}, [&](const storage::Statement& s) {
            TimelineItem it;
            it.kind = TimelineKind::StageChange;
            it.record_id = s.column_text(1);
            it.title = s.column_text(2);
            it.detail = s.column_text(3);
            it.at_ms = s.column_int(4);
            it.who = s.column_text(5);
            it.entity = entity::kDeal;
            items.push_back(std::move(it));
        }));
    }
    if (f.empty() || f == timeline_filter::kJourney) {
        auto stages = load_journey(db);
        if (!stages) return stages.error();
        std::map<std::string, std::string, std::less<>> labels;
        for (const JourneyStage& s : *stages) labels[s.id] = s.label;
        CRM_TRY(each_row(db, journey_sql(company), customer_id, limit, {}, [&](const storage::Statement& s) {
            TimelineItem it;
            it.kind = TimelineKind::Journey;
            it.record_id = s.column_text(0);
            it.entity = s.column_text(1) == entity::kContact ? entity::kContact : entity::kCompany;
            it.title = stage_label(labels, s.column_text(2)) + " → " + stage_label(labels, s.column_text(3));
            it.at_ms = s.column_int(4);
            it.who = s.column_text(5);
            items.push_back(std::move(it));
        }));
    }
    std::sort(items.begin(), items.end(), [](const TimelineItem& a, const TimelineItem& b) {
        return std::tie(b.at_ms, a.kind, b.record_id) < std::tie(a.at_ms, b.kind, a.record_id);
    });
    if (items.size() > static_cast<std::size_t>(limit)) items.resize(static_cast<std::size_t>(limit));
    return items;
}

}  // namespace crm::domain
