#include "tests/core/test_support.hpp"

#include "core/sync/scope.hpp"

#include <algorithm>
#include <limits>

#include "core/domain/ddl.hpp"
#include "core/limits.hpp"

namespace crm::test {

using domain::EntityDesc;
using domain::FieldDesc;
using domain::FieldType;
using domain::Record;
using nlohmann::json;

std::string drop_tables_after(int version) {
    std::string sql;
    for (const auto& e : domain::Registry::app().entities()) {
        const std::string t(e.table);
        if (e.since_schema <= version) {
            // Columns of fields a later version added to this older table.
            for (const FieldDesc& f : e.fields)
                if (f.since_schema > version) {
                    // A column with an index cannot be dropped: its reference and sort indexes go first.
                    sql += "DROP INDEX IF EXISTS " + t + "_ref_" + std::string(f.name) + ";\n";
                    sql += "DROP INDEX IF EXISTS " + t + "_by_" + std::string(f.name) + ";\n";
                    for (const auto& c : domain::columns_of(f))
                        sql += "ALTER TABLE " + t + " DROP COLUMN " + c.name + ";\n";
                }
            continue;
        }
        sql += "DROP TABLE IF EXISTS " + t + "_fts; DROP TABLE " + t + ";\n";
    }
    return sql;
}

int replicated_fields(std::string_view entity) {
    int n = 0;
    for (const FieldDesc& f : domain::Registry::app().get(entity).fields) n += f.replicated ? 1 : 0;
    return n;
}

std::vector<Record> all_records(Store& store, std::string_view entity) {
    std::vector<Record> out;
    domain::ListQuery q;
    q.limit = limits::kMaxPageSize;
    q.count_total = false;
    for (;;) {
        auto page = store.records(entity).list(q);
        EXPECT_TRUE(page.ok());
        if (!page.ok()) break;
        out.insert(out.end(), page->rows.begin(), page->rows.end());
        if (!page->next) break;
        q.after = page->next;
    }
    return out;
}

std::unique_ptr<Store> open_store(const std::string& device, FakeClock& clock, std::uint64_t seed,
                                  const std::string& path) {
    StoreOptions options;
    options.device_id = device;
    options.now = clock.fn();
    options.id_seed = seed;
    auto store = Store::open(path, options);
    EXPECT_TRUE(store.ok()) << message_of(store);
    return store.ok() ? std::move(store).value() : nullptr;
}

TempFile::TempFile(const std::string& stem) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             (stem + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
              std::to_string(++counter) + ".db"))
                .string();
    remove();
}

void TempFile::remove() {
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
}

std::unique_ptr<Env> Env::open(const domain::Registry& registry, FakeClock& clock, const std::string& device,
                               std::uint64_t seed) {
    auto store = open_store(device, clock, seed);
    if (!store) return nullptr;
    for (const EntityDesc& e : registry.entities()) {
        if (domain::Registry::app().find_table(e.table) != nullptr) continue;
        Status made = store->db().exec(domain::create_table_sql(e));
        EXPECT_TRUE(made.ok()) << e.name << ": " << message_of(made);
        if (!made) return nullptr;
    }
    return std::make_unique<Env>(registry, std::move(store));
}

bool is_system(const FieldDesc& f) {
    return f.name == domain::kCreatedAtField || f.name == domain::kUpdatedAtField ||
           f.name == domain::kDeletedField;
}

bool is_written(const FieldDesc& f) {
    return f.replicated && !is_system(f);
}

std::size_t text_limit(const FieldDesc& f) {
    return domain::max_text_bytes(f);
}

std::size_t item_limit(const FieldDesc& f) {
    return domain::max_list_items(f);
}

namespace {

// Mixed scripts and cases, so sorting and search see Cyrillic (ё included) and Latin.
constexpr std::string_view kWords[] = {"Альфа", "beta", "Ёжик", "ель", "Zeta", "омега", "Берёза"};

std::string word(int n) {
    return std::string(kWords[static_cast<std::size_t>(n) % std::size(kWords)]) + " " + std::to_string(n);
}

std::string phone(int n) {
    // +7 9xx xxx-xx-xx: eleven digits, a Russian mobile; n picks the last seven.
    const std::string d = std::to_string(1'000'000 + (static_cast<long long>(n) * 7919) % 9'000'000);
    return "+7 (916) " + d.substr(0, 3) + "-" + d.substr(3, 2) + "-" + d.substr(5, 2);
}

std::string email(int n) {
    return "user" + std::to_string(n) + "@example.ru";
}

std::string text_of(const FieldDesc& f, int n) {
    std::string s;
    switch (f.format) {
        case domain::TextFormat::Phone:
            s = phone(n);
            break;
        case domain::TextFormat::Email:
            s = email(n);
            break;
        case domain::TextFormat::Plain:
            s = word(n);
            break;
    }
    if (s.size() > text_limit(f)) s = "t" + std::to_string(n);  // tiny limits: still distinct per n
    return s;
}

std::int64_t in_range(std::int64_t lo, std::int64_t hi, int n) {
    lo = std::max<std::int64_t>(lo, -1'000'000);
    hi = std::min<std::int64_t>(hi, 1'000'000'000);
    return lo + static_cast<std::int64_t>(n) % (hi - lo + 1);
}

}  // namespace

json Drafts::value(const EntityDesc& e, const FieldDesc& f, int n) {
    switch (f.type) {
        case FieldType::Text:
            return text_of(f, n);
        case FieldType::LongText:
            return "Заметка " + std::to_string(n) + "\nвторая строка";
        case FieldType::TextList: {
            json items = json::array({text_of(f, n)});
            if (n % 2 == 1 && item_limit(f) > 1) items.push_back(text_of(f, n + 1000));
            return items;
        }
        case FieldType::Integer:
            return in_range(f.min, f.max, n);
        case FieldType::Boolean:
            return n % 2 == 1;
        case FieldType::Money: {
            const std::int64_t lo = std::max(f.min, -limits::kMaxMoneyMinor);
            const std::int64_t hi = std::min(f.max, limits::kMaxMoneyMinor);
            return domain::money(in_range(lo, hi, n * 1000 + 5), n % 2 == 0 ? "RUB" : "USD");
        }
        case FieldType::Date: {
            const int month = 1 + n % 12;
            const int day = 1 + n % 28;
            return std::to_string(2000 + n % 30) + (month < 10 ? "-0" : "-") + std::to_string(month) +
                   (day < 10 ? "-0" : "-") + std::to_string(day);
        }
        case FieldType::DateTime:
            return std::int64_t{1'700'000'000'000} + std::int64_t{n} * 61'000;
        case FieldType::Enum:
            if (!f.option_list.empty()) return option(f.option_list, n);
            return std::string(f.options[static_cast<std::size_t>(n) % f.options.size()]);
        case FieldType::Reference:
            // A target's optional references stay empty (no endless chains), unless its entity has a
            // rule across fields that may need them (a deal's customer); their targets' stay empty.
            if (!f.required && (depth_ > 1 || (depth_ == 1 && e.rule == nullptr))) return nullptr;
            return target(f.target, n);
        case FieldType::GeoPoint:
            return domain::geo(55.75 + n * 0.001, 37.62 - n * 0.001, 5.0 + n);
    }
    ADD_FAILURE() << e.name << "." << f.name << ": no test value for this type";
    return nullptr;
}

Record Drafts::draft(const EntityDesc& e, int n) {
    Record r(e);
    for (const FieldDesc& f : e.fields)
        if (is_written(f)) r.set(f.name, value(e, f, n));
    return r;
}

Record Drafts::create(const EntityDesc& e, int n) {
    Record d = draft(e, n);
    auto made = env_.repo(e).create(d);
    EXPECT_TRUE(made.ok()) << e.name << " #" << n << ": " << message_of(made);
    return made.ok() ? std::move(made).value() : d;
}

std::string Drafts::target(std::string_view entity, int n) {
    auto& pool = targets_[std::string(entity)];
    const std::size_t i = static_cast<std::size_t>(n) % kPool;
    while (pool.size() <= i) {
        ++depth_;
        const Record made = create(env_.entity(entity), 500 + static_cast<int>(pool.size()));
        --depth_;
        pool.push_back(made.id);
    }
    return pool[i];
}

std::string Drafts::option(std::string_view list, int n) {
    auto& pool = options_[std::string(list)];
    const std::size_t i = static_cast<std::size_t>(n) % kPool;
    while (pool.size() <= i) {
        domain::Repository repo = env_.options();
        Record o(repo.entity());
        o.set("list", std::string(list))
            .set("label", "Вариант " + std::to_string(pool.size()))
            .set("position", static_cast<int>(pool.size()));
        auto made = repo.create(o);
        EXPECT_TRUE(made.ok()) << message_of(made);
        pool.push_back(made.ok() ? made->id : std::string());
    }
    return pool[i];
}

std::string dump_tables(Store& store, const domain::Registry& registry) {
    std::string out;
    for (const EntityDesc& e : registry.entities()) {
        out += std::string(e.table) + ":\n";
        std::string cols = "id";
        for (const FieldDesc& f : e.fields) {
            for (const domain::Column& c : domain::columns_of(f)) cols += ", " + c.name;
            if (!f.digits_column.empty()) cols += ", " + std::string(f.digits_column);
        }
        auto stmt = store.db().prepare("SELECT " + cols + " FROM " + std::string(e.table) + " ORDER BY id");
        EXPECT_TRUE(stmt.ok()) << message_of(stmt);
        if (!stmt) continue;
        while (stmt->step().value_or(false)) {
            for (int i = 0; i < stmt->column_count(); ++i)
                out += stmt->is_null(i) ? std::string("<null>|") : stmt->column_text(i) + "|";
            for (const auto& [field, clock] : clocks_of(store.changes(), e, stmt->column_text(0)))
                out += field + "@" + std::to_string(clock.hlc.packed()) + "/" + clock.device + "|";
            out += "\n";
        }
    }
    return out;
}

std::vector<sync::Change> outbox(sync::ChangeLog& log) {
    auto all = log.pending(std::numeric_limits<int>::max());
    EXPECT_TRUE(all.ok()) << message_of(all);
    return all.ok() ? std::move(all).value() : std::vector<sync::Change>{};
}

std::map<std::string, sync::Change> outbox_of(sync::ChangeLog& log, const std::string& row_id) {
    std::map<std::string, sync::Change> out;
    for (auto& c : outbox(log)) {
        if (c.row_id != row_id) continue;
        EXPECT_FALSE(out.contains(c.field)) << c.field << " is queued twice";
        out.insert_or_assign(c.field, std::move(c));
    }
    return out;
}

void acknowledge_all(sync::ChangeLog& log) {
    for (int page = 0; page < 1000; ++page) {
        auto sent = log.pending(limits::kSyncPushBatch);
        ASSERT_TRUE(sent.ok()) << message_of(sent);
        if (sent->empty()) return;
        Status acked = log.acknowledge(*sent);
        ASSERT_TRUE(acked.ok()) << message_of(acked);
    }
    ADD_FAILURE() << "the outbox never emptied";
}

std::map<std::string, sync::FieldClock> clocks_of(sync::ChangeLog& log, const EntityDesc& entity,
                                                  const std::string& row_id) {
    std::map<std::string, sync::FieldClock> out;
    for (const FieldDesc& f : entity.fields) {
        if (!f.replicated) continue;
        auto w = log.winner(entity.table, row_id, f.name);
        EXPECT_TRUE(w.ok()) << f.name << ": " << message_of(w);
        out[std::string(f.name)] = w.ok() && *w ? **w : sync::FieldClock{};
    }
    return out;
}

std::map<std::string, sync::Change> current_fields(sync::ChangeLog& log, const EntityDesc& entity,
                                                   const std::string& row_id) {
    std::map<std::string, sync::Change> out;
    for (const FieldDesc& f : entity.fields) {
        if (!f.replicated) continue;
        auto c = log.current(entity.table, row_id, f.name);
        EXPECT_TRUE(c.ok()) << f.name << ": " << message_of(c);
        if (c.ok() && *c) out.insert_or_assign(std::string(f.name), std::move(**c));
    }
    return out;
}

std::vector<sync::Change> current_state(sync::ChangeLog& log) {
    auto all = log.since(0, 10'000'000);
    EXPECT_TRUE(all.ok()) << message_of(all);
    return all.ok() ? std::move(all).value() : std::vector<sync::Change>{};
}

std::string sync_metadata(Store& store, const domain::Registry& registry) {
    storage::Database& db = store.db();
    std::string out = "last_seq " + std::to_string(store.changes().last_seq()) + "\n";
    auto rows = [&](const std::string& sql) {
        auto stmt = db.prepare(sql);
        EXPECT_TRUE(stmt.ok()) << sql << ": " << message_of(stmt);
        if (!stmt) return;
        while (stmt->step().value_or(false)) {
            for (int i = 0; i < stmt->column_count(); ++i) out += stmt->column_text(i) + "|";
            out += "\n";
        }
    };
    out += "clocks:\n";
    rows("SELECT tbl, row, field, hlc, site FROM sync_clocks ORDER BY 1, 2, 3");
    out += "outbox:\n";
    rows("SELECT tbl, row, field FROM sync_outbox ORDER BY 1, 2, 3");
    std::vector<const EntityDesc*> tables;
    for (const EntityDesc& e : domain::Registry::app().entities()) tables.push_back(&e);
    if (&registry != &domain::Registry::app())
        for (const EntityDesc& e : registry.entities()) tables.push_back(&e);
    for (const EntityDesc* e : tables) {
        out += std::string(e->table) + ":\n";
        rows("SELECT rid, id, sync_hlc, sync_site, sync_seq FROM " + std::string(e->table) + " ORDER BY rid");
    }
    return out;
}

std::int64_t sync_seq_of(storage::Database& db, const EntityDesc& entity, const std::string& id) {
    auto stmt = db.prepare("SELECT sync_seq FROM " + std::string(entity.table) + " WHERE id = ?1");
    EXPECT_TRUE(stmt.ok()) << message_of(stmt);
    if (!stmt) return -1;
    stmt->bind(1, id);
    return stmt->step().value_or(false) ? stmt->column_int(0) : 0;
}

Status sync_once(sync::SyncClient& client, Store& server, int pull_limit, const sync::Principal* who) {
    for (int round = 0; round < 100; ++round) {
        auto req = client.next_request();
        if (!req) return req.error();
        auto parsed = sync::parse_sync_request(nlohmann::json::parse(to_json(*req).dump(), nullptr, false));
        if (!parsed) return parsed.error();
        auto resp = sync::serve_sync(server, *parsed, pull_limit, who);
        if (!resp) return resp.error();
        auto back = sync::parse_sync_response(nlohmann::json::parse(to_json(*resp).dump(), nullptr, false));
        if (!back) return back.error();
        auto more = client.handle_response(*back);
        if (!more) return more.error();
        if (!*more) return {};
    }
    return make_error(ErrorCode::Protocol, "sync did not finish");
}

std::int64_t query_int(storage::Database& db, const std::string& sql) {
    auto stmt = db.prepare(sql);
    EXPECT_TRUE(stmt.ok()) << sql << ": " << message_of(stmt);
    if (!stmt) return -1;
    const bool row = stmt->step().value_or(false);
    EXPECT_TRUE(row) << sql;
    return row ? stmt->column_int(0) : -1;
}

sync::Change make_change(std::string table, std::string row, std::string field, json value, sync::Hlc hlc,
                         std::string device) {
    sync::Change c;
    c.table = std::move(table);
    c.row_id = std::move(row);
    c.field = std::move(field);
    c.value = std::move(value);
    c.hlc = hlc;
    c.device = std::move(device);
    return c;
}

std::vector<std::string> titles(const domain::Page& page) {
    std::vector<std::string> out;
    for (const Record& r : page.rows) out.push_back(r.text(r.entity().title_field));
    return out;
}

std::string create_record(Store& store, std::string_view entity,
                          const std::vector<std::pair<std::string, nlohmann::json>>& values) {
    domain::Repository repo = store.records(entity);
    domain::Record r(repo.entity());
    for (const auto& [k, v] : values) r.set(k, v);
    auto made = repo.create(r);
    EXPECT_TRUE(made.ok()) << entity << ": " << message_of(made);
    return made.ok() ? made->id : std::string();
}

std::string user_id(Store& store, const std::string& login, std::string_view role, const std::string& team_id) {
    auto found = sync::find_user_by_login(store, login);
    EXPECT_TRUE(found.ok()) << message_of(found);
    if (found.ok() && *found) return (*found)->user_id;
    std::vector<std::pair<std::string, nlohmann::json>> values{
        {"login", login}, {"name", login}, {"role", std::string(role)}};
    if (!team_id.empty()) values.emplace_back("team_id", team_id);
    return create_record(store, domain::entity::kUser, values);
}

}  // namespace crm::test
