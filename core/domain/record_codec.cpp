#include "core/domain/record_codec.hpp"

#include <algorithm>

#include "core/domain/customer.hpp"
#include "core/limits.hpp"
#include "core/storage/migrations.hpp"
#include "core/util/text.hpp"

namespace crm::domain {

nlohmann::json list_to_json(const std::vector<std::string>& values) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& v : values) arr.push_back(v);
    return arr;
}

std::vector<std::string> list_from_text(const std::string& json_text) {
    std::vector<std::string> out;
    const auto j = nlohmann::json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_array()) return out;
    for (const auto& item : j)
        if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

bool value_fits(const FieldDef& field, const nlohmann::json& value, std::string& why) {
    // Received values skip the repositories' validation, so the size and encoding caps apply here too.
    auto text_ok = [&why](const std::string& s, std::size_t max_bytes) {
        if (!text::is_valid_utf8(s)) return why = "not valid UTF-8", false;
        if (s.size() > max_bytes) return why = "longer than " + std::to_string(max_bytes) + " bytes", false;
        return true;
    };
    switch (field.type) {
        case FieldType::Text:
            if (!value.is_string()) return why = "expected a string", false;
            if (!text_ok(value.get_ref<const std::string&>(), limits::kMaxNotesBytes)) return false;
            if (field.name == "journey_stage" && !journey_stage_from_key(value.get<std::string>()))
                return why = "unknown journey stage", false;
            return true;
        case FieldType::TextList:
            if (!value.is_array()) return why = "expected an array of strings", false;
            if (value.size() > std::max(limits::kMaxPhonesPerRecord, limits::kMaxEmailsPerRecord))
                return why = "too many items", false;
            for (const auto& item : value) {
                if (!item.is_string()) return why = "expected an array of strings", false;
                if (!text_ok(item.get_ref<const std::string&>(), limits::kMaxShortTextBytes)) return false;
            }
            return true;
        case FieldType::Integer:
            if (!value.is_number_integer()) return why = "expected an integer", false;
            if (field.name == kDeletedField && value.get<std::int64_t>() != 0 && value.get<std::int64_t>() != 1)
                return why = "expected 0 or 1", false;
            return true;
        case FieldType::Reference:
            if (!value.is_string() && !value.is_null()) return why = "expected a string or null", false;
            if (value.is_string() && !text_ok(value.get_ref<const std::string&>(), limits::kMaxRowIdBytes)) return false;
            return true;
    }
    return why = "unknown field type", false;
}

std::string phone_search_digits(const std::vector<std::string>& phones) {
    std::string out;
    auto add = [&out](const std::string& d) {
        if (d.empty()) return;
        if (!out.empty()) out.push_back(' ');
        out += d;
    };
    for (const auto& p : phones) {
        const std::string d = text::digits_only(p);
        add(d);
        if (d.size() == 11 && (d[0] == '7' || d[0] == '8')) {
            add((d[0] == '7' ? "8" : "7") + d.substr(1));
            add(d.substr(1));
        }
    }
    return out;
}

Status ensure_row(storage::Database& db, const TableDef& table, std::string_view id) {
    auto stmt = db.cached("INSERT OR IGNORE INTO " + std::string(table.name) + "(id) VALUES(?1)");
    if (!stmt) return stmt.error();
    (*stmt)->bind(1, id);
    return (*stmt)->run();
}

Status write_fields(storage::Database& db, const TableDef& table, std::string_view id, const FieldValues& fields,
                    std::int64_t changed_ms) {
    std::string sql = "UPDATE " + std::string(table.name) + " SET ";
    const FieldValues::value_type* phones = nullptr;
    int index = 1;
    for (const auto& [name, value] : fields) {
        [[maybe_unused]] const FieldDef* def = table.find(name);
        assert(def != nullptr && def->replicated && "write_fields: field must be a replicated column");
        sql += name + " = ?" + std::to_string(index++) + ", ";
        if (name == "phones") phones = &fields[static_cast<std::size_t>(index - 2)];
    }
    if (phones != nullptr) sql += "phone_digits = ?" + std::to_string(index++) + ", ";
    sql += "updated_at = max(updated_at, ?" + std::to_string(index) + ") WHERE id = ?" + std::to_string(index + 1);

    auto cached = db.cached(sql);
    if (!cached) return cached.error();
    storage::Statement* stmt = *cached;
    index = 1;
    for (const auto& [name, value] : fields) {
        const FieldDef* def = table.find(name);
        switch (def->type) {
            case FieldType::Text: stmt->bind(index, value.get_ref<const std::string&>()); break;
            case FieldType::TextList: stmt->bind(index, value.dump()); break;
            case FieldType::Integer: stmt->bind(index, value.get<std::int64_t>()); break;
            case FieldType::Reference:
                if (value.is_string() && !value.get_ref<const std::string&>().empty())
                    stmt->bind(index, value.get_ref<const std::string&>());
                else
                    stmt->bind_null(index);
                break;
        }
        ++index;
    }
    if (phones != nullptr) {
        std::vector<std::string> list;
        for (const auto& item : phones->second)
            if (item.is_string()) list.push_back(item.get<std::string>());
        stmt->bind(index++, phone_search_digits(list));
    }
    stmt->bind(index++, changed_ms);
    stmt->bind(index, id);
    return stmt->run();
}

std::string build_match_expression(std::string_view search) {
    if (search.size() > limits::kMaxSearchBytes) {
        std::size_t cut = limits::kMaxSearchBytes;
        // Do not split a UTF-8 sequence: back off over continuation bytes.
        while (cut > 0 && (static_cast<unsigned char>(search[cut]) & 0xC0) == 0x80) --cut;
        search = search.substr(0, cut);
    }
    std::string expr;
    int terms = 0;
    for (const auto& word : text::split_words(search)) {
        if (terms == limits::kMaxSearchTerms) break;
        // A word without letters or digits has no tokens; FTS5 would treat it as an empty phrase.
        bool has_token = false;
        for (unsigned char c : word)
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)
                has_token = true;
        if (!has_token) continue;
        std::string quoted = "\"";
        for (char c : word) {
            if (c == '"') quoted += "\"\"";
            else quoted.push_back(c);
        }
        quoted += "\"*";
        if (!expr.empty()) expr += " AND ";
        expr += quoted;
        ++terms;
    }
    return expr;
}

Result<std::string> order_by_clause(const TableDef& table, std::string_view field, bool descending,
                                    std::string_view alias) {
    const FieldDef* def = table.find(field);
    if (def == nullptr || !def->sortable) {
        return make_error(ErrorCode::Invalid, "cannot sort " + std::string(table.name) + " by \"" +
                                                  std::string(field) + "\"", "sort_field", "malformed");
    }
    const std::string dir = descending ? " DESC" : " ASC";
    const std::string a(alias);
    std::string key;
    if (field == "journey_stage") {
        // Same expression as the v1 index, with the column qualified by the alias.
        key = std::string(storage::kStageOrderExpr);
        key.replace(key.rfind("journey_stage"), std::string_view("journey_stage").size(), a + ".journey_stage");
    } else if (def->type == FieldType::Integer) {
        key = a + "." + std::string(field);
    } else {
        key = a + "." + std::string(field) + " COLLATE crm_fold";
    }
    // rowid breaks ties so pages never overlap; it is the last column of every index too.
    return "ORDER BY " + key + dir + ", " + a + ".rowid" + dir;
}

Result<RowState> row_state(storage::Database& db, const TableDef& table, std::string_view id) {
    auto cached = db.cached("SELECT deleted FROM " + std::string(table.name) + " WHERE id = ?1");
    if (!cached) return cached.error();
    storage::Statement& stmt = **cached;
    stmt.bind(1, id);
    auto row = stmt.step();
    if (!row) return row.error();
    const RowState state = !*row ? RowState::Missing : stmt.column_int(0) != 0 ? RowState::Deleted : RowState::Live;
    (void)stmt.reset();
    return state;
}

Result<std::int64_t> count_live_rows(storage::Database& db, const TableDef& table, std::string_view alias,
                                     const std::string& where, const std::vector<std::string>& params,
                                     bool search_only) {
    const std::string name(table.name);
    const std::string a(alias);
    std::string sql = "SELECT count(*) FROM " + name + " " + a + " " + where;
    if (search_only) {
        // The index holds every row, tombstones too (its triggers follow the table), and deleted is 0 or 1.
        const std::string fts = name + "_fts";
        sql = "SELECT (SELECT count(*) FROM " + fts + " WHERE " + fts + " MATCH ?1) - (SELECT count(*) FROM " +
              name + " " + a + " WHERE " + a + ".deleted = 1 AND " + a + ".rowid IN (SELECT rowid FROM " + fts +
              " WHERE " + fts + " MATCH ?1))";
    }
    auto count = db.prepare(sql);
    if (!count) return count.error();
    for (std::size_t i = 0; i < params.size(); ++i) count->bind(static_cast<int>(i + 1), params[i]);
    auto counted = count->step();
    if (!counted) return counted.error();
    return *counted ? count->column_int(0) : std::int64_t{0};
}

}  // namespace crm::domain
