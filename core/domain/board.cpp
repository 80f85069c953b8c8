#include "core/domain/board.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>

#include "core/domain/forecast.hpp"
#include "core/domain/pipeline.hpp"
#include "core/domain/row_io.hpp"
#include "core/limits.hpp"
#include "core/store.hpp"

namespace crm::domain {

namespace {

constexpr std::int64_t kMaxSum = std::numeric_limits<std::int64_t>::max();

void add_to(std::int64_t& sum, std::int64_t amount) {
    sum = amount > kMaxSum - sum ? kMaxSum : sum + amount;
}

int kind_rank(const Record& stage) {
    const std::string kind = stage.text("kind");
    if (kind == outcome::kWon) return 1;
    if (kind == outcome::kLost) return 2;
    return 0;  // open (or a kind a newer app added): with the open stages
}

// The home currency first, then by code (as the forecast lists them).
bool currency_before(const std::string& a, const std::string& b) {
    if (a == b) return false;
    if (a == kHomeCurrency) return true;
    if (b == kHomeCurrency) return false;
    return a < b;
}

void add_filters(ListQuery& q, const BoardFilter& filter) {
    q.search = filter.search;
    if (!filter.owner.empty()) q.equals.emplace_back("owner_id", filter.owner);
}

}  // namespace

Result<std::vector<Record>> board_pipelines(Store& store) {
    ListQuery q;
    q.sort_field = "position";
    q.limit = limits::kMaxPageSize;
    q.count_total = false;
    auto page = store.records(entity::kPipeline).list(q);
    if (!page) return page.error();
    return std::move(page->rows);
}

Result<std::vector<Record>> board_stages(Store& store, const std::string& pipeline_id) {
    ListQuery q;
    q.sort_field = "position";
    q.equals.emplace_back("pipeline_id", pipeline_id);
    q.limit = limits::kMaxPageSize;
    q.count_total = false;
    auto page = store.records(entity::kStage).list(q);
    if (!page) return page.error();
    std::vector<Record> stages = std::move(page->rows);
    std::stable_sort(stages.begin(), stages.end(),
                     [](const Record& a, const Record& b) { return kind_rank(a) < kind_rank(b); });
    return stages;
}

Result<std::vector<BoardColumn>> load_board_columns(Store& store, const BoardFilter& filter) {
    auto stages = board_stages(store, filter.pipeline_id);
    if (!stages) return stages.error();
    std::vector<BoardColumn> columns;
    columns.reserve(stages->size());
    std::unordered_map<std::string, std::size_t> column_of;
    for (Record& s : *stages) {
        column_of.emplace(s.id, columns.size());
        columns.push_back(BoardColumn{std::move(s), 0, {}});
    }
    if (columns.empty()) return columns;

    // A lean scan of the pipeline's deals (its reference index) instead of whole records: 10,000 deals
    // are read in one pass, only when the data changed.
    const EntityDesc& deal = store.registry().get(entity::kDeal);
    const std::string table(deal.table);
    std::string sql = "SELECT stage_id, amount, amount_currency, probability FROM " + table +
                      " WHERE pipeline_id = ?1 AND deleted = 0";
    if (!filter.owner.empty()) sql += " AND owner_id = ?2";
    const std::string match = build_match_expression(filter.search);
    if (!match.empty()) {
        const std::string fts = search_table(deal);
        sql += " AND rowid IN (SELECT rowid FROM " + fts + " WHERE " + fts + " MATCH ?3)";
    }
    auto stmt = store.db().prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, filter.pipeline_id);
    if (!filter.owner.empty()) stmt->bind(2, filter.owner);
    if (!match.empty()) stmt->bind(3, match);

    // effective_probability reads a deal record: one scratch record carries each row's override.
    Record scratch(deal);
    std::vector<std::map<std::string, CurrencySum>> sums(columns.size());
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        const auto it = column_of.find(stmt->column_text(0));
        if (it == column_of.end()) continue;  // a stage deleted elsewhere: no column to show it in
        BoardColumn& column = columns[it->second];
        ++column.count;
        if (stmt->is_null(1)) continue;
        const std::int64_t amount = stmt->column_int(1);
        scratch.set("probability",
                    stmt->is_null(3) ? nlohmann::json(nullptr) : nlohmann::json(stmt->column_int(3)));
        const int percent = effective_probability(scratch, column.stage);
        CurrencySum& sum = sums[it->second][stmt->column_text(2)];
        add_to(sum.amount, amount);
        add_to(sum.weighted, weighted_amount(amount, percent));
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
        for (auto& [currency, sum] : sums[i]) {
            sum.currency = currency;
            columns[i].sums.push_back(std::move(sum));
        }
        std::sort(columns[i].sums.begin(), columns[i].sums.end(),
                  [](const CurrencySum& a, const CurrencySum& b) {
                      return currency_before(a.currency, b.currency);
                  });
    }
    return columns;
}

Result<std::vector<BoardCard>> load_board_cards(Store& store, const BoardFilter& filter, const Record& stage,
                                                int offset, int limit, std::int64_t now_ms,
                                                std::int64_t zone_offset_ms) {
    ListQuery q;
    add_filters(q, filter);
    q.equals.emplace_back("stage_id", stage.id);
    q.sort_field = "stage_entered_at";
    q.descending = true;
    q.offset = offset;
    q.limit = limit;
    q.count_total = false;
    auto page = store.records(entity::kDeal).list(q);
    if (!page) return page.error();
    std::vector<BoardCard> cards;
    cards.reserve(page->rows.size());
    for (const Record& d : page->rows) {
        BoardCard c;
        c.id = d.id;
        c.title = d.text("title");
        c.customer = d.ref_title("company_id");
        if (c.customer.empty()) c.customer = d.ref_title("contact_id");
        c.amount = money_of(d.get("amount"));
        c.days_in_stage = days_in_stage(d, now_ms, zone_offset_ms);
        c.owner = d.ref_title("owner_id");
        c.stale = is_stale(d, stage, now_ms, zone_offset_ms);
        cards.push_back(std::move(c));
    }
    return cards;
}

std::vector<OwnerChoice> board_owners(Store& store) {
    std::vector<OwnerChoice> out;
    const std::string deals(store.registry().get(entity::kDeal).table);
    const std::string users(store.registry().get(entity::kUser).table);
    auto stmt = store.db().prepare("SELECT DISTINCT d.owner_id, u.name FROM " + deals + " d JOIN " + users +
                                   " u ON u.id = d.owner_id WHERE d.deleted = 0 ORDER BY u.name COLLATE "
                                   "crm_fold, d.owner_id");
    if (!stmt) return out;
    while (true) {
        auto row = stmt->step();
        if (!row || !*row) break;
        out.push_back({stmt->column_text(0), stmt->column_text(1)});
    }
    return out;
}

}  // namespace crm::domain
