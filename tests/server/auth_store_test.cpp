// Sign-in crypto and tables: tokens, token hashes, argon2id hashes, sessions.
#include <gtest/gtest.h>

#include <set>

#include "core/store.hpp"
#include "sync-server/auth_store.hpp"
#include "temp_dir.hpp"

namespace crm::server {
namespace {

TEST(ServerAuthCrypto, TokensAreLongRandomAndUrlSafe) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const std::string token = new_session_token();
        EXPECT_EQ(token.size(), 43u) << "32 bytes in base64url without padding";
        EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                  std::string::npos)
            << token;
        seen.insert(token);
    }
    EXPECT_EQ(seen.size(), 100u);
}

TEST(ServerAuthCrypto, TokenHashIsSha256Hex) {
    // The SHA-256 of "abc" (FIPS 180-2's example).
    EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_NE(token_hash("abd"), token_hash("abc"));
}

TEST(ServerAuthCrypto, PasswordHashVerifiesOnlyItsPassword) {
    PasswordHasher hasher;
    auto hash = hasher.hash("correct horse");
    ASSERT_TRUE(hash.ok());
    EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
    EXPECT_EQ(hash->find("correct horse"), std::string::npos);
    EXPECT_TRUE(hasher.verify(*hash, "correct horse"));
    EXPECT_FALSE(hasher.verify(*hash, "correct horsE"));
    EXPECT_FALSE(hasher.verify(*hash, ""));
    EXPECT_FALSE(hasher.verify("", "correct horse"));
    EXPECT_FALSE(hasher.verify("$argon2id$garbage", "correct horse"));
    auto again = hasher.hash("correct horse");
    ASSERT_TRUE(again.ok());
    EXPECT_NE(*again, *hash) << "salted";
}

class ServerAuthStore : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = Store::open((dir.path() / "server.db").string(), StoreOptions{.server = true});
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        store = std::move(opened.value());
        tables = std::make_unique<AuthStore>(store->db());
        ASSERT_TRUE(tables->create_tables().ok());
    }
    test::TempDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<AuthStore> tables;
};

TEST_F(ServerAuthStore, TablesAreCreatedOnceAndAreNotSynced) {
    ASSERT_TRUE(tables->create_tables().ok()) << "IF NOT EXISTS";
    const auto before = store->changes().last_seq();
    ASSERT_TRUE(tables->set_password_hash("u1", "$argon2id$x", 1).ok());
    ASSERT_TRUE(tables->add_session(token_hash("t"), "u1", 1, 100).ok());
    EXPECT_EQ(store->changes().last_seq(), before) << "nothing of it enters the change log";
}

TEST_F(ServerAuthStore, PasswordHashIsReplaced) {
    auto none = tables->password_hash("u1");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
    ASSERT_TRUE(tables->set_password_hash("u1", "first", 1).ok());
    ASSERT_TRUE(tables->set_password_hash("u1", "second", 2).ok());
    auto got = tables->password_hash("u1");
    ASSERT_TRUE(got.ok() && got->has_value());
    EXPECT_EQ(**got, "second");
}

TEST_F(ServerAuthStore, SessionLifecycle) {
    const std::string h = token_hash(new_session_token());
    ASSERT_TRUE(tables->add_session(h, "u1", 1000, 5000).ok());
    auto row = tables->session(h);
    ASSERT_TRUE(row.ok() && row->has_value());
    EXPECT_EQ((*row)->user_id, "u1");
    EXPECT_EQ((*row)->device, "");
    EXPECT_EQ((*row)->expires_ms, 5000);
    EXPECT_FALSE((*row)->revoked);

    ASSERT_TRUE(tables->bind_device(h, "dev-a").ok());
    ASSERT_TRUE(tables->bind_device(h, "dev-b").ok());
    EXPECT_EQ((*tables->session(h))->device, "dev-a") << "bound to the first device only";

    ASSERT_TRUE(tables->revoke(h, 2000).ok());
    EXPECT_TRUE((*tables->session(h))->revoked);
    auto unknown = tables->session(token_hash("nope"));
    ASSERT_TRUE(unknown.ok());
    EXPECT_FALSE(unknown->has_value());
}

TEST_F(ServerAuthStore, RevokeUserKeepsTheCurrentSession) {
    ASSERT_TRUE(tables->add_session("a", "u1", 1, 100).ok());
    ASSERT_TRUE(tables->add_session("b", "u1", 1, 100).ok());
    ASSERT_TRUE(tables->add_session("c", "u2", 1, 100).ok());
    ASSERT_TRUE(tables->revoke_user("u1", "b", 5).ok());
    EXPECT_TRUE((*tables->session("a"))->revoked);
    EXPECT_FALSE((*tables->session("b"))->revoked);
    EXPECT_FALSE((*tables->session("c"))->revoked);
    ASSERT_TRUE(tables->revoke_user("u1", {}, 6).ok());
    EXPECT_TRUE((*tables->session("b"))->revoked) << "keeping none ends them all";
}

TEST_F(ServerAuthStore, PurgeDropsOnlyLongEndedSessions) {
    ASSERT_TRUE(tables->add_session("old", "u1", 1, 100).ok());
    ASSERT_TRUE(tables->add_session("live", "u1", 1, 10'000).ok());
    ASSERT_TRUE(tables->add_session("revoked", "u1", 1, 10'000).ok());
    ASSERT_TRUE(tables->revoke("revoked", 50).ok());
    ASSERT_TRUE(tables->purge(200).ok());
    EXPECT_FALSE(tables->session("old")->has_value());
    EXPECT_FALSE(tables->session("revoked")->has_value());
    EXPECT_TRUE(tables->session("live")->has_value());
}

}  // namespace
}  // namespace crm::server
