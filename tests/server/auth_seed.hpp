#pragma once
// For tests that run a real Server: an admin and a live session of theirs in a data directory, written
// before the server opens it. Returns the session's bearer token.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "core/sync/hlc.hpp"
#include "sync-server/auth_api.hpp"
#include "sync-server/auth_cli.hpp"
#include "sync-server/server.hpp"

namespace crm::server::test {

inline std::string seed_admin_session(const std::string& data_dir) {
    std::filesystem::create_directories(data_dir);
    auto store = Store::open((std::filesystem::path(data_dir) / kDatabaseFileName).string(),
                             StoreOptions{.server = true});
    EXPECT_TRUE(store.ok());
    if (!store) return {};
    PasswordHasher hasher;
    EXPECT_TRUE(create_admin(*store.value(), hasher, "admin", "admin password").ok());
    auto who = sync::find_user_by_login(*store.value(), "admin");
    EXPECT_TRUE(who.ok() && who->has_value());
    AuthStore tables(store.value()->db());
    const std::string token = new_session_token();
    const std::int64_t now = sync::system_now_ms();
    EXPECT_TRUE(tables.add_session(token_hash(token), (*who)->user_id, now, now + 3'600'000).ok());
    return token;
}

}  // namespace crm::server::test
