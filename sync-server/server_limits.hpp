#pragma once
// The sync server's own limits (core's are in core/limits.hpp), in one place. Not `limits`: that name
// would hide crm::limits inside crm::server.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace crm::server::server_limits {

// --- sign-in ------------------------------------------------------------------------------------
// argon2id at libsodium's "interactive" cost takes 64 MiB and tens of milliseconds: this many at once
// bound the memory (and the CPU an attacker can make the server spend).
inline constexpr int kMaxConcurrentPasswordHashes = 2;
// Sign-ins waiting for a hashing slot; beyond it 503 + Retry-After instead of an ever longer queue.
inline constexpr int kMaxQueuedPasswordHashes = 64;
inline constexpr std::chrono::seconds kHashBusyRetryAfter{1};
inline constexpr std::size_t kMinPasswordBytes = 8;
inline constexpr std::size_t kMaxPasswordBytes = 1024;  // argon2 takes any length; a bound keeps bodies small
inline constexpr std::size_t kMaxLoginBytes = 254;      // an e-mail address at most
inline constexpr std::size_t kMaxAuthBodyBytes = 4096;  // login / password bodies
inline constexpr std::size_t kSessionTokenBytes = 32;   // 256 random bits
inline constexpr std::chrono::seconds kDefaultSessionTtl{30LL * 24 * 3600};  // 30 days
inline constexpr std::int64_t kMaxSessionTtlSeconds = 366LL * 24 * 3600;
inline constexpr std::size_t kMaxDeviceIdBytes = 64;  // what a session may be bound to (a UUID is 36)

// Failed sign-ins: per login (guessing one account's password) and per client address (trying many
// accounts). A success clears its login's count; the address's count only ages out.
inline constexpr int kMaxLoginFailuresPerLogin = 5;
inline constexpr std::chrono::seconds kLoginFailureWindow{15 * 60};
inline constexpr int kMaxLoginFailuresPerAddress = 20;
inline constexpr std::chrono::seconds kAddressFailureWindow{15 * 60};
// Counters kept at most: the oldest are dropped first, so a flood of addresses cannot grow memory.
inline constexpr std::size_t kMaxRateLimitKeys = 100'000;

// --- demo accounts ------------------------------------------------------------------------------
inline constexpr std::size_t kDemoPasswordBytes = 12;  // random bytes, base64url: 16 characters

}  // namespace crm::server::server_limits
