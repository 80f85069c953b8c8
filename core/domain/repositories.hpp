#pragma once
// Repository API for companies and contacts. Every write validates, writes the row and logs one change
// per changed field in a single transaction.
#include <cstdint>
#include <string>
#include <vector>

#include "core/domain/customer.hpp"
#include "core/storage/sqlite.hpp"
#include "core/sync/change_log.hpp"
#include "core/util/result.hpp"
#include "core/util/uuid.hpp"

namespace crm::domain {

struct ListQuery {
    std::string search;         // words; each must prefix-match a word of name/phones/e-mails/...
    std::string sort_field = "name";  // any sortable FieldDef name (schema.hpp), e.g. "updated_at"
    bool descending = false;
    std::string journey_stage;  // key; empty: any
    std::string owner;          // empty: any
    std::string company_id;     // contacts only: of this company; empty: any
    int offset = 0;
    int limit = 100;            // clamped to limits::kMaxPageSize
    bool count_total = true;    // false: Page::total is -1 (another page of a query whose total is known)
};

template <typename T>
struct Page {
    std::vector<T> rows;
    std::int64_t total = 0;  // rows matching the query, all pages
};

class CompanyRepository {
public:
    CompanyRepository(storage::Database& db, sync::ChangeLog& log, UuidGenerator& ids);
    // `draft.id` is ignored and assigned; timestamps are set from the clock.
    Result<Company> create(Company draft);
    // Replaces the editable fields with `edited`'s; logs only the fields that differ.
    Result<Company> update(const Company& edited);
    Status remove(const std::string& id);   // tombstone: deleted = 1
    Status restore(const std::string& id);  // undo of remove: deleted = 0
    Result<Company> get(const std::string& id);
    Result<Page<Company>> list(const ListQuery& query);
    std::vector<std::string> owners();  // distinct owners of live records, sorted

private:
    storage::Database& db_;
    sync::ChangeLog& log_;
    UuidGenerator& ids_;
};

class ContactRepository {
public:
    ContactRepository(storage::Database& db, sync::ChangeLog& log, UuidGenerator& ids);
    Result<Contact> create(Contact draft);
    Result<Contact> update(const Contact& edited);
    Status remove(const std::string& id);
    Status restore(const std::string& id);
    Result<Contact> get(const std::string& id);
    Result<Page<Contact>> list(const ListQuery& query);
    std::vector<std::string> owners();

private:
    storage::Database& db_;
    sync::ChangeLog& log_;
    UuidGenerator& ids_;
};

}  // namespace crm::domain
