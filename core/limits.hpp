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
inline constexpr std::size_t kMaxLoginBytes = 128;  // a user's login (sign-in name), UTF-8 bytes
inline constexpr std::size_t kMaxKeyBytes = 64;     // an enum key, an option list name
inline constexpr std::size_t kMaxListItems = 50;    // a text list field with no limit of its own
inline constexpr std::int64_t kMaxOptionPosition = 1'000'000;
inline constexpr std::int64_t kMaxDateTimeMs = 253'402'300'799'999;    // 9999-12-31T23:59:59.999Z
inline constexpr double kMaxGeoAccuracyM = 1'000'000.0;                // a position fix's accuracy radius
inline constexpr std::int64_t kMaxMoneyMinor = 1'000'000'000'000'000;  // 10^16 roubles in kopecks: far
                                                                       // beyond any deal, far below int64

// --- sales pipeline ------------------------------------------------------------------------------
inline constexpr std::int64_t kMaxProbabilityPercent = 100;
inline constexpr std::int64_t kMaxStageIdleDays = 3650;     // ten years: "never" is 0
inline constexpr std::size_t kMaxStageRequiredFields = 20;  // a deal has fewer editable fields
inline constexpr int kForecastMonthsShort = 6;        // the forecast's periods: this month, the 6 and the
inline constexpr int kForecastMonthsLong = 12;        // 12 months starting with it
inline constexpr std::int64_t kPercentDivisor = 100;  // weighted amount = amount × percent / this

// --- a rep's day: activities, visits, Today, timeline -------------------------------------------
inline constexpr std::int64_t kMaxActivityDurationMin = 7 * 24 * 60;  // a week: longer is a project
inline constexpr std::int64_t kDefaultActivityDurationMin = 30;       // a new meeting's length
inline constexpr std::int64_t kNoNextStepRecentDays = 30;  // a customer with a done activity this recent
                                                           // and nothing planned asks for a next step
inline constexpr int kTodayMaxRows = 200;          // rows per Today group read at once (the rest counted)
inline constexpr std::int64_t kTodayLaterDays = 7;  // Today's "later" group: planned in the next this many days
inline constexpr std::int64_t kFollowUpHourLocal = 10;  // a next step is due tomorrow at this local hour
inline constexpr std::int64_t kReminderCheckIntervalMs = 1'000;  // due times are looked up at most this often
inline constexpr std::int64_t kReminderStartGraceMs = 5 * 60'000;  // at start, only what fell due this recently
                                                                 // reminds (not every old overdue task)
inline constexpr int kReminderMaxPerCheck = 20;  // due times crossed in one check that are reminded of
inline constexpr std::size_t kReminderShownMax = 200;  // ids remembered as reminded (newest kept)
inline constexpr int kTimelineMaxItems = 5000;     // a card's timeline reads at most this many, newest first
inline constexpr std::size_t kMaxTrackedValueBytes = 300;  // from / to of a field-history row
// Visits and calls (core/domain/visit.hpp, ui/views/visit_panel.cpp, ui/views/call_log_prompt.cpp).
inline constexpr int kVisitLookupRows = 200;  // a customer's newest visits searched for the open / today's one
inline constexpr std::int64_t kGeoTimeoutMs = 20'000;  // a position request's own timeout (after permission)
inline constexpr std::int64_t kGeoMaxAgeMs = 60'000;   // a cached fix this recent is good enough
// No answer at all this long after asking (a permission prompt left open, a tab put away): "unavailable".
inline constexpr std::int64_t kGeoGiveUpMs = 60'000;
// Back in the app this soon after tapping a phone number, the rep is asked to log the call.
inline constexpr std::int64_t kCallPromptWindowMs = 2 * 60 * 60 * 1000;

// --- lists and search ----------------------------------------------------------------------------
inline constexpr int kMaxPageSize = 1000;  // rows one list/search call may return
inline constexpr int kMaxSearchTerms = 8;  // words of a search query that are used
inline constexpr std::size_t kMaxSearchBytes = 200;
// A list query (search as you type, a filter, a tab) runs in slices, resumed frame after frame, so a frame
// never waits for a whole query over 100k rows: at most this long and this many statement steps (rows read)
// per frame, the clock read every kListScanClockStride steps. The first screen of rows shows as soon as it
// is read; the count follows.
inline constexpr double kListScanFrameBudgetMs = 4.0;
inline constexpr int kListScanStepsPerFrame = 4000;
inline constexpr int kListScanClockStride = 64;

// --- storage -------------------------------------------------------------------------------------
inline constexpr std::size_t kMaxCachedStatements = 128;  // prepared statements kept per connection
                                                          // (a few shapes per entity and field set)
// SQLite's page cache per connection, KiB (SQLite's own default is 2 MiB). In the page it is heap on top of
// the database's chunks, so it stays a fraction of a large database. The server has one connection.
inline constexpr int kPageCacheKiB = 8 * 1024;
inline constexpr int kServerPageCacheKiB = 64 * 1024;
inline constexpr std::uint32_t kPageChunkBytes = 4096;   // page store chunk = SQLite's page size: a 1-row
                                                         // commit writes a few chunks, not the file
inline constexpr std::uint64_t kPageLogMaxBytes = 4u << 20;  // patch log kept in IndexedDB before its chunks
                                                             // are rewritten whole (read once per start)
inline constexpr std::size_t kPageMaxDiffedChunks = 1024;    // a commit touching more chunks (4 MiB) is
                                                             // saved whole: no old copies kept to diff
inline constexpr std::uint32_t kPageMaxChunks = 1u << 20;   // 4 GiB of 4 KiB chunks: wasm32's whole memory
inline constexpr std::uint32_t kPagePatchGapBytes = 8;       // equal bytes between two changed ranges that
                                                             // still join them (a range header costs 8)
inline constexpr std::int64_t kPageSaveRetryMinMs = 1'000;   // after a failed IndexedDB save, retry after this,
inline constexpr std::int64_t kPageSaveRetryMaxMs = 30'000;  // doubling up to this

// --- sync ----------------------------------------------------------------------------------------
inline constexpr int kSyncPullBatch = 2000;                 // changes per pull page (protocol 1)
inline constexpr int kSyncPullRecords = 2000;               // whole records per pull page (protocol 2)
inline constexpr int kSyncFirstPullRecords = 200;           // a new device's first page: a screen of data
                                                            // shows before the big pages arrive
inline constexpr int kSyncPushBatch = 1000;                 // changes per push request
inline constexpr std::size_t kMaxSyncBodyBytes = 8u << 20;  // decompressed request body cap
inline constexpr std::int64_t kMaxClockSkewMs = 24LL * 3600 * 1000;  // apps that send no time: a pushed
                                                                     // change further ahead is rejected
// The server refuses a push stamped further ahead of its own time than this; the app re-stamps it.
inline constexpr std::int64_t kMaxPushClockAheadMs = 10LL * 60 * 1000;
inline constexpr std::int64_t kClockOffsetToleranceMs = 1'000;  // the device's clock offset is corrected
                                                                // when the server's time differs more
inline constexpr int kMaxJsonDepth = 16;  // protocol bodies nest 4 deep, field values 2: deeper is refused
                                          // before parsing (a recursive parser would overflow the stack)
inline constexpr std::size_t kMaxRowIdBytes = 64;  // a received change's row id (UUIDs are 36)

// --- server --------------------------------------------------------------------------------------
inline constexpr std::size_t kMaxRequestHeaderBytes = 16u << 10;
inline constexpr std::size_t kMaxRequestBodyBytes = 8u << 20;
inline constexpr std::chrono::seconds kRequestTimeout{30};
inline constexpr std::chrono::seconds kShutdownGrace{5};
inline constexpr std::size_t kMaxStaticFileBytes = 64u << 20;
inline constexpr std::size_t kMinGzipBytes = 1024;            // smaller responses are sent as they are
inline constexpr int kMaxServerThreads = 64;                  // --threads upper bound
inline constexpr std::size_t kMaxGzipCacheBytes = 64u << 20;  // compressed static files kept in memory
inline constexpr std::chrono::seconds kLingerTimeout{2};      // draining an unread body after an early 413
inline constexpr std::size_t kMaxLingerBytes = 64u << 20;     // ...and at most this much of it
inline constexpr std::chrono::milliseconds kAcceptRetryDelay{100};  // after accept() fails (out of fds)

// --- live updates: the long poll GET /api/v1/changes --------------------------------------------
// A long poll with no news answers after this with the unchanged cursor: under kRequestTimeout and the
// 30-60 s idle cut of common proxies, so a wait is never taken for a dead connection.
inline constexpr std::chrono::seconds kChangesWaitLimit{25};
inline constexpr std::size_t kMaxChangeWaiters = 1000;      // long polls held at once; more are answered 503
inline constexpr std::chrono::seconds kChangesRetryAfter{5};  // ...with this Retry-After

// --- demo data -----------------------------------------------------------------------------------
inline constexpr int kDemoCompanies = 800;
inline constexpr int kDemoContacts = 2400;
inline constexpr int kDemoBatchRows = 500;          // records per transaction while generating demo data
inline constexpr int kDemoContactsPerCompany = 10;  // demo::generate_contacts: one company per this many
inline constexpr int kDemoDeals = 2000;             // the server's demo set: deals over the past year
inline constexpr int kDemoDealHistoryDays = 365;    // demo deals are created within this many days back
inline constexpr int kDemoPastActivities = 600;     // the server's demo set: done calls, visits, ...
inline constexpr int kDemoPlannedActivities = 80;   // ... and planned ones
inline constexpr int kDemoActivityHistoryDays = 90;  // done demo activities lie within this many days back
inline constexpr int kDemoPlanAheadDays = 14;        // planned ones up to this many days ahead
inline constexpr int kDemoUtcOffsetMinutes = 180;    // the demo's "today" and working hours: Moscow time

}  // namespace crm::limits
