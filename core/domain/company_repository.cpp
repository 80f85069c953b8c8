#include <algorithm>
#include <string>

#include "core/domain/record_codec.hpp"
#include "core/domain/repositories.hpp"
#include "core/domain/repository_ops.hpp"
#include "core/domain/validation.hpp"
#include "core/limits.hpp"

namespace crm::domain {

namespace {

constexpr const char* kSelect =
    "SELECT c.id, c.name, c.phones, c.emails, c.address, c.notes, c.journey_stage, c.owner, c.created_at, "
    "c.updated_at, (SELECT count(*) FROM contacts k WHERE k.company_id = c.id AND k.deleted = 0) "
    "FROM companies c ";

Company read_company(const storage::Statement& s) {
    Company c;
    c.id = s.column_text(0);
    c.name = s.column_text(1);
    c.phones = list_from_text(s.column_text(2));
    c.emails = list_from_text(s.column_text(3));
    c.address = s.column_text(4);
    c.notes = s.column_text(5);
    c.journey_stage = journey_stage_from_key(s.column_text(6)).value_or(JourneyStage::Awareness);
    c.owner = s.column_text(7);
    c.created_at = s.column_int(8);
    c.updated_at = s.column_int(9);
    c.contact_count = static_cast<int>(s.column_int(10));
    return c;
}

// The editable, replicated fields (created_at and deleted are written by create/remove only).
FieldValues fields_of(const Company& c) {
    return {{"name", c.name},
            {"phones", list_to_json(c.phones)},
            {"emails", list_to_json(c.emails)},
            {"address", c.address},
            {"notes", c.notes},
            {"journey_stage", std::string(to_key(c.journey_stage))},
            {"owner", c.owner}};
}

}  // namespace

CompanyRepository::CompanyRepository(storage::Database& db, sync::ChangeLog& log, UuidGenerator& ids)
    : db_(db), log_(log), ids_(ids) {}

Result<Company> CompanyRepository::create(Company draft) {
    normalize(draft);
    CRM_TRY(first_error(validate(draft)));
    const sync::Hlc hlc = log_.clock().tick();
    const std::string id = ids_.make(hlc.ms);
    CRM_TRY(create_record(db_, log_, companies_table(), id, fields_of(draft), hlc, nullptr));
    // The row holds exactly the normalized draft: no need to read it back.
    draft.id = id;
    draft.created_at = hlc.ms;
    draft.updated_at = hlc.ms;
    draft.contact_count = 0;
    return draft;
}

Result<Company> CompanyRepository::update(const Company& edited) {
    Company next = edited;
    normalize(next);
    CRM_TRY(first_error(validate(next)));
    auto changed = update_record(
        db_, log_, companies_table(), next.id,
        [&]() -> Result<FieldValues> {
            auto current = get(next.id);
            if (!current) return current.error();
            return fields_of(*current);
        },
        fields_of(next), nullptr);
    if (!changed) return changed.error();
    return get(next.id);
}

Status CompanyRepository::remove(const std::string& id) { return set_deleted(db_, log_, companies_table(), id, true); }
Status CompanyRepository::restore(const std::string& id) { return set_deleted(db_, log_, companies_table(), id, false); }

Result<Company> CompanyRepository::get(const std::string& id) {
    auto cached = db_.cached(std::string(kSelect) + "WHERE c.id = ?1 AND c.deleted = 0");
    if (!cached) return cached.error();
    storage::Statement& stmt = **cached;
    stmt.bind(1, id);
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return make_error(ErrorCode::NotFound, "company " + id + " does not exist");
    auto record = read_company(stmt);
    (void)stmt.reset();
    return record;
}

Result<Page<Company>> CompanyRepository::list(const ListQuery& query) {
    auto order = order_by_clause(companies_table(), query.sort_field, query.descending, "c");
    if (!order) return order.error();

    std::string where = "WHERE c.deleted = 0";
    std::vector<std::string> params;
    const std::string match = build_match_expression(query.search);
    if (!match.empty()) {
        params.push_back(match);
        where += " AND c.rowid IN (SELECT rowid FROM companies_fts WHERE companies_fts MATCH ?" +
                 std::to_string(params.size()) + ")";
    }
    if (!query.journey_stage.empty()) {
        params.push_back(query.journey_stage);
        where += " AND c.journey_stage = ?" + std::to_string(params.size());
    }
    if (!query.owner.empty()) {
        params.push_back(query.owner);
        where += " AND c.owner = ?" + std::to_string(params.size());
    }

    Page<Company> page;
    page.total = -1;
    if (query.count_total) {
        const bool search_only = !match.empty() && params.size() == 1;
        auto total = count_live_rows(db_, companies_table(), "c", where, params, search_only);
        if (!total) return total.error();
        page.total = *total;
    }

    const int limit = std::clamp(query.limit, 0, limits::kMaxPageSize);
    const int offset = std::max(query.offset, 0);
    // The page's rowids come from the sort index alone (it covers deleted, the key and rowid), so a
    // deep OFFSET skips index entries instead of joining every skipped row; only the page is joined.
    auto stmt = db_.prepare(std::string(kSelect) + "WHERE c.rowid IN (SELECT c.rowid FROM companies c " + where + " " +
                            *order + " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset) + ") " +
                            *order);
    if (!stmt) return stmt.error();
    for (std::size_t i = 0; i < params.size(); ++i) stmt->bind(static_cast<int>(i + 1), params[i]);
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        page.rows.push_back(read_company(*stmt));
    }
    return page;
}

std::vector<std::string> CompanyRepository::owners() {
    std::vector<std::string> out;
    auto stmt = db_.prepare(
        "SELECT DISTINCT owner FROM companies WHERE deleted = 0 AND owner <> '' ORDER BY owner COLLATE crm_fold");
    if (!stmt) return out;
    while (true) {
        auto row = stmt->step();
        if (!row || !*row) break;
        out.push_back(stmt->column_text(0));
    }
    return out;
}

}  // namespace crm::domain
