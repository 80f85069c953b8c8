#include "core/demo/demo_data.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/demo/demo_activities.hpp"
#include "core/demo/demo_deals.hpp"
#include "core/demo/demo_words.hpp"
#include "core/demo/dice.hpp"
#include "core/limits.hpp"
#include "core/util/text.hpp"

namespace crm::demo {

namespace {

using JourneyStage = std::string_view;  // a default journey option id: domain::journey_stage_keys()

// The fields the generator fills, for either kind of customer; to_record() turns them into a Record of
// the registry's company or contact entity (the position and company only exist on contacts).
using DemoOwners = std::map<std::string, std::string, std::less<>>;  // login -> user id

struct Customer {
    std::string name;
    std::vector<std::string> phones;
    std::vector<std::string> emails;
    std::string address;
    std::string notes;
    JourneyStage journey_stage = domain::journey_stage_keys().front();
    std::string owner;
    std::string company_id;
    std::string position;

    // `owner` is a demo login; `owners` maps it to the user's id.
    domain::Record to_record(const domain::EntityDesc& entity, const DemoOwners& owners) const {
        domain::Record r(entity);
        r.set("name", name).set("phones", phones).set("emails", emails).set("address", address);
        r.set("notes", notes).set("journey_stage", std::string(journey_stage));
        r.set(domain::kOwnerField, owners.at(owner));
        if (entity.find("position") != nullptr) r.set("position", position);
        if (entity.find("company_id") != nullptr)
            r.set("company_id", company_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(company_id));
        return r;
    }
};
using Company = Customer;
using Contact = Customer;

// A small sales team with the uneven load real teams have (the logins of demo_accounts()).
constexpr std::array<std::string_view, 5> kOwners{"anna.smirnova", "dmitry.kozlov", "elena.volkova",
                                                  "igor.petrov", "olga.nikitina"};
constexpr std::array<int, 5> kOwnerWeights{30, 25, 20, 15, 10};
// A funnel: most customers are early in the journey.
constexpr std::array<int, 6> kStageWeights{30, 24, 16, 12, 12, 6};

JourneyStage random_stage(Dice& d) {
    return domain::journey_stage_keys()[d.weighted(kStageWeights)];
}
std::string random_owner(Dice& d) {
    return std::string(kOwners[d.weighted(kOwnerWeights)]);
}

std::string russian_mobile(Dice& d) {
    const std::string n = d.digits(7);
    return "+7 (" + std::string(d.pick(mobile_codes())) + ") " + n.substr(0, 3) + "-" + n.substr(3, 2) + "-" +
           n.substr(5, 2);
}

std::string russian_landline(Dice& d) {
    const std::string n = d.digits(7);
    return "+7 (" + std::string(d.pick(landline_codes())) + ") " + n.substr(0, 3) + "-" + n.substr(3, 2) +
           "-" + n.substr(5, 2);
}

// Numbers from the ranges reserved for fiction (UK 020 7946 0xxx, US 555-01xx).
std::string english_phone(Dice& d) {
    if (d.chance(60)) return "+44 20 7946 0" + d.digits(3);
    return "+1 (202) 555-01" + d.digits(2);
}

std::string russian_address(Dice& d) {
    std::string a = "г. " + std::string(d.pick(russian_cities())) + ", " +
                    std::string(d.pick(russian_streets())) + ", д. " + std::to_string(1 + d.below(120));
    if (d.chance(40)) a += ", офис " + std::to_string(1 + d.below(450));
    return a;
}

std::string english_address(Dice& d) {
    return std::to_string(1 + d.below(200)) + " " + std::string(d.pick(english_streets()));
}

// A mail-safe domain label from a company name: Latin letters and digits only.
std::string domain_label(const std::string& latin) {
    std::string out;
    for (char c : latin)
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
    return out.empty() ? std::string("company") : out;
}

struct CompanyDraft {
    Company company;
    bool english = false;
    std::string mail_domain;  // e.g. "romashka.ru"
};

CompanyDraft make_company(Dice& d, int index) {
    CompanyDraft draft;
    Company& c = draft.company;
    draft.english = d.chance(15);
    std::string core;  // the distinctive part, for the web domain
    if (draft.english) {
        core = std::string(d.pick(english_company_words()));
        c.name = core + " " + std::string(d.pick(english_company_kinds())) + (d.chance(50) ? " Ltd" : " LLC");
        draft.mail_domain = domain_label(text::fold_case(core)) + (d.chance(50) ? ".co.uk" : ".com");
    } else {
        const std::size_t kind = d.weighted(std::array<int, 3>{70, 18, 12});
        if (kind == 2) {  // sole trader: "ИП Петров А. В."
            const auto& first = d.pick(russian_first_names());
            std::string surname(d.pick(russian_surnames()));
            if (first.female) surname = feminine_surname(surname);
            const auto& patr = d.pick(patronymics());
            const std::string_view p = first.female ? patr.female : patr.male;
            auto initial = [](std::string_view w) {
                return std::string(w.substr(0, 2)) + ".";
            };  // one Cyrillic letter
            c.name = "ИП " + surname + " " + initial(first.name) + " " + initial(p);
            core = surname;
        } else {
            core = d.chance(40) ? std::string(d.pick(russian_company_quoted()))
                                : std::string(d.pick(russian_company_stems())) +
                                      std::string(d.pick(russian_company_suffixes()));
            c.name = std::string(kind == 0 ? "ООО" : "АО") + " «" + core + "»";
        }
        draft.mail_domain = domain_label(transliterate(core)) + (d.chance(85) ? ".ru" : ".com");
    }
    // Same-named companies (two «Ромашка») get their own mail domains.
    if (index >= 100 && d.chance(30))
        draft.mail_domain = std::to_string(index % 97) + "-" + draft.mail_domain;
    if (draft.english) {
        c.phones.push_back(english_phone(d));
        c.address = english_address(d);
    } else {
        c.phones.push_back(russian_landline(d));
        if (d.chance(40)) c.phones.push_back(russian_mobile(d));
        c.address = russian_address(d);
    }
    c.emails.push_back((d.chance(50) ? "info@" : "office@") + draft.mail_domain);
    if (d.chance(25))
        c.notes = std::string(draft.english ? d.pick(english_notes()) : d.pick(russian_notes()));
    c.journey_stage = random_stage(d);
    c.owner = random_owner(d);
    return draft;
}

Contact make_contact(Dice& d, const CompanyDraft* company, const std::string& company_id) {
    Contact c;
    const bool english = company != nullptr ? company->english : d.chance(10);
    std::string first_latin, last_latin;
    if (english) {
        const std::string first(d.pick(english_first_names()));
        const std::string last(d.pick(english_surnames()));
        c.name = first + " " + last;
        first_latin = text::fold_case(first);
        last_latin = text::fold_case(last);
        c.phones.push_back(english_phone(d));
        c.position = std::string(d.pick(english_positions()));
    } else {
        const auto& first = d.pick(russian_first_names());
        std::string surname(d.pick(russian_surnames()));
        if (first.female) surname = feminine_surname(surname);
        c.name = surname + " " + std::string(first.name);
        if (d.chance(60)) {
            const auto& patr = d.pick(patronymics());
            c.name += ' ';
            c.name += first.female ? patr.female : patr.male;
        }
        first_latin = transliterate(first.name);
        last_latin = transliterate(surname);
        c.phones.push_back(russian_mobile(d));
        if (d.chance(20)) c.phones.push_back(russian_landline(d));
        c.position = std::string(d.pick(russian_positions()));
    }
    if (company != nullptr) {
        c.company_id = company_id;
        c.emails.push_back(first_latin.substr(0, 1) + "." + last_latin + "@" + company->mail_domain);
        if (d.chance(15))
            c.emails.push_back(first_latin + "." + last_latin + "@" + std::string(d.pick(mail_domains())));
        c.owner = d.chance(85) ? company->company.owner : random_owner(d);
        c.journey_stage = d.chance(70) ? company->company.journey_stage : random_stage(d);
    } else {
        c.emails.push_back(first_latin + "." + last_latin + std::to_string(d.below(100)) + "@" +
                           std::string(d.pick(mail_domains())));
        c.owner = random_owner(d);
        c.journey_stage = random_stage(d);
        if (!english) c.address = russian_address(d);
    }
    if (d.chance(20)) c.notes = std::string(english ? d.pick(english_notes()) : d.pick(russian_notes()));
    return c;
}

}  // namespace

const std::vector<DemoAccount>& demo_accounts() {
    static const std::vector<DemoAccount> accounts{
        {"admin", "Администратор", domain::role::kAdmin, ""},
        {"olga.nikitina", "Ольга Никитина", domain::role::kManager, kDemoTeamMoscow},
        {"anna.smirnova", "Анна Смирнова", domain::role::kRep, kDemoTeamMoscow},
        {"dmitry.kozlov", "Дмитрий Козлов", domain::role::kRep, kDemoTeamMoscow},
        {"elena.volkova", "Елена Волкова", domain::role::kRep, kDemoTeamPetersburg},
        {"igor.petrov", "Игорь Петров", domain::role::kRep, kDemoTeamPetersburg}};
    return accounts;
}

Result<std::map<std::string, std::string, std::less<>>> ensure_demo_accounts(Store& store) {
    domain::Repository teams = store.records(domain::entity::kTeam);
    domain::Repository users = store.records(domain::entity::kUser);
    std::map<std::string, std::string, std::less<>> team_ids;
    std::map<std::string, std::string, std::less<>> user_ids;
    auto tx = storage::Transaction::begin(store.db());
    if (!tx) return tx.error();
    // Existing records are kept (a data directory made earlier), matched by name and login.
    auto find = [&](domain::Repository& repo, std::string_view field,
                    std::string_view value) -> Result<std::string> {
        domain::ListQuery q;
        q.equals.emplace_back(std::string(field), std::string(value));
        q.limit = 1;
        auto page = repo.list(q);
        if (!page) return page.error();
        return page->rows.empty() ? std::string() : page->rows.front().id;
    };
    const struct {
        std::string_view name, territory;
        bool shares;
    } teams_made[] = {{kDemoTeamMoscow, "Москва и область", true}, {kDemoTeamPetersburg, "Северо-Запад", false}};
    for (const auto& t : teams_made) {
        auto id = find(teams, "name", t.name);
        if (!id) return id.error();
        if (id->empty()) {
            domain::Record r(teams.entity());
            r.set("name", std::string(t.name)).set("territory", std::string(t.territory)).set("shares", t.shares);
            auto created = teams.create(std::move(r));
            if (!created) return created.error();
            *id = created->id;
        }
        team_ids[std::string(t.name)] = *id;
    }
    for (const DemoAccount& a : demo_accounts()) {
        auto id = find(users, "login", a.login);
        if (!id) return id.error();
        if (id->empty()) {
            domain::Record r(users.entity());
            r.set("login", std::string(a.login)).set("name", std::string(a.name)).set("role", std::string(a.role));
            if (!a.team.empty()) r.set("team_id", team_ids.find(a.team)->second);
            auto created = users.create(std::move(r));
            if (!created) return created.error();
            *id = created->id;
        }
        user_ids[std::string(a.login)] = *id;
    }
    CRM_TRY(tx->commit());
    return user_ids;
}

Status generate(Store& store, DemoSize size, std::uint64_t seed) {
    Dice dice(seed);
    domain::Repository companies = store.records(domain::entity::kCompany);
    domain::Repository contacts = store.records(domain::entity::kContact);
    std::vector<CompanyDraft> drafts;
    std::vector<std::string> ids;
    DemoCustomers customers;  // what the deals are attached to
    drafts.reserve(static_cast<std::size_t>(std::max(size.companies, 0)));

    // Batches: one outer transaction per kDemoBatchRows records; each repository write nests in it
    // as a savepoint, so the whole demo set is a handful of commits rather than thousands.
    int in_batch = 0;
    std::optional<storage::Transaction> batch;
    auto open_batch = [&]() -> Status {
        if (batch) return {};
        auto tx = storage::Transaction::begin(store.db());
        if (!tx) return tx.error();
        batch.emplace(std::move(tx).value());
        return {};
    };
    auto close_batch_if_full = [&]() -> Status {
        if (++in_batch < limits::kDemoBatchRows) return {};
        in_batch = 0;
        Status s = batch->commit();
        batch.reset();
        return s;
    };

    auto accounts = ensure_demo_accounts(store);
    if (!accounts) return accounts.error();
    const DemoOwners& owners = *accounts;
    for (int i = 0; i < size.companies; ++i) {
        CRM_TRY(open_batch());
        CompanyDraft draft = make_company(dice, i);
        auto created = companies.create(draft.company.to_record(companies.entity(), owners));
        if (!created) return created.error();
        ids.push_back(created->id);
        customers.companies.push_back({created->id, draft.company.name, owners.at(draft.company.owner), {}});
        drafts.push_back(std::move(draft));
        CRM_TRY(close_batch_if_full());
    }
    for (int i = 0; i < size.contacts; ++i) {
        CRM_TRY(open_batch());
        // Most contacts work somewhere; some are private persons.
        const bool employed = !drafts.empty() && dice.chance(85);
        const std::size_t at = employed ? dice.below(drafts.size()) : 0;
        Contact contact =
            make_contact(dice, employed ? &drafts[at] : nullptr, employed ? ids[at] : std::string());
        auto created = contacts.create(contact.to_record(contacts.entity(), owners));
        if (!created) return created.error();
        if (employed) customers.companies[at].contacts.push_back(customers.people.size());
        customers.people.push_back({created->id, contact.name, owners.at(contact.owner), !employed});
        CRM_TRY(close_batch_if_full());
    }
    if (batch) CRM_TRY(batch->commit());
    if (size.deals > 0) {
        // Its own stream of dice, so adding deals leaves the customers of a seed as they were.
        CRM_TRY(generate_deals(store, customers, size.deals, seed + 1));
    }
    if (size.past_activities + size.planned_activities > 0)
        CRM_TRY(
            generate_activities(store, customers, size.past_activities, size.planned_activities, seed + 2));
    return {};
}

Status generate_contacts(Store& store, int contacts, std::uint64_t seed) {
    // At least one company, so even a small set has contacts that work somewhere.
    const int companies = contacts > 0 ? std::max(contacts / limits::kDemoContactsPerCompany, 1) : 0;
    return generate(store, {companies, contacts}, seed);
}

}  // namespace crm::demo
