#pragma once
// Every named limit of the product lives here, so a reviewer finds them in one place.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace crm::limits {

// --- records -----------------------------------------------------------------------------------
inline constexpr std::size_t kMaxNameBytes = 300;       // company/contact name, UTF-8 bytes
inline constexpr std::size_t kMaxShortTextBytes = 500;  // position, address, owner, a phone, an e-mail
inline constexpr std::size_t kMaxNotesBytes = 20'000;   // free-text notes
inline constexpr std::size_t kMaxPhonesPerRecord = 10;
inline constexpr std::size_t kMaxEmailsPerRecord = 10;
inline constexpr std::size_t kMinPhoneDigits = 5;
inline constexpr std::size_t kMaxPhoneDigits = 15;  // E.164

// --- lists and search ----------------------------------------------------------------------------
inline constexpr int kMaxPageSize = 1000;        // rows one list/search call may return
inline constexpr int kMaxSearchTerms = 8;        // words of a search query that are used
inline constexpr std::size_t kMaxSearchBytes = 200;

// --- sync ----------------------------------------------------------------------------------------
inline constexpr int kSyncPullBatch = 2000;                   // changes per pull page
inline constexpr int kSyncPushBatch = 1000;                   // changes per push request
inline constexpr std::size_t kMaxSyncBodyBytes = 8u << 20;    // decompressed request body cap
inline constexpr std::int64_t kMaxClockSkewMs = 24LL * 3600 * 1000;  // reject remote HLCs further ahead

// --- server --------------------------------------------------------------------------------------
inline constexpr std::size_t kMaxRequestHeaderBytes = 16u << 10;
inline constexpr std::size_t kMaxRequestBodyBytes = 8u << 20;
inline constexpr std::chrono::seconds kRequestTimeout{30};
inline constexpr std::chrono::seconds kShutdownGrace{5};
inline constexpr std::size_t kMaxStaticFileBytes = 64u << 20;
inline constexpr std::size_t kMinGzipBytes = 1024;  // smaller responses are sent as they are

// --- demo data -----------------------------------------------------------------------------------
inline constexpr int kDemoCompanies = 800;
inline constexpr int kDemoContacts = 2400;

}  // namespace crm::limits
