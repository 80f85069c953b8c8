#include "core/domain/repository_ops.hpp"

namespace crm::domain {

namespace {

Status log_fields(sync::ChangeLog& log, const TableDef& table, const std::string& id, const FieldValues& fields,
                  sync::Hlc hlc) {
    for (const auto& [name, value] : fields) CRM_TRY(log.record(table.name, id, name, value, hlc));
    return {};
}

Error not_found(const TableDef& table, const std::string& id) {
    return make_error(ErrorCode::NotFound, std::string(table.name) + " record " + id + " does not exist");
}

}  // namespace

Status first_error(const std::vector<Error>& errors) {
    if (errors.empty()) return {};
    return errors.front();
}

Status create_record(storage::Database& db, sync::ChangeLog& log, const TableDef& table, const std::string& id,
                     FieldValues fields, sync::Hlc hlc, const std::function<Status()>& precheck) {
    auto tx = storage::Transaction::begin(db);
    if (!tx) return tx.error();
    if (precheck) CRM_TRY(precheck());
    fields.emplace_back("created_at", hlc.ms);
    fields.emplace_back(std::string(kDeletedField), 0);
    CRM_TRY(ensure_row(db, table, id));
    CRM_TRY(write_fields(db, table, id, fields, hlc.ms));
    CRM_TRY(log_fields(log, table, id, fields, hlc));
    return tx->commit();
}

Result<bool> update_record(storage::Database& db, sync::ChangeLog& log, const TableDef& table,
                           const std::string& id, const std::function<Result<FieldValues>()>& read_current,
                           const FieldValues& after, const std::function<Status()>& precheck) {
    auto tx = storage::Transaction::begin(db);
    if (!tx) return tx.error();
    auto state = row_state(db, table, id);
    if (!state) return state.error();
    if (*state != RowState::Live) return not_found(table, id);
    auto before = read_current();
    if (!before) return before.error();
    FieldValues changed;
    for (const auto& [name, value] : after) {
        bool same = false;
        for (const auto& [old_name, old_value] : *before)
            if (old_name == name) same = old_value == value;
        if (!same) changed.emplace_back(name, value);
    }
    if (changed.empty()) return false;  // nothing to log; the transaction just rolls back
    if (precheck) CRM_TRY(precheck());
    const sync::Hlc hlc = log.clock().tick();
    CRM_TRY(write_fields(db, table, id, changed, hlc.ms));
    CRM_TRY(log_fields(log, table, id, changed, hlc));
    CRM_TRY(tx->commit());
    return true;
}

Status set_deleted(storage::Database& db, sync::ChangeLog& log, const TableDef& table, const std::string& id,
                   bool deleted) {
    auto tx = storage::Transaction::begin(db);
    if (!tx) return tx.error();
    auto state = row_state(db, table, id);
    if (!state) return state.error();
    if (*state == RowState::Missing) return not_found(table, id);
    if (deleted && *state == RowState::Deleted) return not_found(table, id);
    if (!deleted && *state == RowState::Live) return {};
    const sync::Hlc hlc = log.clock().tick();
    const FieldValues fields{{std::string(kDeletedField), deleted ? 1 : 0}};
    CRM_TRY(write_fields(db, table, id, fields, hlc.ms));
    CRM_TRY(log_fields(log, table, id, fields, hlc));
    return tx->commit();
}

}  // namespace crm::domain
