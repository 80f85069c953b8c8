#include "sync-server/auth_store.hpp"

#include <array>
#include <vector>

#include <sodium.h>

namespace crm::server {
namespace {

std::string base64url(const unsigned char* bytes, std::size_t size) {
    constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_ENCODED_LEN(size, kVariant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, kVariant);
    out.resize(std::char_traits<char>::length(out.c_str()));
    return out;
}

// Releases a hashing slot when the hash is done, whatever the outcome.
template <typename Semaphore>
struct SlotGuard {
    explicit SlotGuard(Semaphore& s) : slots(s) { slots.acquire(); }
    ~SlotGuard() { slots.release(); }
    SlotGuard(const SlotGuard&) = delete;
    SlotGuard& operator=(const SlotGuard&) = delete;
    Semaphore& slots;
};

}  // namespace

Status init_crypto() {
    if (sodium_init() < 0) return make_error(ErrorCode::Unsupported, "libsodium failed to initialise");
    return {};
}

std::string random_password(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    return base64url(raw.data(), raw.size());
}

std::string new_session_token() {
    return random_password(server_limits::kSessionTokenBytes);
}

std::string token_hash(std::string_view token) {
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
    std::string hex(digest.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    hex.pop_back();
    return hex;
}

PasswordHasher::PasswordHasher() {
    (void)init_crypto();
    auto made = hash(random_password(server_limits::kSessionTokenBytes));
    dummy_ = made ? made.value() : std::string{};
}

Result<std::string> PasswordHasher::hash(std::string_view password) {
    SlotGuard guard(slots_);
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return make_error(ErrorCode::Io, "password hashing ran out of memory");
    }
    return std::string(out.data());
}

bool PasswordHasher::verify(std::string_view hash, std::string_view password) {
    // libsodium wants a NUL-terminated hash of at most crypto_pwhash_STRBYTES.
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    const std::string terminated(hash);
    SlotGuard guard(slots_);
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

Status AuthStore::create_tables() {
    return db_.exec(
        "CREATE TABLE IF NOT EXISTS auth_passwords ("
        "  user_id TEXT PRIMARY KEY, hash TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE IF NOT EXISTS auth_sessions ("
        "  token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, device TEXT NOT NULL DEFAULT '',"
        "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER) WITHOUT ROWID;"
        "CREATE INDEX IF NOT EXISTS auth_sessions_user ON auth_sessions(user_id);");
}

Result<std::optional<std::string>> AuthStore::password_hash(std::string_view user_id) {
    auto stmt = db_.prepare("SELECT hash FROM auth_passwords WHERE user_id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, user_id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!row.value()) return std::optional<std::string>{};
    return std::optional<std::string>(stmt->column_text(0));
}

Status AuthStore::set_password_hash(std::string_view user_id, std::string_view hash, std::int64_t now_ms) {
    auto stmt = db_.prepare(
        "INSERT INTO auth_passwords (user_id, hash, updated_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at");
    if (!stmt) return stmt.error();
    stmt->bind(1, user_id).bind(2, hash).bind(3, now_ms);
    return stmt->run();
}

Status AuthStore::add_session(std::string_view hash, std::string_view user_id, std::int64_t now_ms,
                              std::int64_t expires_ms) {
    auto stmt = db_.prepare(
        "INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)");
    if (!stmt) return stmt.error();
    stmt->bind(1, hash).bind(2, user_id).bind(3, now_ms).bind(4, expires_ms);
    return stmt->run();
}

Result<std::optional<SessionRow>> AuthStore::session(std::string_view hash) {
    auto stmt = db_.cached(
        "SELECT user_id, device, created_at, expires_at, revoked_at IS NOT NULL FROM auth_sessions "
        "WHERE token_hash = ?1");
    if (!stmt) return stmt.error();
    storage::Statement& s = *stmt.value();
    s.bind(1, hash);
    auto row = s.step();
    if (!row) return row.error();
    std::optional<SessionRow> found;
    if (row.value()) {
        found = SessionRow{s.column_text(0), s.column_text(1), s.column_int(2), s.column_int(3),
                           s.column_int(4) != 0};
    }
    CRM_TRY(s.reset());
    return found;
}

Status AuthStore::bind_device(std::string_view hash, std::string_view device) {
    auto stmt = db_.prepare("UPDATE auth_sessions SET device = ?2 WHERE token_hash = ?1 AND device = ''");
    if (!stmt) return stmt.error();
    stmt->bind(1, hash).bind(2, device);
    return stmt->run();
}

Status AuthStore::revoke(std::string_view hash, std::int64_t now_ms) {
    auto stmt =
        db_.prepare("UPDATE auth_sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL");
    if (!stmt) return stmt.error();
    stmt->bind(1, hash).bind(2, now_ms);
    return stmt->run();
}

Status AuthStore::revoke_user(std::string_view user_id, std::string_view keep, std::int64_t now_ms) {
    auto stmt = db_.prepare(
        "UPDATE auth_sessions SET revoked_at = ?3 WHERE user_id = ?1 AND token_hash <> ?2 AND revoked_at IS "
        "NULL");
    if (!stmt) return stmt.error();
    stmt->bind(1, user_id).bind(2, std::string(keep)).bind(3, now_ms);  // an empty view binds NULL
    return stmt->run();
}

Status AuthStore::purge(std::int64_t before_ms) {
    auto stmt = db_.prepare("DELETE FROM auth_sessions WHERE expires_at < ?1 OR revoked_at < ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, before_ms);
    return stmt->run();
}

}  // namespace crm::server
