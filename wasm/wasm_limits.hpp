#pragma once
// The browser platform's tuning constants (timers, touch and wheel handling). They live beside the code that
// owns them; the namespace is the product's one `limits`, so every named limit is still found by one name.
#include <chrono>
#include <cstdint>

#include "core/limits.hpp"

namespace crm::limits {

// --- browser sync driver (wasm/sync_driver.cpp) -------------------------------------------------------
inline constexpr std::int64_t kSyncIntervalMs = 30'000;      // periodic sync while the page is open
inline constexpr std::int64_t kSyncFetchTimeoutMs = 60'000;  // one POST /api/v1/sync is aborted after this
// A local edit is pushed this long after it is written (the driver sees the write at the end of the frame that
// made it): short, so another page has it within a second; a save and its undo a moment later still go together.
inline constexpr std::int64_t kSyncPushDebounceMs = 100;
// During a long pull the views reload at most this often.
inline constexpr std::int64_t kSyncViewReloadMs = 1'000;
// Pulled pages wait at most this long to be saved (the next own commit or the pull's end saves them sooner):
// saving each page of a first sync wrote most of the growing file again. Lost in a crash, they are pulled again.
inline constexpr std::int64_t kPulledSaveDelayMs = 5'000;

// --- live updates: the page's long poll of GET api/v1/changes (web/sync_transport.js) -----------------
// A poll is aborted after the server's wait limit plus this margin (the server always answers by its limit).
inline constexpr std::int64_t kChangeWatchTimeoutMs =
    std::chrono::duration_cast<std::chrono::milliseconds>(kChangesWaitLimit).count() + 15'000;
inline constexpr std::int64_t kChangeWatchRetryMinMs = 1'000;   // after a failed poll wait this,
inline constexpr std::int64_t kChangeWatchRetryMaxMs = 60'000;  // doubling up to this (or Retry-After)
inline constexpr int kChangeWatchRetryJitterPct = 25;           // plus up to this share, so pages that lost the
                                                                // server together do not return together
// A poll answered with no news sooner than this (the server is stopping) waits out the rest first.
inline constexpr std::int64_t kChangeWatchMinIntervalMs = 1'000;

// --- browser input (wasm/input_backend.cpp) ------------------------------------------------------------
// ImGui's frame time is the time since the last drawn frame (double-click, key repeat and the board's edge
// scroll count real time whatever the frame rate), at most this after a pause (a hidden tab, idle frames).
inline constexpr double kMaxFrameDeltaMs = 250.0;
inline constexpr float kTouchSlopPx = 8.0f;           // a finger moving further than this scrolls, not taps
inline constexpr double kTouchLongPressMs = 450.0;    // a finger held still this long presses (drag)
inline constexpr float kWheelPixelsPerStep = 100.0f;  // DOM pixels of one mouse-wheel notch (Chromium)
inline constexpr float kWheelLinesPerStep = 3.0f;     // DOM lines of one notch (Firefox deltaMode 1)
// ImGui scrolls 5 font lines per step: touch drags are divided by this x font size to follow the finger.
inline constexpr float kImGuiFontLinesPerWheelStep = 5.0f;
inline constexpr double kFlingTimeConstantMs = 325.0;  // a flicked list slows down with this time constant
inline constexpr double kFlingMinSpeed = 0.05;         // CSS px/ms: slower flicks stop at once
// A finger resting longer than this before lifting: no fling.
inline constexpr double kFlingMaxRestMs = 100.0;
inline constexpr double kIdleAfterMs = 3'000.0;  // no input for this long: render fewer frames
inline constexpr int kIdleFrameDivisor = 8;      // ...only every Nth animation frame (~7 fps)

}  // namespace crm::limits
