#include "core/sync/scope.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/store.hpp"
#include "core/util/text.hpp"

namespace crm::sync {

namespace {

using domain::Access;
using domain::EntityDesc;
using domain::FieldType;
using domain::kOwnerField;

// An id as an SQL literal. Ids are validated UUIDs, but a quote is doubled all the same.
std::string sql_literal(std::string_view id) {
    std::string out = "'";
    for (const char c : id) {
        out.push_back(c);
        if (c == '\'') out.push_back('\'');
    }
    return out + "'";
}

constexpr std::string_view kUserColumns = "id, login, name, role, team_id, disabled";

Principal principal_of(const storage::Statement& s) {
    Principal p;
    p.user_id = s.column_text(0);
    p.login = s.column_text(1);
    p.name = s.column_text(2);
    p.role = role_from_key(s.column_text(3)).value_or(Role::Rep);
    p.team_id = s.column_text(4);
    p.disabled = s.column_int(5) != 0;
    return p;
}

const std::string& json_text(const nlohmann::json& v) {
    static const std::string empty;
    return v.is_string() ? v.get_ref<const std::string&>() : empty;
}

}  // namespace

std::string_view to_key(Role role) {
    switch (role) {
        case Role::Rep:
            return domain::role::kRep;
        case Role::Manager:
            return domain::role::kManager;
        case Role::Admin:
            return domain::role::kAdmin;
    }
    return domain::role::kRep;
}

std::optional<Role> role_from_key(std::string_view key) {
    if (key == domain::role::kRep) return Role::Rep;
    if (key == domain::role::kManager) return Role::Manager;
    if (key == domain::role::kAdmin) return Role::Admin;
    return std::nullopt;
}

Result<Principal> load_principal(Store& store, std::string_view user_id) {
    const std::string users(store.registry().get(domain::entity::kUser).table);
    auto stmt = store.db().prepare("SELECT " + std::string(kUserColumns) + " FROM " + users +
                                   " WHERE id = ?1 AND deleted = 0");
    if (!stmt) return stmt.error();
    stmt->bind(1, std::string(user_id));
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return make_error(ErrorCode::NotFound, "no such user", "user_id", "not_found");
    return principal_of(*stmt);
}

Result<std::optional<Principal>> find_user_by_login(Store& store, std::string_view login) {
    const std::string users(store.registry().get(domain::entity::kUser).table);
    // Case-folded in C++ (crm_fold orders, but breaks ties by bytes, so its "=" is exact); a team's users
    // are few. The oldest account wins should two share a login (made offline on two devices).
    auto stmt = store.db().prepare("SELECT " + std::string(kUserColumns) + " FROM " + users +
                                   " WHERE deleted = 0 ORDER BY created_at, id");
    if (!stmt) return stmt.error();
    const std::string wanted = text::fold_case(text::trim(login));
    while (true) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) return std::optional<Principal>{};
        if (text::fold_case(stmt->column_text(1)) == wanted) return std::optional<Principal>{principal_of(*stmt)};
    }
}

Result<Scope> Scope::resolve(Store& store, const Principal& who) {
    Scope scope;
    scope.who_ = who;
    if (who.role == Role::Admin) return scope;
    scope.owners_.push_back(who.user_id);
    bool team_wide = who.role == Role::Manager;
    if (!team_wide && !who.team_id.empty()) {
        const std::string teams(store.registry().get(domain::entity::kTeam).table);
        auto stmt = store.db().prepare("SELECT shares FROM " + teams + " WHERE id = ?1 AND deleted = 0");
        if (!stmt) return stmt.error();
        stmt->bind(1, who.team_id);
        auto row = stmt->step();
        if (!row) return row.error();
        team_wide = *row && stmt->column_int(0) != 0;
    }
    if (team_wide && !who.team_id.empty()) {
        const std::string users(store.registry().get(domain::entity::kUser).table);
        auto stmt = store.db().prepare("SELECT id FROM " + users + " WHERE team_id = ?1 AND deleted = 0");
        if (!stmt) return stmt.error();
        stmt->bind(1, who.team_id);
        while (true) {
            auto row = stmt->step();
            if (!row) return row.error();
            if (!*row) break;
            std::string id = stmt->column_text(0);
            if (id != who.user_id) scope.owners_.push_back(std::move(id));
        }
    }
    for (const auto& id : scope.owners_) {
        if (!scope.owners_sql_.empty()) scope.owners_sql_ += ", ";
        scope.owners_sql_ += sql_literal(id);
    }
    return scope;
}

bool Scope::owns(std::string_view owner_id) const {
    if (unrestricted()) return true;
    return !owner_id.empty() && std::find(owners_.begin(), owners_.end(), owner_id) != owners_.end();
}

std::string Scope::visible_sql(const domain::Registry& registry, const EntityDesc& entity) const {
    if (unrestricted()) return {};
    const std::string owned = std::string(kOwnerField) + " IN (" + owners_sql_ + ")";
    switch (entity.access) {
        case Access::Settings:
        case Access::Lists:
        case Access::Accounts:
            return {};
        case Access::Owned: {
            // Its own records, and the records they point at (read-only: a push is checked by owner).
            std::string refs;
            for (const auto& other : registry.entities()) {
                if (other.access != Access::Owned) continue;
                for (const auto& f : other.fields) {
                    if (f.type != FieldType::Reference || f.name == kOwnerField || f.target != entity.name)
                        continue;
                    if (!refs.empty()) refs += " UNION ";
                    refs += "SELECT " + std::string(f.name) + " FROM " + std::string(other.table) + " WHERE " +
                            owned;
                }
            }
            return refs.empty() ? owned : "(" + owned + " OR id IN (" + refs + "))";
        }
        case Access::Child: {
            const std::string parent(entity.parent_field);
            if (entity.parent_entity_field.empty()) {
                const domain::FieldDesc* f = entity.find(entity.parent_field);
                const EntityDesc* target = f != nullptr ? registry.find(f->target) : nullptr;
                if (target == nullptr) return "0";
                return parent + " IN (SELECT id FROM " + std::string(target->table) + " WHERE " +
                       visible_sql(registry, *target) + ")";
            }
            std::string any;
            for (const auto& other : registry.entities()) {
                if (other.access != Access::Owned) continue;
                if (!any.empty()) any += " OR ";
                any += "(" + std::string(entity.parent_entity_field) + " = " + sql_literal(other.name) + " AND " +
                       parent + " IN (SELECT id FROM " + std::string(other.table) + " WHERE " +
                       visible_sql(registry, other) + "))";
            }
            return any.empty() ? "0" : "(" + any + ")";
        }
    }
    return "0";
}

Result<std::vector<std::optional<std::string>>> Scope::check_push(Store& store,
                                                                    const std::vector<Change>& changes) const {
    std::vector<std::optional<std::string>> out(changes.size());
    if (unrestricted() && who_.device.empty()) return out;
    const domain::Registry& registry = store.registry();
    // What the push itself says of a record: its new owner, its parent (a new record's come with it).
    std::map<std::tuple<std::string, std::string, std::string>, std::string, std::less<>> pushed;
    for (const Change& c : changes) pushed[{c.table, c.row_id, c.field}] = json_text(c.value);
    auto pushed_value = [&](std::string_view table, std::string_view row,
                            std::string_view field) -> const std::string* {
        const auto at = pushed.find(std::make_tuple(std::string(table), std::string(row), std::string(field)));
        return at == pushed.end() ? nullptr : &at->second;
    };
    // A column of a row the server holds (nullopt: no such row).
    auto held = [&](const EntityDesc& e, std::string_view row,
                    std::string_view column) -> Result<std::optional<std::string>> {
        auto stmt = store.db().cached("SELECT " + std::string(column) + " FROM " + std::string(e.table) +
                                      " WHERE id = ?1");
        if (!stmt) return stmt.error();
        (*stmt)->bind(1, std::string(row));
        auto found = (*stmt)->step();
        if (!found) return found.error();
        std::optional<std::string> value;
        if (*found) value = (*stmt)->column_text(0);
        (void)(*stmt)->reset();
        return value;
    };
    // Whether this user may change the owned record `row` of `e` (`owner_change`: the push gives it to
    // someone, which must be someone in scope).
    auto may_write_owned = [&](const EntityDesc& e, std::string_view row) -> Result<std::optional<std::string>> {
        auto owner = held(e, row, kOwnerField);
        if (!owner) return owner.error();
        if (*owner) {
            if (!owns(**owner)) return std::optional<std::string>("outside your scope: the record belongs to another user");
            return std::optional<std::string>{};
        }
        const std::string* fresh = pushed_value(e.table, row, kOwnerField);
        if (fresh == nullptr)
            return std::optional<std::string>("a new record needs an owner (owner_id) in your scope");
        if (!owns(*fresh)) return std::optional<std::string>("outside your scope: the new record's owner is another user");
        return std::optional<std::string>{};
    };
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const Change& c = changes[i];
        if (!who_.device.empty() && c.device != who_.device) {
            out[i] = "a device pushes only its own changes (this one is stamped by another device)";
            continue;
        }
        if (unrestricted()) continue;
        const EntityDesc* e = registry.find_table(c.table);
        if (e == nullptr) continue;  // the merge rejects an unknown table with its own reason
        switch (e->access) {
            case Access::Settings:
                out[i] = "only an admin changes " + std::string(e->table);
                break;
            case Access::Accounts:
                out[i] = "only an admin changes users and teams";
                break;
            case Access::Lists:
                if (who_.role != Role::Manager) out[i] = "only a manager or an admin changes option lists";
                break;
            case Access::Owned: {
                auto reason = may_write_owned(*e, c.row_id);
                if (!reason) return reason.error();
                if (!*reason && c.field == kOwnerField && !owns(json_text(c.value)))
                    *reason = "outside your scope: a record is given only to users of your scope";
                out[i] = std::move(*reason);
                break;
            }
            case Access::Child: {
                // As the record it belongs to: the parent named by the push, else by the server's copy.
                std::string parent_id, parent_entity;
                for (const auto& [field, value] :
                     {std::pair{e->parent_field, &parent_id}, std::pair{e->parent_entity_field, &parent_entity}}) {
                    if (field.empty()) continue;
                    if (const std::string* p = pushed_value(c.table, c.row_id, field)) {
                        *value = *p;
                        continue;
                    }
                    auto h = held(*e, c.row_id, field);
                    if (!h) return h.error();
                    if (*h) *value = **h;
                }
                const EntityDesc* parent = nullptr;
                if (e->parent_entity_field.empty()) {
                    const domain::FieldDesc* f = e->find(e->parent_field);
                    if (f != nullptr) parent = registry.find(f->target);
                } else {
                    parent = registry.find(parent_entity);
                }
                if (parent == nullptr || parent_id.empty() || parent->access != Access::Owned) {
                    out[i] = "outside your scope: the record it belongs to is unknown";
                    break;
                }
                auto reason = may_write_owned(*parent, parent_id);
                if (!reason) return reason.error();
                out[i] = std::move(*reason);
                break;
            }
        }
    }
    return out;
}

}  // namespace crm::sync
