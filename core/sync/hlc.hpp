#pragma once
// Hybrid logical clock: 48-bit wall-clock milliseconds + 16-bit counter, packed in one int64 so it
// sorts as a number. The device id breaks ties between equal HLCs (see merge.hpp).
#include <cstdint>
#include <functional>
#include <string>

#include "core/util/result.hpp"

namespace crm::sync {

struct Hlc {
    std::int64_t ms = 0;        // Unix milliseconds, < 2^48
    std::uint32_t counter = 0;  // < 2^16

    std::int64_t packed() const { return (ms << 16) | static_cast<std::int64_t>(counter); }
    static Hlc unpack(std::int64_t packed) {
        return Hlc{packed >> 16, static_cast<std::uint32_t>(packed & 0xFFFF)};
    }
    friend auto operator<=>(const Hlc&, const Hlc&) = default;
};

using NowMs = std::function<std::int64_t()>;
std::int64_t system_now_ms();

// Local ticks and observed remote clocks advance it; it only goes back when the server says this device's
// clock ran ahead (restart_at). Time is the device's wall clock plus an offset learnt from the server.
class HlcClock {
  public:
    explicit HlcClock(NowMs now = system_now_ms, Hlc last = {});
    Hlc tick();  // for a local event
    // For a received change: the server accepted it, so it is always applied. The clock follows it, but
    // never further than now() + limits::kMaxPushClockAheadMs: one far-ahead writer (an old app) must not
    // drag this device's own edits into a future the server refuses.
    Hlc observe(Hlc remote);
    Hlc last() const { return last_; }

    std::int64_t now() const { return now_() + offset_ms_; }  // corrected wall clock, Unix ms
    std::int64_t raw_now() const { return now_(); }           // the device's own wall clock
    std::int64_t offset_ms() const { return offset_ms_; }
    void set_offset_ms(std::int64_t offset) { offset_ms_ = offset; }
    // Starts again from `h`, even backwards: the server refused edits stamped in the future and they are
    // being re-stamped (sync::SyncClient).
    void restart_at(Hlc h) { last_ = h; }

  private:
    NowMs now_;
    Hlc last_;
    std::int64_t offset_ms_ = 0;
};

}  // namespace crm::sync
