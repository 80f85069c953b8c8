#pragma once
// The account commands of crm-sync-server (--create-admin, --set-password) and the demo accounts.
#include <cstdio>
#include <string>
#include <string_view>

#include "core/store.hpp"
#include "sync-server/auth_store.hpp"
#include "sync-server/options.hpp"

namespace crm::server {

inline constexpr std::string_view kDemoAccountsFileName = "demo-accounts.txt";

// The first line of `in` without its line end: a password is never an argument (argv is visible to
// every user of the machine).
Result<std::string> read_password_line(std::FILE* in);

// A new user record (role admin, name = login) with that password; refused when the login exists.
Status create_admin(Store& store, PasswordHasher& hasher, std::string_view login, std::string_view password);
// The password of an existing login.
Status set_password(Store& store, PasswordHasher& hasher, std::string_view login, std::string_view password);

// --create-admin / --set-password: opens the database of --data-dir, reads the password from `in`, writes.
Status run_account_command(const ServerOptions& options, std::FILE* in);

// Gives every user record a random password and writes "login password role team" lines to `path`
// (mode 0600): the demo accounts a fresh --demo-data database signs in with.
Status write_demo_accounts(Store& store, PasswordHasher& hasher, const std::string& path);

}  // namespace crm::server
