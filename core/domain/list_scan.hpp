#pragma once
// A list query (search as you type, a filter, a tab) run a slice at a time: its first page, then its count,
// as prepared statements stepped row by row and resumed on the next call, so a caller that gives each frame
// a budget never makes a frame wait for the whole query. Generic over the entity registry: any entity's
// Repository works. Dropping the scan abandons the query (its statements are finalized).
//
// The statements stay open between slices. A write to the database meanwhile makes their reads
// unreliable, so the scan notices it (the connection's total_changes) and starts over.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/domain/repository.hpp"

namespace crm::domain {

class ListScan {
  public:
    // Prepares `query` (its page: `limit` rows at `offset`; its count when `count_total`). Nothing is read
    // until advance().
    static Result<ListScan> start(Repository repo, ListQuery query);

    // Runs at most `max_steps` statement steps (each reads one row of the page or one match counted);
    // returns how many it ran. Fewer than asked: the scan is done.
    Result<int> advance(int max_steps);

    bool page_done() const { return !prepared_.page.has_value(); }
    bool done() const { return page_done() && !prepared_.count.has_value(); }
    bool counting() const { return prepared_.count.has_value(); }
    const std::vector<Record>& rows() const { return rows_; }
    std::vector<Record> take_rows() { return std::move(rows_); }
    // Matches counted so far; the total once done (-1 when the query did not ask for a count).
    std::int64_t counted() const { return counted_; }
    std::int64_t steps() const { return steps_; }  // since start, restarts included
    int restarts() const { return restarts_; }     // times a write underneath made it start over
    // Bumped each time the page is complete (again, after a restart): the caller shows rows() when it moves.
    int pages_done() const { return pages_done_; }
    const ListQuery& query() const { return query_; }

  private:
    ListScan(Repository repo, ListQuery query) : repo_(std::move(repo)), query_(std::move(query)) {}
    Status prepare();

    Repository repo_;
    ListQuery query_;
    PreparedList prepared_;
    std::vector<Record> rows_;
    std::int64_t counted_ = -1;
    std::int64_t steps_ = 0;
    std::int64_t changes_at_start_ = 0;
    int restarts_ = 0;
    int pages_done_ = 0;
};

}  // namespace crm::domain
