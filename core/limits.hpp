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
inline constexpr std::size_t kMaxKeyBytes = 64;     // an enum key, an option list name
inline constexpr std::size_t kMaxListItems = 50;    // a text list field with no limit of its own
inline constexpr std::int64_t kMaxOptionPosition = 1'000'000;
inline constexpr std::int64_t kMaxDateTimeMs = 253'402'300'799'999;    // 9999-12-31T23:59:59.999Z
inline constexpr double kMaxGeoAccuracyM = 1'000'000.0;                // a position fix's accuracy radius
inline constexpr std::int64_t kMaxMoneyMinor = 1'000'000'000'000'000;  // 10^16 roubles in kopecks: far
                                                                       // beyond any deal, far below int64

// --- lists and search ----------------------------------------------------------------------------
inline constexpr int kMaxPageSize = 1000;  // rows one list/search call may return
inline constexpr int kMaxSearchTerms = 8;  // words of a search query that are used
inline constexpr std::size_t kMaxSearchBytes = 200;

// --- storage -------------------------------------------------------------------------------------
inline constexpr std::size_t kMaxCachedStatements = 64;  // prepared statements kept per connection
inline constexpr std::uint32_t kPageChunkBytes = 4096;   // page store chunk = SQLite's page size: a 1-row
                                                         // commit writes a few chunks, not the file
inline constexpr std::int64_t kPageSaveRetryMinMs =
    1'000;  // after a failed IndexedDB save, retry after this,
inline constexpr std::int64_t kPageSaveRetryMaxMs = 30'000;  // doubling up to this

// --- sync ----------------------------------------------------------------------------------------
inline constexpr int kSyncPullBatch = 2000;                 // changes per pull page (protocol 1)
inline constexpr int kSyncPullRecords = 2000;               // whole records per pull page (protocol 2)
inline constexpr int kSyncPushBatch = 1000;                 // changes per push request
inline constexpr std::size_t kMaxSyncBodyBytes = 8u << 20;  // decompressed request body cap
inline constexpr std::int64_t kMaxClockSkewMs = 24LL * 3600 * 1000;  // apps that send no time: a pushed
                                                                     // change further ahead is rejected
inline constexpr std::int64_t kMaxPushClockAheadMs =
    10LL * 60 * 1000;  // the server refuses a push stamped
                       // further ahead of its own time; the app re-stamps it
inline constexpr std::int64_t kClockOffsetToleranceMs = 1'000;  // the device's clock offset is corrected
                                                                // when the server's time differs more
inline constexpr int kMaxJsonDepth = 16;  // protocol bodies nest 4 deep, field values 2: deeper is refused
                                          // before parsing (a recursive parser would overflow the stack)
inline constexpr std::size_t kMaxRowIdBytes = 64;  // a received change's row id (UUIDs are 36)
inline constexpr std::int64_t kChangeLogWalkRows =
    20'000;  // own changes after a seq: walk the log when at most
             // this many rows follow it, else the device index

// --- browser sync driver (wasm/sync_driver.cpp) -------------------------------------------------------
inline constexpr std::int64_t kSyncIntervalMs = 30'000;      // periodic sync while the page is open
inline constexpr std::int64_t kSyncFetchTimeoutMs = 60'000;  // one POST /api/v1/sync is aborted after this
inline constexpr std::int64_t kSyncPushDebounceMs =
    1'500;  // a local edit is pushed this long after it settles
inline constexpr std::int64_t kSyncStatusRefreshMs = 1'000;  // how often the pending-change count is re-read
inline constexpr std::int64_t kSyncViewReloadMs =
    1'000;  // during a long pull the views reload at most this often

// --- browser input (wasm/input_backend.cpp) ------------------------------------------------------------
inline constexpr float kTouchSlopPx = 8.0f;           // a finger moving further than this scrolls, not taps
inline constexpr double kTouchLongPressMs = 450.0;    // a finger held still this long presses (drag)
inline constexpr float kWheelPixelsPerStep = 100.0f;  // DOM pixels of one mouse-wheel notch (Chromium)
inline constexpr float kWheelLinesPerStep = 3.0f;     // DOM lines of one notch (Firefox deltaMode 1)
inline constexpr float kImGuiFontLinesPerWheelStep =
    5.0f;                                              // ImGui scrolls 5 font lines per step: touch drags
                                                       // are divided by this x font size to follow the finger
inline constexpr double kFlingTimeConstantMs = 325.0;  // a flicked list slows down with this time constant
inline constexpr double kFlingMinSpeed = 0.05;         // CSS px/ms: slower flicks stop at once
inline constexpr double kFlingMaxRestMs =
    100.0;                                       // a finger resting longer than this before lifting: no fling
inline constexpr double kIdleAfterMs = 3'000.0;  // no input for this long: render fewer frames
inline constexpr int kIdleFrameDivisor = 8;      // ...only every Nth animation frame (~7 fps)

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

// --- demo data -----------------------------------------------------------------------------------
inline constexpr int kDemoCompanies = 800;
inline constexpr int kDemoContacts = 2400;
inline constexpr int kDemoBatchRows = 500;          // records per transaction while generating demo data
inline constexpr int kDemoContactsPerCompany = 10;  // demo::generate_contacts: one company per this many

// --- UI (ui/) -------------------------------------------------------------------------------------
inline constexpr int kListWindowRows = 200;             // rows fetched around the visible part of a list
inline constexpr int kListNewQueryExtraRows = 10;       // a changed query (typing) first loads the rows on
                                                        // screen plus this many; scrolling loads the window
inline constexpr int kCardContactRows = 200;            // contacts listed on a company card
inline constexpr float kNarrowLayoutMaxWidth = 700.0f;  // display narrower than this: one column, touch sizes
inline constexpr float kListPaneShare = 0.58f;  // of the width, for the list while a card is open beside it
inline constexpr float kListPaneMinWidth = 360.0f;  // CSS px
inline constexpr std::size_t kPerfSamples = 1024;   // newest frame / search timings kept for p50 / p95

// --- customer screens (ui/views/customer_form.cpp, undo_bar.cpp) --------------------------------------
inline constexpr int kCompanyPickerRows = 50;  // companies the contact form's picker lists per search
inline constexpr std::int64_t kUndoBarVisibleMs = 15'000;  // the "Undo" bar after a delete stays this long
inline constexpr float kTouchTargetMinPx = 44.0f;  // CSS px: height of the form's Save/Cancel on phones

}  // namespace crm::limits
