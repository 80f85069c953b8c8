#pragma once
// The server's own sign-in state: password hashes and sessions, in tables of the server's database that
// are never synced (no change log, no entity). The caller holds the store's lock around every call.
// Also the crypto they need (libsodium): tokens, token hashes, argon2id password hashes.
#include <cstdint>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>

#include "core/storage/sqlite.hpp"
#include "core/util/result.hpp"
#include "sync-server/server_limits.hpp"

namespace crm::server {

// libsodium's one-time setup; safe to call more than once and from any thread.
Status init_crypto();
// A new session token: server_limits::kSessionTokenBytes random bytes, base64url without padding.
std::string new_session_token();
// A random password of `bytes` random bytes (base64url), for the demo accounts.
std::string random_password(std::size_t bytes);
// What the database keeps of a token: the hex SHA-256. A lookup by it reveals nothing about other tokens,
// so the index lookup needs no constant-time compare.
std::string token_hash(std::string_view token);

// argon2id hashing at libsodium's interactive cost; at most kMaxConcurrentPasswordHashes at once
// (each takes 64 MiB), the others wait for a slot.
class PasswordHasher {
  public:
    PasswordHasher();
    Result<std::string> hash(std::string_view password);
    // Constant time in the password (libsodium's verify); false for a malformed hash too.
    bool verify(std::string_view hash, std::string_view password);
    // Verifies against a hash of a random password, so an unknown login costs what a wrong password does.
    void verify_dummy(std::string_view password) { (void)verify(dummy_, password); }

  private:
    std::counting_semaphore<server_limits::kMaxConcurrentPasswordHashes> slots_{
        server_limits::kMaxConcurrentPasswordHashes};
    std::string dummy_;
};

struct SessionRow {
    std::string user_id;
    std::string device;  // empty until the first sync with it
    std::int64_t created_ms = 0;
    std::int64_t expires_ms = 0;
    bool revoked = false;
};

class AuthStore {
  public:
    explicit AuthStore(storage::Database& db) : db_(db) {}
    // CREATE TABLE IF NOT EXISTS: the server's database gains them on first start.
    Status create_tables();

    Result<std::optional<std::string>> password_hash(std::string_view user_id);
    Status set_password_hash(std::string_view user_id, std::string_view hash, std::int64_t now_ms);

    Status add_session(std::string_view hash, std::string_view user_id, std::int64_t now_ms,
                       std::int64_t expires_ms);
    Result<std::optional<SessionRow>> session(std::string_view hash);
    // Binds an unbound session to `device`; a bound one is left alone.
    Status bind_device(std::string_view hash, std::string_view device);
    Status revoke(std::string_view hash, std::int64_t now_ms);
    // Every session of the user but `keep` (a password change signs the other devices out).
    Status revoke_user(std::string_view user_id, std::string_view keep, std::int64_t now_ms);
    // Drops sessions that ended (expired or revoked) before `before_ms`: the table does not grow forever.
    Status purge(std::int64_t before_ms);

  private:
    storage::Database& db_;
};

}  // namespace crm::server
