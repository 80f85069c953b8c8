#include "core/demo/demo_deals.hpp"

#include <array>
#include <optional>
#include <string_view>

#include "core/demo/dice.hpp"
#include "core/domain/pipeline.hpp"
#include "core/limits.hpp"
#include "core/util/civil_date.hpp"

namespace crm::demo {

namespace {

using domain::Record;
using nlohmann::json;

constexpr std::int64_t kDayMs = civil::kMsPerDay;
constexpr std::int64_t kMoscowOffsetMs = limits::kDemoUtcOffsetMinutes * civil::kMsPerMinute;  // demo dates
constexpr int kDealsPerBatch = 100;
constexpr int kStallPercent = 4;  // deals that stop moving at a stage: the board's stale cards // deals per
                                  // transaction (each is several writes)

struct StageSpec {
    const char* name;
    std::string_view kind;
    int probability;
    int idle_days;
    std::vector<std::string_view> required;
    int min_days, max_days;  // how long a demo deal stays before moving on
    int advance;             // percent of the deals leaving it that go forward (the rest are lost)
};

struct PipelineSpec {
    const char* name;
    std::vector<StageSpec> stages;  // open stages in order, then the won one, then the lost one
};

std::vector<PipelineSpec> pipeline_specs() {
    using namespace domain::outcome;
    return {{kDemoSalesPipeline,
             {{"Новый лид", kOpen, 10, 3, {}, 1, 5, 75},
              {"Квалификация", kOpen, 20, 7, {}, 2, 10, 70},
              {"Встреча", kOpen, 40, 10, {}, 3, 14, 70},
              {"КП", kOpen, 60, 14, {"amount"}, 3, 20, 60},
              {"Переговоры", kOpen, 80, 21, {"amount", "expected_close"}, 5, 30, 60},
              {"Успех", kWon, 100, 0, {"amount"}, 0, 0, 0},
              {"Провал", kLost, 0, 0, {}, 0, 0, 0}}},
            {kDemoRepeatPipeline,
             {{"Запрос", kOpen, 30, 3, {}, 1, 4, 85},
              {"Подбор решения", kOpen, 50, 7, {}, 2, 10, 80},
              {"Счёт выставлен", kOpen, 75, 10, {"amount"}, 2, 14, 80},
              {"Оплата", kOpen, 90, 14, {"amount", "expected_close"}, 1, 10, 90},
              {"Успех", kWon, 100, 0, {"amount"}, 0, 0, 0},
              {"Провал", kLost, 0, 0, {}, 0, 0, 0}}}};
}

constexpr std::array<const char*, 7> kLossReasons{"Дорого",
                                                  "Выбрали конкурента",
                                                  "Нет бюджета",
                                                  "Пропал контакт",
                                                  "Не актуально",
                                                  "Не устроили сроки",
                                                  "Отложили на следующий год"};
constexpr std::array<int, 7> kLossWeights{28, 24, 18, 14, 7, 5, 4};
constexpr std::array<std::string_view, 6> kLossComments{
    "Ушли к поставщику с ценой на 15% ниже", "Бюджет заморожен до следующего квартала",
    "Не отвечает на звонки и письма",        "Решение принял головной офис",
    "Проект отложен на неопределённый срок", "Попросили вернуться через полгода"};
constexpr std::array<std::string_view, 16> kProducts{
    "Поставка оборудования",    "Внедрение CRM",          "Годовое обслуживание", "Лицензии 1С",
    "Партия спецодежды",        "Ремонт склада",          "Аудит безопасности",   "Обучение персонала",
    "Поставка стройматериалов", "Разработка сайта",       "Аренда спецтехники",   "Корпоративная мебель",
    "Облачное хранилище",       "Монтаж видеонаблюдения", "Логистика на квартал", "Сервисный контракт"};
constexpr std::array<int, 2> kPipelineWeights{78, 22};    // new business, repeat sales
constexpr std::array<int, 3> kCurrencyWeights{92, 5, 3};  // RUB, USD, EUR
constexpr std::array<std::string_view, 3> kCurrencies{"RUB", "USD", "EUR"};

struct Made {
    std::string pipeline_id;
    std::vector<std::string> stage_ids;  // in spec order
};

// Amount in minor units: small, mid and large deals in roubles; foreign contracts in whole hundreds.
json random_amount(Dice& d, bool repeat) {
    const std::string_view currency = kCurrencies[d.weighted(kCurrencyWeights)];
    std::int64_t major = 0;
    if (currency != "RUB") {
        major = d.between(20, 800) * 100;
    } else {
        const std::size_t tier = d.weighted(std::array<int, 3>{repeat ? 60 : 40, 40, repeat ? 0 : 20});
        const std::array<std::pair<int, int>, 3> ranges{{{15, 150}, {150, 1500}, {1500, 15000}}};
        major = d.between(ranges[tier].first, ranges[tier].second) * 1000;
    }
    return domain::money(major * 100, currency);
}

Result<Made> make_pipeline(Store& store, const PipelineSpec& spec, int position) {
    Made made;
    domain::Repository pipelines = store.records(domain::entity::kPipeline);
    Record p(pipelines.entity());
    p.set("name", spec.name).set("position", position);
    auto created = pipelines.create(p);
    if (!created) return created.error();
    made.pipeline_id = created->id;
    domain::Repository stages = store.records(domain::entity::kStage);
    for (std::size_t i = 0; i < spec.stages.size(); ++i) {
        const StageSpec& s = spec.stages[i];
        Record r(stages.entity());
        json required = json::array();
        for (const auto name : s.required) required.push_back(name);
        r.set("pipeline_id", made.pipeline_id).set("name", s.name).set("position", static_cast<int>(i));
        r.set("kind", std::string(s.kind)).set("probability", s.probability).set("idle_days", s.idle_days);
        r.set("required_fields", required);
        auto stage = stages.create(r);
        if (!stage) return stage.error();
        made.stage_ids.push_back(stage->id);
    }
    return made;
}

// One deal's path: the stages it entered (spec indexes) and when, from its creation to now.
struct Step {
    std::size_t stage;
    std::int64_t at_ms;
};

std::vector<Step> walk(Dice& d, const PipelineSpec& spec, std::int64_t created, std::int64_t now) {
    const std::size_t open = spec.stages.size() - 2;  // the last two are won and lost
    std::vector<Step> steps{{0, created}};
    std::int64_t at = created;
    for (std::size_t i = 0; i < open; ++i) {
        const StageSpec& s = spec.stages[i];
        at += d.between(s.min_days, s.max_days) * kDayMs + d.between(0, kDayMs / 2);
        if (at >= now || d.chance(kStallPercent)) break;  // still in stage i (a stalled one goes stale)
        if (!d.chance(s.advance)) {
            steps.push_back({open + 1, at});  // lost
            break;
        }
        steps.push_back({i + 1 == open ? open : i + 1, at});  // the last open stage advances to won
    }
    return steps;
}

struct Context {
    Store& store;
    const DemoCustomers& customers;
    const std::vector<PipelineSpec>& specs;
    const std::vector<Made>& made;
    const std::vector<std::string>& reasons;
    std::vector<std::size_t> private_people;  // indexes into customers.people
    std::int64_t now;
};

Status make_deal(Context& c, Dice& d) {
    const std::size_t which = d.weighted(kPipelineWeights);
    const PipelineSpec& spec = c.specs[which];
    const Made& ids = c.made[which];
    domain::Repository deals = c.store.records(domain::entity::kDeal);
    Record deal(deals.entity());

    // The customer: mostly a company (with one of its people as the contact), else a private person.
    std::string customer;
    const bool to_company = !c.customers.companies.empty() && (c.private_people.empty() || d.chance(80));
    if (to_company) {
        const auto& co = c.customers.companies[d.below(c.customers.companies.size())];
        deal.set("company_id", co.id).set(domain::kOwnerField, co.owner);
        if (!co.contacts.empty() && d.chance(85))
            deal.set("contact_person_id", c.customers.people[co.contacts[d.below(co.contacts.size())]].id);
        customer = co.name;
    } else {
        const auto& person = c.customers.people[c.private_people[d.below(c.private_people.size())]];
        deal.set("contact_id", person.id).set(domain::kOwnerField, person.owner);
        customer = person.name;
    }
    deal.set("title", std::string(kProducts[d.below(kProducts.size())]) + " — " + customer);
    deal.set("pipeline_id", ids.pipeline_id).set("stage_id", ids.stage_ids[0]);
    if (d.chance(5)) deal.set("probability", d.between(5, 95));

    const std::int64_t created =
        c.now - d.between(0, limits::kDemoDealHistoryDays - 1) * kDayMs - d.between(0, kDayMs - 1);
    const std::vector<Step> steps = walk(d, spec, created, c.now);
    const std::size_t last = steps.back().stage;
    const std::string_view final_kind = spec.stages[last].kind;
    // Open deals expect to close ahead (some are overdue, as in life); closed ones near their close.
    const std::int64_t close_ms =
        final_kind == domain::outcome::kOpen
            ? c.now + (d.chance(85) ? d.between(3, 200) : -d.between(1, 30)) * kDayMs
            : steps.back().at_ms;
    const json amount = random_amount(d, which == 1);
    const std::string expected = civil::to_iso(civil::local_date(close_ms, kMoscowOffsetMs));
    // Some deals get their amount and date only when a stage's gate asks for them.
    const bool early_amount = d.chance(55);
    if (early_amount) deal.set("amount", amount);
    if (d.chance(50)) deal.set("expected_close", expected);

    domain::MoveOptions first;
    first.at_ms = created;
    auto made = domain::create_deal(c.store, deal, first);
    if (!made) return made.error();
    if (!made->moved) return make_error(ErrorCode::Invalid, "demo deal stopped at its first stage");
    const std::string id = made->deal.id;
    for (std::size_t i = 1; i < steps.size(); ++i) {
        domain::MoveOptions move;
        move.at_ms = steps[i].at_ms;
        const StageSpec& to = spec.stages[steps[i].stage];
        for (const auto field : to.required) {
            if (field == "amount") move.fill.emplace_back("amount", amount);
            if (field == "expected_close") move.fill.emplace_back("expected_close", expected);
        }
        if (to.kind == domain::outcome::kLost) {
            move.loss_reason_id = c.reasons[d.weighted(kLossWeights)];
            if (d.chance(40)) move.loss_comment = std::string(kLossComments[d.below(kLossComments.size())]);
        }
        auto moved = domain::move_deal(c.store, id, ids.stage_ids[steps[i].stage], move);
        if (!moved) return moved.error();
        if (!moved->moved) return make_error(ErrorCode::Invalid, "demo deal stopped by a gate");
    }
    return {};
}

}  // namespace

Status generate_deals(Store& store, const DemoCustomers& customers, int deals, std::uint64_t seed) {
    bool any_private = false;
    for (const auto& p : customers.people) any_private = any_private || p.private_person;
    if (deals > 0 && customers.companies.empty() && !any_private)
        return make_error(ErrorCode::Invalid, "demo deals need customers");
    Dice dice(seed);
    const std::vector<PipelineSpec> specs = pipeline_specs();
    std::vector<Made> made;
    std::vector<std::string> reasons;
    {
        auto tx = storage::Transaction::begin(store.db());
        if (!tx) return tx.error();
        for (std::size_t i = 0; i < specs.size(); ++i) {
            auto m = make_pipeline(store, specs[i], static_cast<int>(i));
            if (!m) return m.error();
            made.push_back(std::move(m).value());
        }
        domain::Repository repo = store.records(domain::entity::kLossReason);
        for (std::size_t i = 0; i < kLossReasons.size(); ++i) {
            Record r(repo.entity());
            r.set("name", kLossReasons[i]).set("position", static_cast<int>(i));
            auto created = repo.create(r);
            if (!created) return created.error();
            reasons.push_back(created->id);
        }
        CRM_TRY(tx->commit());
    }
    Context c{store, customers, specs, made, reasons, {}, store.clock().now()};
    for (std::size_t i = 0; i < customers.people.size(); ++i)
        if (customers.people[i].private_person) c.private_people.push_back(i);
    for (int done = 0; done < deals;) {
        auto tx = storage::Transaction::begin(store.db());
        if (!tx) return tx.error();
        for (int i = 0; i < kDealsPerBatch && done < deals; ++i, ++done) CRM_TRY(make_deal(c, dice));
        CRM_TRY(tx->commit());
    }
    return {};
}

}  // namespace crm::demo
