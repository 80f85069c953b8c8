#pragma once
// Limits of the sync server process itself (connections, memory in flight, logging). The protocol's and the
// request's size limits stay in core/limits.hpp; these are the ones only this server has.
#include <chrono>
#include <cstddef>

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

}  // namespace crm::server::server_limits
