#include "core/domain/repository.hpp"

#include <algorithm>
#include <charconv>

#include "core/domain/row_io.hpp"
#include "core/limits.hpp"

namespace crm::domain {

namespace {

bool is_system(const FieldDesc& f) {
    return f.name == kCreatedAtField || f.name == kUpdatedAtField || f.name == kDeletedField;
}

std::vector<std::string> names_of(const FieldValues& fields) {
    std::vector<std::string> names;
    names.reserve(fields.size());
    for (const auto& [name, value] : fields) names.push_back(name);
    return names;
}

// The text a tracked field's value is kept as in its history row (an enum key or option id, a text).
std::string tracked_text(const nlohmann::json& value) {
    std::string text = value.is_string() ? value.get<std::string>() : value.is_null() ? "" : value.dump();
    if (text.size() > limits::kMaxTrackedValueBytes) text.resize(limits::kMaxTrackedValueBytes);
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
    if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.pop_back();  // a cut lead byte
    return text;
}

Error not_found(const EntityDesc& entity, const std::string& id) {
    return make_error(ErrorCode::NotFound, std::string(entity.name) + " " + id + " does not exist");
}

std::string ref_alias(std::size_t i) {
    return "r" + std::to_string(i);
}

// SELECT of every field's columns (in descriptor order) plus the titles of referenced live records.
std::string select_sql(const Registry& registry, const EntityDesc& e) {
    std::string cols = "t.rowid, t.id";
    std::string joins;
    for (const auto& f : e.fields)
        for (const Column& c : columns_of(f)) cols += ", t." + c.name;
    for (std::size_t i = 0; i < e.fields.size(); ++i) {
        const FieldDesc& f = e.fields[i];
        if (f.type != FieldType::Reference) continue;
        const EntityDesc* target = registry.find(f.target);
        if (target == nullptr) continue;
        const std::string a = ref_alias(i);
        cols += ", " + a + "." + std::string(target->title_field);
        joins += " LEFT JOIN " + std::string(target->table) + " " + a + " ON " + a + ".id = t." +
                 std::string(f.name) + " AND " + a + ".deleted = 0";
    }
    return "SELECT " + cols + " FROM " + std::string(e.table) + " t" + joins + " ";
}

Record read_record(const Registry& registry, const EntityDesc& e, const storage::Statement& s) {
    Record r(e);
    r.rowid = s.column_int(0);
    r.id = s.column_text(1);
    int col = 2;
    for (std::size_t i = 0; i < e.fields.size(); ++i) r.values()[i] = read_value(s, col, e.fields[i]);
    for (const auto& f : e.fields) {
        if (f.type != FieldType::Reference || registry.find(f.target) == nullptr) continue;
        r.ref_titles[std::string(f.name)] = s.column_text(col++);
    }
    return r;
}

// The sort key of `field` applied to `operand` (a column or a bound parameter), so keyset bounds
// compare exactly like the ORDER BY.
std::string key_of(const FieldDesc& field, const std::string& operand) {
    std::string key = sort_key(field, "t");
    const std::string col = "t." + std::string(field.name);
    key.replace(key.find(col), col.size(), operand);
    return key;
}

struct Bind {
    std::vector<nlohmann::json> values;  // strings, integers or null, bound in order as ?1, ?2, ...
    std::string next(nlohmann::json v) {
        values.push_back(std::move(v));
        return "?" + std::to_string(values.size());
    }
    void apply(storage::Statement& s) const {
        for (std::size_t i = 0; i < values.size(); ++i) {
            const int idx = static_cast<int>(i + 1);
            const auto& v = values[i];
            if (v.is_null())
                s.bind_null(idx);
            else if (v.is_boolean())
                s.bind(idx, v.get<bool>() ? 1 : 0);  // the column's 0/1, not "true"
            else if (v.is_number_integer())
                s.bind(idx, v.get<std::int64_t>());
            else if (v.is_number())
                s.bind(idx, v.get<double>());
            else if (v.is_string())
                s.bind(idx, v.get_ref<const std::string&>());
            else
                s.bind(idx, v.dump());
        }
    }
};

// A filter's text as the value its column holds.
Result<nlohmann::json> filter_value(const FieldDesc& f, const std::string& text) {
    switch (f.type) {
        case FieldType::Integer:
        case FieldType::DateTime:
        case FieldType::Money: {
            std::int64_t n = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
            if (ec == std::errc() && end == text.data() + text.size()) return nlohmann::json(n);
            return make_error(ErrorCode::Invalid, "filter " + std::string(f.name) + ": not an integer",
                              std::string(f.name), "malformed");
        }
        case FieldType::Boolean:
            return nlohmann::json(text == "1" || text == "true" ? 1 : 0);
        case FieldType::TextList:
        case FieldType::GeoPoint:
            return make_error(ErrorCode::Invalid, "cannot filter by " + std::string(f.name),
                              std::string(f.name), "malformed");
        default:
            return nlohmann::json(text);
    }
}

}  // namespace

void normalize_record(Record& record) {
    const EntityDesc& e = record.entity();
    for (std::size_t i = 0; i < e.fields.size(); ++i) normalize_value(e.fields[i], record.values()[i]);
}

std::vector<Error> validate_record(const Record& record) {
    std::vector<Error> out;
    const EntityDesc& e = record.entity();
    for (std::size_t i = 0; i < e.fields.size(); ++i) {
        const FieldDesc& f = e.fields[i];
        if (!f.replicated || is_system(f)) continue;
        Status ok = validate_value(f, record.values()[i]);
        if (!ok) out.push_back(ok.error());
    }
    // The rule reads fields as valid values, so it runs only on a record whose fields passed.
    if (out.empty() && e.rule != nullptr) {
        Status ok = e.rule(record);
        if (!ok) out.push_back(ok.error());
    }
    return out;
}

Status Repository::track(const Record& after, const Record& before, std::int64_t at_ms) {
    const EntityDesc* history = registry_.find(entity::kFieldHistory);
    if (history == nullptr || &entity_ == history) return {};
    for (std::size_t i = 0; i < entity_.fields.size(); ++i) {
        const FieldDesc& f = entity_.fields[i];
        if (!f.tracked) continue;
        const nlohmann::json& from = before.values()[i];
        const nlohmann::json& to = after.values()[i];
        if (from == to) continue;
        Record row(*history);
        const std::string from_text = tracked_text(from), to_text = tracked_text(to);
        row.set("title",
                std::string(f.name) + ": " + (from_text.empty() ? "-" : from_text) + " -> " + to_text)
            .set("entity", std::string(entity_.name))
            .set("record_id", after.id)
            .set("field", std::string(f.name))
            .set("from_value", from_text)
            .set("to_value", to_text)
            .set("changed_at", at_ms)
            .set("changed_by", entity_.find("owner_id") != nullptr ? after.text("owner_id") : std::string())
            .set("device", log_.device_id());
        auto written = Repository(registry_, *history, db_, log_, ids_).create(std::move(row));
        if (!written) return written.error();
    }
    return {};
}

Repository::Repository(const Registry& registry, const EntityDesc& entity, storage::Database& db,
                       sync::ChangeLog& log, UuidGenerator& ids)
    : registry_(registry), entity_(entity), db_(db), log_(log), ids_(ids) {}

Status Repository::check_links(const Record& record, const Record* before) {
    const Registry& registry = registry_;
    for (std::size_t i = 0; i < entity_.fields.size(); ++i) {
        const FieldDesc& f = entity_.fields[i];
        const auto& value = record.values()[i];
        if (!value.is_string() || value.get_ref<const std::string&>().empty()) continue;
        // Only a changed link is checked: a record pointing at a since-deleted one stays editable.
        if (before != nullptr && before->values()[i] == value) continue;
        // The signed-in user owns what they create before their own user record has reached this device.
        if (f.name == kOwnerField && value.get_ref<const std::string&>() == log_.actor()) continue;
        std::string sql;
        if (f.type == FieldType::Reference) {
            const EntityDesc* target = registry.find(f.target);
            if (target == nullptr) continue;
            sql = "SELECT 1 FROM " + std::string(target->table) + " WHERE id = ?1 AND deleted = 0";
        } else if (f.type == FieldType::Enum && !f.option_list.empty()) {
            sql = "SELECT 1 FROM enum_options WHERE id = ?1 AND deleted = 0 AND list = ?2";
        } else {
            continue;
        }
        auto cached = db_.cached(sql);
        if (!cached) return cached.error();
        storage::Statement& stmt = **cached;
        stmt.bind(1, value.get_ref<const std::string&>());
        if (f.type == FieldType::Enum) stmt.bind(2, f.option_list);
        auto row = stmt.step();
        if (!row) return row.error();
        const bool found = *row;
        (void)stmt.reset();
        if (!found) {
            const bool ref = f.type == FieldType::Reference;
            return make_error(ErrorCode::Invalid,
                              std::string(f.name) + ": " + (ref ? "record " : "option ") +
                                  value.get<std::string>() + " does not exist",
                              std::string(f.name), ref ? "unknown_reference" : "unknown_option");
        }
    }
    return {};
}

Result<Record> Repository::create(Record draft) {
    // A new record is the signed-in user's unless it names another owner.
    if (!log_.actor().empty() && entity_.find(kOwnerField) != nullptr && draft.text(kOwnerField).empty())
        draft.set(std::string(kOwnerField), log_.actor());
    normalize_record(draft);
    if (auto errors = validate_record(draft); !errors.empty()) return errors.front();
    const sync::Hlc hlc = log_.clock().tick();
    const std::string id = ids_.make(hlc.ms);

    FieldValues fields;
    for (std::size_t i = 0; i < entity_.fields.size(); ++i) {
        const FieldDesc& f = entity_.fields[i];
        if (f.replicated && !is_system(f)) fields.emplace_back(std::string(f.name), draft.values()[i]);
    }
    fields.emplace_back(std::string(kCreatedAtField), hlc.ms);
    fields.emplace_back(std::string(kDeletedField), 0);

    auto tx = storage::Transaction::begin(db_);
    if (!tx) return tx.error();
    CRM_TRY(check_links(draft, nullptr));
    CRM_TRY(ensure_row(db_, entity_, id));
    CRM_TRY(write_fields(db_, entity_, id, fields, hlc.ms));
    CRM_TRY(log_.record(entity_, id, names_of(fields), hlc, /*created=*/true));
    CRM_TRY(tx->commit());
    return get(id);
}

Result<Record> Repository::update(const Record& edited, WriteScope scope) {
    Record next = edited;
    normalize_record(next);
    if (auto errors = validate_record(next); !errors.empty()) return errors.front();
    {
        auto tx = storage::Transaction::begin(db_);
        if (!tx) return tx.error();
        auto before = get(next.id);
        if (!before) return before.error();
        FieldValues changed;
        for (std::size_t i = 0; i < entity_.fields.size(); ++i) {
            const FieldDesc& f = entity_.fields[i];
            if (!f.replicated || is_system(f)) continue;
            if (!f.editable && scope == WriteScope::Editable) continue;
            if (before->values()[i] != next.values()[i])
                changed.emplace_back(std::string(f.name), next.values()[i]);
        }
        if (!changed.empty()) {
            CRM_TRY(check_links(next, &*before));
            const sync::Hlc hlc = log_.clock().tick();
            CRM_TRY(write_fields(db_, entity_, next.id, changed, hlc.ms));
            CRM_TRY(log_.record(entity_, next.id, names_of(changed), hlc, /*created=*/false));
            CRM_TRY(track(next, *before, hlc.ms));
            CRM_TRY(tx->commit());
        }
    }
    return get(next.id);
}

Status Repository::remove(const std::string& id) {
    auto tx = storage::Transaction::begin(db_);
    if (!tx) return tx.error();
    auto st = row_state(db_, entity_, id);
    if (!st) return st.error();
    if (*st != RowState::Live) return not_found(entity_, id);
    const sync::Hlc hlc = log_.clock().tick();
    CRM_TRY(write_fields(db_, entity_, id, {{std::string(kDeletedField), 1}}, hlc.ms));
    CRM_TRY(log_.record(entity_, id, {std::string(kDeletedField)}, hlc, false));
    return tx->commit();
}

Status Repository::restore(const std::string& id) {
    auto tx = storage::Transaction::begin(db_);
    if (!tx) return tx.error();
    auto st = row_state(db_, entity_, id);
    if (!st) return st.error();
    if (*st == RowState::Missing) return not_found(entity_, id);
    if (*st == RowState::Live) return {};
    const sync::Hlc hlc = log_.clock().tick();
    CRM_TRY(write_fields(db_, entity_, id, {{std::string(kDeletedField), 0}}, hlc.ms));
    CRM_TRY(log_.record(entity_, id, {std::string(kDeletedField)}, hlc, false));
    return tx->commit();
}

Result<RowState> Repository::state(const std::string& id) {
    return row_state(db_, entity_, id);
}

Result<Record> Repository::get(const std::string& id) {
    const Registry& registry = registry_;
    auto cached = db_.cached(select_sql(registry, entity_) + "WHERE t.id = ?1 AND t.deleted = 0");
    if (!cached) return cached.error();
    storage::Statement& stmt = **cached;
    stmt.bind(1, id);
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return not_found(entity_, id);
    Record record = read_record(registry, entity_, stmt);
    (void)stmt.reset();
    return record;
}

// The parts of a list query's SQL shared by its page and its count.
struct Repository::ListSql {
    const FieldDesc* sort = nullptr;
    std::string where;  // "WHERE ..." over the entity's table as t
    std::string order;  // "ORDER BY ..."
    std::string match;    // the FTS expression, empty without a search (then bound as ?1)
    std::string filters;  // " AND ..." of the equality filters
    Bind bind;
};

Result<Repository::ListSql> Repository::list_sql(const ListQuery& query) const {
    ListSql out;
    const std::string sort_name =
        query.sort_field.empty() ? std::string(entity_.default_sort) : query.sort_field;
    out.sort = entity_.find(sort_name);
    if (out.sort == nullptr || !out.sort->sortable) {
        return make_error(ErrorCode::Invalid,
                          "cannot sort " + std::string(entity_.name) + " by \"" + sort_name + "\"",
                          "sort_field", "malformed");
    }
    const std::string dir = query.descending ? " DESC" : " ASC";
    out.order = "ORDER BY " + sort_key(*out.sort, "t") + dir + ", t.rowid" + dir;

    out.where = "WHERE t.deleted = 0";
    out.match = has_search(entity_) ? build_match_expression(query.search) : std::string();
    const std::string fts = search_table(entity_);
    if (!out.match.empty())
        out.where += " AND t.rowid IN (SELECT rowid FROM " + fts + " WHERE " + fts + " MATCH " +
                     out.bind.next(out.match) + ")";
    for (const auto& [name, text] : query.equals) {
        const FieldDesc* f = entity_.find(name);
        if (f == nullptr) {
            return make_error(ErrorCode::Invalid,
                              "cannot filter " + std::string(entity_.name) + " by \"" + name + "\"", name,
                              "malformed");
        }
        auto v = filter_value(*f, text);
        if (!v) return v.error();
        out.filters += " AND t." + name + " = " + out.bind.next(std::move(v).value());
    }
    out.where += out.filters;
    return out;
}

Result<storage::Statement> Repository::page_statement(const ListQuery& query, ListSql& sql) {
    const FieldDesc& sort = *sql.sort;
    std::string where = sql.where;
    if (query.after) {
        const std::string k = key_of(sort, "t." + std::string(sort.name));
        const bool desc = query.descending;
        const std::string r = sql.bind.next(query.after->rowid);
        const std::string rowid_after = desc ? "t.rowid < " + r : "t.rowid > " + r;
        const std::string col = "t." + std::string(sort.name);
        if (query.after->value.is_null()) {
            // NULLs sort first ascending, last descending.
            where += desc ? " AND (" + col + " IS NULL AND " + rowid_after + ")"
                          : " AND ((" + col + " IS NULL AND " + rowid_after + ") OR " + col + " IS NOT NULL)";
        } else {
            const std::string v = key_of(sort, sql.bind.next(query.after->value));
            const std::string cmp = desc ? " < " : " > ";
            where += " AND (" + k + cmp + v + " OR (" + k + " = " + v + " AND " + rowid_after + ")" +
                     (desc ? " OR " + col + " IS NULL" : std::string()) + ")";
        }
    }

    const int limit = std::clamp(query.limit, 0, limits::kMaxPageSize);
    const int offset = query.after ? 0 : std::max(query.offset, 0);
    // The page's rowids come from the sort index alone (it covers deleted, the key and rowid), so a deep
    // OFFSET skips index entries instead of joining every skipped row; only the page is joined.
    auto stmt = db_.prepare(select_sql(registry_, entity_) + "WHERE t.rowid IN (SELECT t.rowid FROM " +
                            std::string(entity_.table) + " t " + where + " " + sql.order + " LIMIT " +
                            std::to_string(limit) + " OFFSET " + std::to_string(offset) + ") " + sql.order);
    if (!stmt) return stmt.error();
    sql.bind.apply(*stmt);
    return stmt;
}

Result<Page> Repository::list(const ListQuery& query) {
    auto sql = list_sql(query);
    if (!sql) return sql.error();
    const std::string fts = search_table(entity_);

    Page page;
    page.total = -1;
    if (query.count_total) {
        std::string count_sql = "SELECT count(*) FROM " + std::string(entity_.table) + " t " + sql->where;
        if (!sql->match.empty() && query.equals.empty()) {
            // Only the search filters: count the index's matches minus the tombstones among them, which
            // skips visiting every live row (the index holds every row; deleted is 0 or 1).
            count_sql = "SELECT (SELECT count(*) FROM " + fts + " WHERE " + fts +
                        " MATCH ?1) - (SELECT count(*) FROM " + std::string(entity_.table) +
                        " t WHERE t.deleted = 1 AND t.rowid IN (SELECT rowid FROM " + fts + " WHERE " + fts +
                        " MATCH ?1))";
        }
        auto count = db_.prepare(count_sql);
        if (!count) return count.error();
        sql->bind.apply(*count);
        auto counted = count->step();
        if (!counted) return counted.error();
        page.total = *counted ? count->column_int(0) : 0;
    }

    const FieldDesc& sort = *sql->sort;
    auto stmt = page_statement(query, *sql);
    if (!stmt) return stmt.error();
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        page.rows.push_back(read_record(registry_, entity_, *stmt));
    }
    const int limit = std::clamp(query.limit, 0, limits::kMaxPageSize);
    if (static_cast<int>(page.rows.size()) == limit && limit > 0) {
        const Record& last = page.rows.back();
        nlohmann::json key = last.get(sort.name);
        if (sort.type == FieldType::Money) key = key.is_null() ? nlohmann::json(nullptr) : key["minor"];
        page.next = PageKey{std::move(key), last.rowid};
    }
    return page;
}

Result<PreparedList> Repository::prepare_list(const ListQuery& query) {
    auto sql = list_sql(query);
    if (!sql) return sql.error();
    PreparedList out;
    if (query.count_total) {
        // One row per match, so counting is stepping. A search walks the index's matches and looks each
        // row up (CROSS JOIN keeps that order), rather than every live row probing the set of matches.
        const std::string fts = search_table(entity_);
        std::string count_sql = "SELECT t.rowid FROM " + std::string(entity_.table) + " t " + sql->where;
        if (!sql->match.empty())
            count_sql = "SELECT t.rowid FROM " + fts + " CROSS JOIN " + std::string(entity_.table) +
                        " t ON t.rowid = " + fts + ".rowid WHERE " + fts + " MATCH ?1 AND t.deleted = 0" +
                        sql->filters;
        auto count = db_.prepare(count_sql);
        if (!count) return count.error();
        sql->bind.apply(*count);
        out.count.emplace(std::move(count).value());
    }
    auto page = page_statement(query, *sql);
    if (!page) return page.error();
    out.page.emplace(std::move(page).value());
    return out;
}

Record Repository::read_row(const storage::Statement& page_row) const {
    return read_record(registry_, entity_, page_row);
}

std::vector<std::string> Repository::distinct(std::string_view field) {
    std::vector<std::string> out;
    const FieldDesc* f = entity_.find(field);
    if (f == nullptr || (f->type != FieldType::Text && f->type != FieldType::Enum && f->type != FieldType::Reference))
        return out;
    const std::string col(f->name);
    auto stmt = db_.prepare("SELECT DISTINCT " + col + " FROM " + std::string(entity_.table) +
                            " WHERE deleted = 0 AND " + col + " <> '' ORDER BY " + col + " COLLATE crm_fold");
    if (!stmt) return out;
    while (true) {
        auto row = stmt->step();
        if (!row || !*row) break;
        out.push_back(stmt->column_text(0));
    }
    return out;
}

}  // namespace crm::domain
