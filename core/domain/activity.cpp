#include "core/domain/activity.hpp"

#include <cassert>

#include "core/util/civil_date.hpp"

namespace crm::domain {

namespace {

constexpr std::int64_t kDayMs = civil::kMsPerDay;

// Floor division: days before 1970 are negative whole days, not rounded toward zero.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    assert(b > 0 && "floor_div: the divisor must be positive");
    return a / b - ((a % b != 0) && (a < 0) ? 1 : 0);
}

std::optional<std::int64_t> moment(const Record& r, std::string_view field) {
    const auto& v = r.get(field);
    if (!v.is_number_integer()) return std::nullopt;
    return v.get<std::int64_t>();
}

}  // namespace

const std::vector<std::string_view>& activity_type_keys() {
    static const std::vector<std::string_view> keys{
        activity_type::kCall,    activity_type::kMeeting, activity_type::kVisit, activity_type::kEmail,
        activity_type::kMessage, activity_type::kNote,    activity_type::kTask};
    return keys;
}

const std::vector<std::string_view>& geo_status_keys() {
    static const std::vector<std::string_view> keys{geo_status::kPending, geo_status::kOk,
                                                    geo_status::kDenied, geo_status::kUnavailable};
    return keys;
}

Status check_activity(const Record& a) {
    if (a.text("type") == activity_type::kVisit && a.text("company_id").empty() &&
        a.text("contact_id").empty())
        return make_error(ErrorCode::Invalid, "a visit needs a customer", "company_id", "empty");
    return {};
}

bool is_done(const Record& a) {
    return moment(a, "done_at").has_value();
}
bool is_planned(const Record& a) {
    return moment(a, "due_at").has_value() && !is_done(a);
}

std::int64_t day_number(std::int64_t utc_ms, std::int64_t offset_ms) {
    return floor_div(utc_ms + offset_ms, kDayMs);
}
std::int64_t day_start_ms(std::int64_t day, std::int64_t offset_ms) {
    return day * kDayMs - offset_ms;
}

std::optional<std::int64_t> due_day(const Record& a, std::int64_t offset_ms) {
    const auto due = moment(a, "due_at");
    if (!due) return std::nullopt;
    return day_number(*due, a.boolean("all_day") ? 0 : offset_ms);
}

DueClass classify_due(const Record& a, std::int64_t now_ms, std::int64_t offset_ms) {
    if (!is_planned(a)) return DueClass::None;
    const std::int64_t today = day_number(now_ms, offset_ms);
    const std::int64_t day = *due_day(a, offset_ms);
    if (a.boolean("all_day")) {
        if (day < today) return DueClass::Overdue;
        return day == today ? DueClass::Today : DueClass::Later;
    }
    if (*moment(a, "due_at") < now_ms) return DueClass::Overdue;
    return day == today ? DueClass::Today : DueClass::Later;
}

std::string_view to_key(DueClass due) {
    switch (due) {
        case DueClass::None:
            return "none";
        case DueClass::Overdue:
            return "overdue";
        case DueClass::Today:
            return "today";
        case DueClass::Later:
            return "later";
    }
    return "none";
}

}  // namespace crm::domain
