#pragma once
// A field rep's visits and calls: check in at a customer (start a new visit or today's planned one), the
// position that arrives later (or never), check out with the visit report and its follow-up, "the office is
// here" and logging a call. Pure core: "now" is passed in, errors are values, and every write goes through
// the generic repository, so it is in the outbox and syncs like any edit.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain/record.hpp"
#include "core/util/result.hpp"

namespace crm {
class Store;
}

namespace crm::domain {

// The customer a visit or a call is with: a company or a contact (a private person).
struct CustomerRef {
    std::string_view entity;  // entity::kCompany or entity::kContact
    std::string id;
};

struct PositionFix {
    double lat = 0.0;
    double lon = 0.0;
    double accuracy = 0.0;  // metres
};

// What a position request came to: a fix, the user refused, or no fix in time.
enum class PositionOutcome { Ok, Denied, Unavailable };

struct CheckInOptions {
    std::string subject;         // a new visit's subject (the UI's text); empty: the customer's name
    std::string owner;           // a new visit's owner; empty: the customer's owner
    std::int64_t offset_ms = 0;  // the device's zone east of UTC: which planned visits are "today"
};

// The customer's visit that is checked in and not yet checked out, if any (newest first).
Result<std::optional<Record>> open_visit(Store& store, const CustomerRef& customer);
// The customer's visit that is checked out but has no report yet (not done), if any (newest first).
Result<std::optional<Record>> unreported_visit(Store& store, const CustomerRef& customer);
// The customer's planned visit due today (device's zone) with no check-in yet, earliest first.
Result<std::optional<Record>> planned_visit_today(Store& store, const CustomerRef& customer,
                                                  std::int64_t now_ms, std::int64_t offset_ms);

// Checks in at `customer` at `now_ms`: the visit already open there is returned as it is; else today's
// planned visit starts; else a new visit (due now) is created. The start is written at once with
// geo_status "pending": the position never holds the check-in back. NotFound: no such live customer.
Result<Record> check_in(Store& store, const CustomerRef& customer, std::int64_t now_ms,
                        const CheckInOptions& options = {});

// The position request of a check-in came to `outcome` (the fix when Ok). Only a visit still pending is
// written (a late answer never overwrites a fix); the visit as stored is returned either way.
Result<Record> set_visit_position(Store& store, const std::string& visit_id, PositionOutcome outcome,
                                  const PositionFix& fix = {});

// Records the end of a visit at `now_ms` (kept when already recorded). Invalid "check_in_at" "empty": the
// visit was never checked in.
Result<Record> record_check_out(Store& store, const std::string& visit_id, std::int64_t now_ms);

struct VisitReport {
    std::string result;  // the outcome
    std::string notes;
    std::string next_step;  // also the follow-up's subject
    // A follow-up activity to plan (type, due time); none: nothing planned.
    std::optional<std::int64_t> follow_up_due_ms;
    std::string follow_up_type = "task";
};

struct CheckOutOutcome {
    Record visit;
    std::optional<Record> follow_up;
};

// Checks out with the report, in one transaction: check_out_at (kept when record_check_out wrote it),
// done_at = now, result, notes, next step, and, when the report plans one, the follow-up activity for the
// same customer, deal and owner. Invalid "next_step" "empty": a follow-up without a next step to name it.
Result<CheckOutOutcome> check_out(Store& store, const std::string& visit_id, std::int64_t now_ms,
                                  const VisitReport& report);

// "The office is here": the customer takes the fix as its location.
Result<Record> set_customer_location(Store& store, const CustomerRef& customer, const PositionFix& fix);

struct CallLog {
    std::string subject;  // the UI's text; empty: the customer's name
    std::string result;
    std::string owner;  // empty: the customer's owner
};

// Logs a call with `customer` that started at `started_at_ms`: a done call activity (due and done at the
// start), in one step.
Result<Record> log_call(Store& store, const CustomerRef& customer, std::int64_t started_at_ms,
                        const CallLog& call = {});

// The reference field of an activity that names a customer of this entity ("company_id" / "contact_id").
std::string_view customer_field(std::string_view entity);

}  // namespace crm::domain
