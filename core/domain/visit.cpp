#include "core/domain/visit.hpp"

#include "core/domain/activity.hpp"
#include "core/domain/field.hpp"
#include "core/domain/repository.hpp"
#include "core/limits.hpp"
#include "core/store.hpp"

namespace crm::domain {

namespace {

bool is_set(const nlohmann::json& v) {
    return !v.is_null() && !(v.is_string() && v.get<std::string>().empty());
}

Result<Record> live_customer(Store& store, const CustomerRef& customer) {
    if (customer.entity != entity::kCompany && customer.entity != entity::kContact)
        return make_error(ErrorCode::Invalid, "a customer is a company or a contact", "entity", "mismatch");
    return store.records(customer.entity).get(customer.id);
}

// The customer's visits, newest due first: enough rows that today's and the open ones are among them.
Result<Page> customer_visits(Store& store, const CustomerRef& customer) {
    ListQuery q;
    q.equals = {{"type", std::string(activity_type::kVisit)},
                {std::string(customer_field(customer.entity)), customer.id}};
    q.sort_field = "due_at";
    q.descending = true;
    q.limit = limits::kVisitLookupRows;
    q.count_total = false;
    return store.records(entity::kActivity).list(q);
}

// A new activity for `customer`: its reference, the customer's owner unless one is given, and the subject
// (the customer's name when the UI gave none).
Record activity_for(Store& store, const Record& customer, const CustomerRef& ref, std::string_view type,
                    const std::string& subject, const std::string& owner) {
    Record a(store.registry().get(entity::kActivity));
    a.set("type", std::string(type));
    a.set(customer_field(ref.entity), customer.id);
    a.set("subject", subject.empty() ? customer.text(customer.entity().title_field) : subject);
    const std::string who = owner.empty() ? customer.text("owner_id") : owner;
    if (!who.empty()) a.set("owner_id", who);
    return a;
}

}  // namespace

std::string_view customer_field(std::string_view entity) {
    return entity == entity::kContact ? "contact_id" : "company_id";
}

Result<std::optional<Record>> open_visit(Store& store, const CustomerRef& customer) {
    auto visits = customer_visits(store, customer);
    if (!visits) return visits.error();
    for (Record& v : visits->rows)
        if (is_set(v.get("check_in_at")) && !is_set(v.get("check_out_at")) && !is_done(v))
            return std::optional<Record>(std::move(v));
    return std::optional<Record>();
}

Result<std::optional<Record>> unreported_visit(Store& store, const CustomerRef& customer) {
    auto visits = customer_visits(store, customer);
    if (!visits) return visits.error();
    for (Record& v : visits->rows)
        if (is_set(v.get("check_out_at")) && !is_done(v)) return std::optional<Record>(std::move(v));
    return std::optional<Record>();
}

Result<std::optional<Record>> planned_visit_today(Store& store, const CustomerRef& customer,
                                                  std::int64_t now_ms, std::int64_t offset_ms) {
    auto visits = customer_visits(store, customer);
    if (!visits) return visits.error();
    const std::int64_t today = day_number(now_ms, offset_ms);
    std::optional<Record> best;
    // Newest due first: the last match is the earliest of the day.
    for (Record& v : visits->rows) {
        if (!is_planned(v) || is_set(v.get("check_in_at"))) continue;
        if (due_day(v, offset_ms) == today) best = std::move(v);
    }
    return best;
}

Result<Record> check_in(Store& store, const CustomerRef& customer, std::int64_t now_ms,
                        const CheckInOptions& options) {
    auto tx = storage::Transaction::begin(store.db());
    if (!tx) return tx.error();
    auto who = live_customer(store, customer);
    if (!who) return who.error();
    auto open = open_visit(store, customer);
    if (!open) return open.error();
    if (*open) return std::move(**open);  // a second tap while checked in starts nothing new
    auto planned = planned_visit_today(store, customer, now_ms, options.offset_ms);
    if (!planned) return planned.error();
    Repository activities = store.records(entity::kActivity);
    Record visit =
        *planned ? std::move(**planned)
                 : activity_for(store, *who, customer, activity_type::kVisit, options.subject, options.owner);
    if (!*planned) visit.set("due_at", now_ms);
    visit.set("check_in_at", now_ms);
    visit.set("geo_status", std::string(geo_status::kPending));
    auto saved = *planned ? activities.update(visit, WriteScope::Rules) : activities.create(visit);
    if (!saved) return saved.error();
    CRM_TRY(tx->commit());
    return saved;
}

Result<Record> set_visit_position(Store& store, const std::string& visit_id, PositionOutcome outcome,
                                  const PositionFix& fix) {
    Repository activities = store.records(entity::kActivity);
    auto visit = activities.get(visit_id);
    if (!visit) return visit.error();
    if (visit->text("geo_status") != geo_status::kPending) return visit;
    Record next = *visit;
    switch (outcome) {
        case PositionOutcome::Ok:
            next.set("check_in_geo", geo(fix.lat, fix.lon, fix.accuracy));
            next.set("geo_status", std::string(geo_status::kOk));
            break;
        case PositionOutcome::Denied:
            next.set("geo_status", std::string(geo_status::kDenied));
            break;
        case PositionOutcome::Unavailable:
            next.set("geo_status", std::string(geo_status::kUnavailable));
            break;
    }
    return activities.update(next, WriteScope::Rules);
}

Result<Record> record_check_out(Store& store, const std::string& visit_id, std::int64_t now_ms) {
    Repository activities = store.records(entity::kActivity);
    auto visit = activities.get(visit_id);
    if (!visit) return visit.error();
    if (!is_set(visit->get("check_in_at")))
        return make_error(ErrorCode::Invalid, "the visit was not checked in", "check_in_at", "empty");
    if (is_set(visit->get("check_out_at"))) return visit;
    Record next = *visit;
    next.set("check_out_at", now_ms);
    return activities.update(next, WriteScope::Rules);
}

Result<CheckOutOutcome> check_out(Store& store, const std::string& visit_id, std::int64_t now_ms,
                                  const VisitReport& report) {
    if (report.follow_up_due_ms && report.next_step.empty())
        return make_error(ErrorCode::Invalid, "a follow-up needs a next step", "next_step", "empty");
    auto tx = storage::Transaction::begin(store.db());
    if (!tx) return tx.error();
    auto ended = record_check_out(store, visit_id, now_ms);
    if (!ended) return ended.error();
    Record visit = std::move(ended).value();
    visit.set("done_at", now_ms);
    visit.set("result", report.result);
    visit.set("notes", report.notes);
    visit.set("next_step", report.next_step);
    Repository activities = store.records(entity::kActivity);
    auto saved = activities.update(visit, WriteScope::Rules);
    if (!saved) return saved.error();
    CheckOutOutcome out{std::move(saved).value(), std::nullopt};
    if (report.follow_up_due_ms) {
        Record next(store.registry().get(entity::kActivity));
        next.set("type", report.follow_up_type);
        next.set("subject", report.next_step);
        next.set("due_at", *report.follow_up_due_ms);
        for (std::string_view f : {"company_id", "contact_id", "deal_id", "owner_id"})
            if (is_set(out.visit.get(f))) next.set(f, out.visit.get(f));
        auto created = activities.create(next);
        if (!created) return created.error();
        out.follow_up = std::move(created).value();
    }
    CRM_TRY(tx->commit());
    return out;
}

Result<Record> set_customer_location(Store& store, const CustomerRef& customer, const PositionFix& fix) {
    auto who = live_customer(store, customer);
    if (!who) return who.error();
    Record next = *who;
    next.set("location", geo(fix.lat, fix.lon, fix.accuracy));
    return store.records(customer.entity).update(next, WriteScope::Rules);
}

Result<Record> log_call(Store& store, const CustomerRef& customer, std::int64_t started_at_ms,
                        const CallLog& call) {
    auto who = live_customer(store, customer);
    if (!who) return who.error();
    Record a = activity_for(store, *who, customer, activity_type::kCall, call.subject, call.owner);
    a.set("due_at", started_at_ms);
    a.set("done_at", started_at_ms);
    if (!call.result.empty()) a.set("result", call.result);
    return store.records(entity::kActivity).create(a);
}

}  // namespace crm::domain
