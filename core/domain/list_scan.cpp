#include "core/domain/list_scan.hpp"

#include <utility>

namespace crm::domain {

Result<ListScan> ListScan::start(Repository repo, ListQuery query) {
    ListScan scan(std::move(repo), std::move(query));
    CRM_TRY(scan.prepare());
    return scan;
}

Status ListScan::prepare() {
    prepared_ = {};
    rows_.clear();
    counted_ = query_.count_total ? 0 : -1;
    changes_at_start_ = repo_.total_changes();
    auto prepared = repo_.prepare_list(query_);
    if (!prepared) return prepared.error();
    prepared_ = std::move(prepared).value();
    return {};
}

Result<int> ListScan::advance(int max_steps) {
    if (!done() && repo_.total_changes() != changes_at_start_) {
        ++restarts_;
        CRM_TRY(prepare());
    }
    int taken = 0;
    bool retried = false;
    while (taken < max_steps && !done()) {
        ++taken;
        ++steps_;
        // The page first: the screen shows it while the count goes on.
        storage::Statement& s = prepared_.page ? *prepared_.page : *prepared_.count;
        auto row = s.step();
        if (!row) {
            // A ROLLBACK on the connection aborts its pending reads: read the query again, once a call.
            if (retried) return row.error();
            retried = true;
            ++restarts_;
            CRM_TRY(prepare());
            continue;
        }
        const bool page = prepared_.page.has_value();
        if (*row) {
            if (page)
                rows_.push_back(repo_.read_row(s));
            else
                ++counted_;
            continue;
        }
        if (page) {
            prepared_.page.reset();
            ++pages_done_;
        } else {
            prepared_.count.reset();
        }
    }
    return taken;
}

}  // namespace crm::domain
