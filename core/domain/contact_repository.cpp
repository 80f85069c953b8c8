#include <algorithm>
#include <string>

#include "core/domain/record_codec.hpp"
#include "core/domain/repositories.hpp"
#include "core/domain/repository_ops.hpp"
#include "core/domain/validation.hpp"
#include "core/limits.hpp"

namespace crm::domain {

namespace {

// The company name is shown only while the company is live.
constexpr const char* kSelect =
    "SELECT k.id, k.name, k.company_id, co.name, k.phones, k.emails, k.position, k.address, k.notes, "
    "k.journey_stage, k.owner, k.created_at, k.updated_at "
    "FROM contacts k LEFT JOIN companies co ON co.id = k.company_id AND co.deleted = 0 ";

Contact read_contact(const storage::Statement& s) {
    Contact c;
    c.id = s.column_text(0);
    c.name = s.column_text(1);
    c.company_id = s.column_text(2);
    c.company_name = s.column_text(3);
    c.phones = list_from_text(s.column_text(4));
    c.emails = list_from_text(s.column_text(5));
    c.position = s.column_text(6);
    c.address = s.column_text(7);
    c.notes = s.column_text(8);
    c.journey_stage = journey_stage_from_key(s.column_text(9)).value_or(JourneyStage::Awareness);
    c.owner = s.column_text(10);
    c.created_at = s.column_int(11);
    c.updated_at = s.column_int(12);
    return c;
}

FieldValues fields_of(const Contact& c) {
    return {{"name", c.name},
            {"company_id", c.company_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.company_id)},
            {"position", c.position},
            {"phones", list_to_json(c.phones)},
            {"emails", list_to_json(c.emails)},
            {"address", c.address},
            {"notes", c.notes},
            {"journey_stage", std::string(to_key(c.journey_stage))},
            {"owner", c.owner}};
}

// A contact may only point at a live company (checked for local writes; the merge accepts any id).
// Returns the company's name ("" for no company).
Result<std::string> check_company(storage::Database& db, const std::string& company_id) {
    if (company_id.empty()) return std::string();
    auto cached = db.cached("SELECT name FROM companies WHERE id = ?1 AND deleted = 0");
    if (!cached) return cached.error();
    storage::Statement& stmt = **cached;
    stmt.bind(1, company_id);
    auto row = stmt.step();
    if (!row) return row.error();
    std::string name = *row ? stmt.column_text(0) : std::string();
    const bool found = *row;
    (void)stmt.reset();
    if (!found) {
        return make_error(ErrorCode::Invalid, "Company " + company_id + " does not exist", "company_id",
                          "unknown_company");
    }
    return name;
}

}  // namespace

ContactRepository::ContactRepository(storage::Database& db, sync::ChangeLog& log, UuidGenerator& ids)
    : db_(db), log_(log), ids_(ids) {}

Result<Contact> ContactRepository::create(Contact draft) {
    normalize(draft);
    CRM_TRY(first_error(validate(draft)));
    const sync::Hlc hlc = log_.clock().tick();
    const std::string id = ids_.make(hlc.ms);
    std::string company_name;
    CRM_TRY(create_record(db_, log_, contacts_table(), id, fields_of(draft), hlc, [&]() -> Status {
        auto name = check_company(db_, draft.company_id);
        if (!name) return name.error();
        company_name = std::move(name).value();
        return {};
    }));
    // The row holds exactly the normalized draft: no need to read it back.
    draft.id = id;
    draft.company_name = std::move(company_name);
    draft.created_at = hlc.ms;
    draft.updated_at = hlc.ms;
    return draft;
}

Result<Contact> ContactRepository::update(const Contact& edited) {
    Contact next = edited;
    normalize(next);
    CRM_TRY(first_error(validate(next)));
    auto changed = update_record(
        db_, log_, contacts_table(), next.id,
        [&]() -> Result<FieldValues> {
            auto current = get(next.id);
            if (!current) return current.error();
            return fields_of(*current);
        },
        fields_of(next), [&]() -> Status {
            // Re-check only a changed reference: a contact of a since-deleted company stays editable.
            auto current = get(next.id);
            if (current && current->company_id == next.company_id) return {};
            auto name = check_company(db_, next.company_id);
            if (!name) return name.error();
            return {};
        });
    if (!changed) return changed.error();
    return get(next.id);
}

Status ContactRepository::remove(const std::string& id) { return set_deleted(db_, log_, contacts_table(), id, true); }
Status ContactRepository::restore(const std::string& id) { return set_deleted(db_, log_, contacts_table(), id, false); }

Result<Contact> ContactRepository::get(const std::string& id) {
    auto cached = db_.cached(std::string(kSelect) + "WHERE k.id = ?1 AND k.deleted = 0");
    if (!cached) return cached.error();
    storage::Statement& stmt = **cached;
    stmt.bind(1, id);
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return make_error(ErrorCode::NotFound, "contact " + id + " does not exist");
    auto record = read_contact(stmt);
    (void)stmt.reset();
    return record;
}

Result<Page<Contact>> ContactRepository::list(const ListQuery& query) {
    auto order = order_by_clause(contacts_table(), query.sort_field, query.descending, "k");
    if (!order) return order.error();

    std::string where = "WHERE k.deleted = 0";
    std::vector<std::string> params;
    const std::string match = build_match_expression(query.search);
    if (!match.empty()) {
        params.push_back(match);
        where += " AND k.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?" +
                 std::to_string(params.size()) + ")";
    }
    if (!query.journey_stage.empty()) {
        params.push_back(query.journey_stage);
        where += " AND k.journey_stage = ?" + std::to_string(params.size());
    }
    if (!query.owner.empty()) {
        params.push_back(query.owner);
        where += " AND k.owner = ?" + std::to_string(params.size());
    }
    if (!query.company_id.empty()) {
        params.push_back(query.company_id);
        where += " AND k.company_id = ?" + std::to_string(params.size());
    }

    Page<Contact> page;
    page.total = -1;
    if (query.count_total) {
        const bool search_only = !match.empty() && params.size() == 1;
        auto total = count_live_rows(db_, contacts_table(), "k", where, params, search_only);
        if (!total) return total.error();
        page.total = *total;
    }

    const int limit = std::clamp(query.limit, 0, limits::kMaxPageSize);
    const int offset = std::max(query.offset, 0);
    // The page's rowids come from the sort index alone (it covers deleted, the key and rowid), so a
    // deep OFFSET skips index entries instead of joining every skipped row; only the page is joined.
    auto stmt = db_.prepare(std::string(kSelect) + "WHERE k.rowid IN (SELECT k.rowid FROM contacts k " + where + " " +
                            *order + " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset) + ") " +
                            *order);
    if (!stmt) return stmt.error();
    for (std::size_t i = 0; i < params.size(); ++i) stmt->bind(static_cast<int>(i + 1), params[i]);
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        page.rows.push_back(read_contact(*stmt));
    }
    return page;
}

std::vector<std::string> ContactRepository::owners() {
    std::vector<std::string> out;
    auto stmt = db_.prepare(
        "SELECT DISTINCT owner FROM contacts WHERE deleted = 0 AND owner <> '' ORDER BY owner COLLATE crm_fold");
    if (!stmt) return out;
    while (true) {
        auto row = stmt->step();
        if (!row || !*row) break;
        out.push_back(stmt->column_text(0));
    }
    return out;
}

}  // namespace crm::domain
