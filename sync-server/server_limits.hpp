#pragma once
// Limits of the sync server process itself (connections, memory in flight, logging). The protocol's and the
// request's size limits stay in core/limits.hpp; these are the ones only this server has.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace crm::server::server_limits {

// --- connections ---------------------------------------------------------------------------------
// Descriptors kept free below the open-file limit for everything that is not a client connection: the
// database, its WAL and shared memory, temporary files of large sorts, the static file being read, epoll,
// the signal pipe, stdio, and the socket accepted only to be refused.
inline constexpr std::size_t kFdHeadroom = 64;
// However low the descriptor limit, this many connections are allowed (the server would be unusable with
// less).
inline constexpr std::size_t kMinConnections = 16;
// Past the cap a new connection is answered 503 with this Retry-After and closed.
inline constexpr std::chrono::seconds kBusyRetryAfter{2};

// --- request bodies in flight ----------------------------------------------------------------------
// The sum of the request bodies being read at once, across every connection: each one reserves its declared
// length (or the per-request cap when chunked) before its bytes are read. Over it a request is 503.
inline constexpr std::size_t kMaxBodyBytesInFlight = 64u << 20;

// --- logging -------------------------------------------------------------------------------------
// Lines waiting for the writer thread; when it is full (stderr not read), new lines are dropped and counted.
inline constexpr std::size_t kLogQueueLines = 4096;
// At exit the queue is given this long to reach stderr; a reader that stalls cannot hold the exit longer.
inline constexpr std::chrono::milliseconds kLogFlushAtExit{1000};

// --- security headers ----------------------------------------------------------------------------
// What the page needs: its own scripts, module workers and service worker ('self'), WebAssembly compilation
// ('wasm-unsafe-eval'), fetches to its own origin, data: images (the canvas' snapshots); nothing inline, no
// framing, no plugins, forms only to itself.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
    "img-src 'self' data: blob:; style-src 'self'; font-src 'self'; manifest-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// --- sign-in ------------------------------------------------------------------------------------
// argon2id at libsodium's "interactive" cost takes 64 MiB and tens of milliseconds: this many at once
// bound the memory (and the CPU an attacker can make the server spend).
inline constexpr int kMaxConcurrentPasswordHashes = 2;
// Sign-ins waiting for a hashing slot; beyond it 503 + Retry-After instead of an ever longer queue.
inline constexpr int kMaxQueuedPasswordHashes = 64;
inline constexpr std::chrono::seconds kHashBusyRetryAfter{1};
inline constexpr std::size_t kMinPasswordBytes = 8;
inline constexpr std::size_t kMaxPasswordBytes = 1024;  // argon2 takes any length; a bound keeps bodies small
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
