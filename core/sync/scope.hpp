#pragma once
// What a signed-in user's devices may receive and change: the server's half of team accounts. The rules
// (EntityDesc::access per entity):
//   admin    everything;
//   manager  records owned by the members of their team (and their own);
//   rep      their own records, and their teammates' when the team shares;
// plus, read-only, what those records reference (a rep's deal on a colleague's company brings the
// company). History rows follow the record they belong to. Users, teams, pipelines and option lists are
// read by everyone; users and teams are written by admins, pipelines by admins, option lists by managers
// too. A pushed change outside this scope is rejected alone, with a reason (serve_sync).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/entity.hpp"
#include "core/sync/change.hpp"
#include "core/util/result.hpp"

namespace crm {
class Store;
}

namespace crm::sync {

enum class Role { Rep, Manager, Admin };
std::string_view to_key(Role role);
std::optional<Role> role_from_key(std::string_view key);

// A user as the server knows them for one request: their user record and the device of the session.
struct Principal {
    std::string user_id;
    std::string login;
    std::string name;
    Role role = Role::Rep;
    std::string team_id;  // empty: none
    bool disabled = false;
    std::string device;  // the session's device (empty: not bound yet)
};

// The live user record `user_id` as a principal; NotFound when there is none.
Result<Principal> load_principal(Store& store, std::string_view user_id);
// The live user whose login is `login` (compared case-folded); nullopt when none.
Result<std::optional<Principal>> find_user_by_login(Store& store, std::string_view login);

// A principal's scope, resolved once per request.
class Scope {
  public:
    static Result<Scope> resolve(Store& store, const Principal& who);

    const Principal& who() const { return who_; }
    bool unrestricted() const { return who_.role == Role::Admin; }
    // The owners whose records this user sees and changes (empty for an admin: all).
    const std::vector<std::string>& owners() const { return owners_; }
    bool owns(std::string_view owner_id) const;

    // The SQL condition (over the entity's table, unqualified) a record must meet to be pulled; empty:
    // every record.
    std::string visible_sql(const domain::Registry& registry, const domain::EntityDesc& entity) const;

    // The reason each pushed change may not be applied (nullopt: it may), by index. Looks at what the
    // server holds and at the rest of the push (a new record's owner and parent come with it).
    Result<std::vector<std::optional<std::string>>> check_push(Store& store,
                                                                 const std::vector<Change>& changes) const;

  private:
    Principal who_;
    std::vector<std::string> owners_;
    std::string owners_sql_;  // "'id1','id2'" for IN (...)
};

}  // namespace crm::sync
