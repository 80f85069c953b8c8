#include "core/demo/demo_activities.hpp"

#include <array>
#include <optional>
#include <string_view>

#include "core/demo/dice.hpp"
#include "core/domain/activity.hpp"
#include "core/limits.hpp"
#include "core/util/civil_date.hpp"

namespace crm::demo {

namespace {

using std::string_view;
namespace type = domain::activity_type;

constexpr std::int64_t kMinuteMs = civil::kMsPerMinute;
constexpr std::int64_t kHourMs = civil::kMsPerHour;
constexpr std::int64_t kDayMs = civil::kMsPerDay;
constexpr int kFirstHour = 9;  // working hours of the demo's reps, local time
constexpr int kLastHour = 18;
// Today's visits of the first rep, local times in minutes: a route through the day.
constexpr std::array<int, 4> kTodaysVisits{10 * 60, 12 * 60, 14 * 60 + 30, 16 * 60 + 30};

struct Kind {
    string_view type;
    std::array<string_view, 5> subjects;
    std::array<string_view, 5> results;
};

// Subjects and outcomes per type, as Russian reps write them.
constexpr std::array kKinds{
    Kind{type::kCall,
         {"Уточнить потребность", "Обсудить коммерческое предложение", "Договориться о встрече",
          "Напомнить об оплате счёта", "Согласовать условия поставки"},
         {"Договорились о встрече на следующей неделе", "Не дозвонился, перезвонить", "Просит прислать КП",
          "Бюджет заморожен до следующего квартала", "Условия устраивают, ждём заявку"}},
    Kind{type::kMeeting,
         {"Презентация продукта", "Переговоры по договору", "Встреча с отделом закупок", "Обсуждение скидки",
          "Планирование поставок на квартал"},
         {"Интерес высокий, готовят техзадание", "Договор отправлен юристам", "Попросили время подумать",
          "Скидка согласована: 5 %", "Согласовали график поставок"}},
    Kind{type::kVisit,
         {"Знакомство с клиентом", "Демонстрация образцов", "Плановый визит", "Подписание договора",
          "Сервисный визит"},
         {"Провели демонстрацию, интерес высокий", "Подписали договор", "Собрали замечания по качеству",
          "Закупщик в отпуске, встретились с замом", "Оставили образцы и каталог"}},
    Kind{type::kEmail,
         {"Отправить КП", "Письмо с прайс-листом", "Ответ на запрос цен", "Отправить договор",
          "Подтверждение заказа"},
         {"Отправлено", "Клиент подтвердил получение", "Ответа пока нет", "Попросили скорректировать цены",
          "Заказ подтверждён"}},
    Kind{type::kMessage,
         {"Уточнить адрес доставки", "Напомнить о встрече", "Отправить фото образцов",
          "Поздравить с праздником", "Уточнить контакт бухгалтерии"},
         {"Ответили в мессенджере", "Прочитано", "Прислали реквизиты", "Поблагодарили", "Дали телефон"}},
    Kind{type::kNote,
         {"Клиент сравнивает с конкурентом", "Решение принимает директор", "Сезонный спрос весной",
          "Недоволен сроками прошлой поставки", "Открывают новый филиал"},
         {"", "", "", "", ""}},
    Kind{type::kTask,
         {"Подготовить КП", "Выставить счёт", "Проверить оплату", "Согласовать скидку с руководителем",
          "Обновить реквизиты клиента"},
         {"Готово", "Счёт выставлен", "Оплата получена", "Согласовано", "Обновлено"}},
};
constexpr std::array<int, kKinds.size()> kPastWeights{35, 10, 20, 15, 8, 7, 5};
constexpr std::array<int, kKinds.size()> kPlannedWeights{30, 15, 25, 5, 3, 0, 22};
constexpr std::array<string_view, 6> kNextSteps{"Отправить КП",           "Перезвонить через неделю",
                                                "Назначить демонстрацию", "Выставить счёт",
                                                "Пригласить на выставку", "Согласовать договор"};

struct Customer {
    std::string company_id;
    std::string contact_id;
    std::string owner;
};

Customer pick_customer(Dice& d, const DemoCustomers& c) {
    const bool company = !c.companies.empty() && (c.people.empty() || d.chance(70));
    if (company) {
        const auto& co = c.companies[d.below(c.companies.size())];
        Customer out{co.id, "", co.owner};
        if (!co.contacts.empty() && d.chance(50))
            out.contact_id = c.people[co.contacts[d.below(co.contacts.size())]].id;
        return out;
    }
    const auto& p = c.people[d.below(c.people.size())];
    return {"", p.id, p.owner};
}

// Unix ms of `minutes` past local midnight of day `day` (days since 1970 in the demo's zone).
std::int64_t local_time(std::int64_t day, std::int64_t minutes) {
    return domain::day_start_ms(day, limits::kDemoUtcOffsetMinutes * kMinuteMs) + minutes * kMinuteMs;
}

class Writer {
  public:
    Writer(Store& store) : store_(store), repo_(store.records(domain::entity::kActivity)) {}

    Status add(domain::Record r) {
        if (!batch_) {
            auto tx = storage::Transaction::begin(store_.db());
            if (!tx) return tx.error();
            batch_.emplace(std::move(tx).value());
        }
        auto made = repo_.create(std::move(r));
        if (!made) return made.error();
        if (++in_batch_ < limits::kDemoBatchRows) return {};
        return flush();
    }
    Status flush() {
        in_batch_ = 0;
        if (!batch_) return {};
        Status s = batch_->commit();
        batch_.reset();
        return s;
    }
    const domain::EntityDesc& entity() const { return repo_.entity(); }

  private:
    Store& store_;
    domain::Repository repo_;
    std::optional<storage::Transaction> batch_;
    int in_batch_ = 0;
};

domain::Record draft(const Writer& w, const Kind& kind, std::size_t subject, const Customer& c) {
    domain::Record r(w.entity());
    r.set("type", std::string(kind.type))
        .set("subject", std::string(kind.subjects[subject]))
        .set(domain::kOwnerField, c.owner);
    if (!c.company_id.empty()) r.set("company_id", c.company_id);
    if (!c.contact_id.empty()) r.set("contact_id", c.contact_id);
    return r;
}

// A done activity some day of the past weeks, with its outcome; a visit with its check-in, check-out and
// where the rep stood.
domain::Record past_activity(Dice& d, const Writer& w, const DemoCustomers& customers, std::int64_t now) {
    const Kind& kind = kKinds[d.weighted(kPastWeights)];
    const std::size_t i = d.below(kind.subjects.size());
    domain::Record r = draft(w, kind, i, pick_customer(d, customers));
    const std::int64_t today = domain::day_number(now, limits::kDemoUtcOffsetMinutes * kMinuteMs);
    std::int64_t due = local_time(today - d.between(1, limits::kDemoActivityHistoryDays),
                                  d.between(kFirstHour * 60, kLastHour * 60 - 60));
    const std::int64_t minutes = kind.type == type::kCall ? d.between(2, 15) : d.between(20, 90);
    r.set("due_at", due).set("duration_min", minutes);
    std::int64_t done = due + minutes * kMinuteMs;
    if (kind.type == type::kVisit) {
        const std::int64_t in = due + d.between(-10, 15) * kMinuteMs;
        done = in + minutes * kMinuteMs;
        r.set("check_in_at", in).set("check_out_at", done);
        if (d.chance(90)) {
            // Around Moscow: a shop, an office or a warehouse on the rep's route.
            r.set("check_in_geo", domain::geo(55.55 + static_cast<double>(d.below(4000)) / 10'000.0,
                                              37.35 + static_cast<double>(d.below(5000)) / 10'000.0,
                                              static_cast<double>(d.between(5, 40))))
                .set("geo_status", std::string(domain::geo_status::kOk));
        } else {
            r.set("geo_status", std::string(domain::geo_status::kDenied));
        }
        r.set("notes", std::string("Встречались с ") + (d.chance(50) ? "директором" : "закупщиком"));
    }
    r.set("done_at", done);
    if (!kind.results[i].empty()) r.set("result", std::string(kind.results[d.below(kind.results.size())]));
    if (kind.type == type::kVisit || kind.type == type::kMeeting)
        r.set("next_step", std::string(kNextSteps[d.below(kNextSteps.size())]));
    return r;
}

// A planned activity: a few overdue, some today, the rest over the coming days; some tasks are all-day.
domain::Record planned_activity(Dice& d, const Writer& w, const DemoCustomers& customers, std::int64_t now) {
    const Kind& kind = kKinds[d.weighted(kPlannedWeights)];
    domain::Record r = draft(w, kind, d.below(kind.subjects.size()), pick_customer(d, customers));
    const std::int64_t today = domain::day_number(now, limits::kDemoUtcOffsetMinutes * kMinuteMs);
    const int roll = static_cast<int>(d.below(100));
    const std::int64_t day = roll < 10   ? today - d.between(1, 4)
                             : roll < 20 ? today
                                         : today + d.between(1, limits::kDemoPlanAheadDays);
    if (kind.type == type::kTask && d.chance(30)) {
        // A floating date: 00:00 UTC of that calendar day (activity.hpp).
        r.set("all_day", true).set("due_at", day * kDayMs);
    } else {
        r.set("due_at", local_time(day, d.between(kFirstHour * 2, kLastHour * 2 - 1) * 30))
            .set("duration_min", kind.type == type::kCall ? 15 : 60);
    }
    return r;
}

}  // namespace

Status generate_activities(Store& store, const DemoCustomers& customers, int past, int planned,
                           std::uint64_t seed) {
    if (past + planned <= 0) return {};
    if (customers.companies.empty() && customers.people.empty())
        return make_error(ErrorCode::Invalid, "demo activities need customers");
    Dice dice(seed);
    Writer w(store);
    const std::int64_t now = store.clock().now();
    for (int i = 0; i < past; ++i) CRM_TRY(w.add(past_activity(dice, w, customers, now)));
    for (int i = 0; i < planned; ++i) CRM_TRY(w.add(planned_activity(dice, w, customers, now)));
    // The first rep's route today: visits at their companies in planned order.
    if (!customers.companies.empty()) {
        const std::string& rep = customers.companies.front().owner;
        const std::int64_t today = domain::day_number(now, limits::kDemoUtcOffsetMinutes * kMinuteMs);
        std::size_t at = 0;
        for (int minutes : kTodaysVisits) {
            while (at < customers.companies.size() && customers.companies[at].owner != rep) ++at;
            if (at == customers.companies.size()) break;
            const auto& co = customers.companies[at++];
            domain::Record r =
                draft(w, kKinds[2], dice.below(kKinds[2].subjects.size()), {co.id, "", co.owner});
            r.set("due_at", local_time(today, minutes)).set("duration_min", 60);
            CRM_TRY(w.add(std::move(r)));
        }
    }
    return w.flush();
}

}  // namespace crm::demo
