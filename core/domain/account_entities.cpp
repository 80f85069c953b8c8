// Team accounts' entities (schema 8): teams (a territory) and users. Both are records the admin manages in
// the app and every device holds (owners are shown by name); the server's scope (sync/scope.hpp) decides
// what else a user's devices receive. A password never is a field: the server keeps its hashes apart.
#include "core/domain/entity_fields.hpp"
#include "core/limits.hpp"

namespace crm::domain::fields {

namespace {

using T = FieldType;
constexpr int kSince = kAccountsSchema;

EntityDesc team() {
    EntityDesc e = named(entity::kTeam, "teams", "entity.team", "entity.teams", "entity.team.new");
    e.fields = {name_field(kSince), text_field("territory", "field.territory", true, true, kSince),
                {.name = "shares",
                 .type = T::Boolean,
                 .label = "field.team_shares",
                 .since_schema = kSince,
                 .default_value = false}};
    e.columns = {{"name", 0, 2.0f}, {"territory", 1, 1.5f}, {"shares", 2, 0.8f}};
    e.form = {"name", "territory", "shares"};
    e.card = {{"", {"territory", "shares", kCreatedAtField, kUpdatedAtField}}};
    e.related = {{entity::kUser, "team_id", "card.team_users", "card.add_user"}};
    e.since_schema = kSince;
    e.access = Access::Accounts;
    return e;
}

EntityDesc user() {
    EntityDesc e = named(entity::kUser, "users", "entity.user", "entity.users", "entity.user.new");
    e.fields = {name_field(kSince),
                {.name = "login",
                 .type = T::Text,
                 .label = "field.login",
                 .max_bytes = limits::kMaxLoginBytes,
                 .required = true,
                 .searchable = true,
                 .sortable = true,
                 .since_schema = kSince},
                {.name = "role",
                 .type = T::Enum,
                 .label = "field.role",
                 .options = {role::kRep, role::kManager, role::kAdmin},
                 .required = true,
                 .filterable = true,
                 .since_schema = kSince,
                 .default_value = std::string(role::kRep)},
                reference_field("team_id", "field.team_id", entity::kTeam, false, kSince),
                {.name = "disabled",
                 .type = T::Boolean,
                 .label = "field.user_disabled",
                 .filterable = true,
                 .since_schema = kSince,
                 .default_value = false}};
    e.subtitle_field = "login";
    e.columns = {{"name", 0, 2.0f}, {"login", 1, 1.4f}, {"role", 2, 1.0f}, {"team_id", 3, 1.4f},
                 {"disabled", 4, 0.8f}};
    e.form = {"name", "login", "role", "team_id", "disabled"};
    e.card = {{"", {"login", "role", "team_id", "disabled", kCreatedAtField, kUpdatedAtField}}};
    e.since_schema = kSince;
    e.access = Access::Accounts;
    return e;
}

}  // namespace

std::vector<EntityDesc> account_entities() {
    std::vector<EntityDesc> all;
    all.push_back(team());
    all.push_back(user());
    return all;
}

}  // namespace crm::domain::fields
