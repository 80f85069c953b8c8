#pragma once
// Hybrid logical clock: 48-bit wall-clock milliseconds + 16-bit counter, packed in one int64 so it
// sorts as a number. The device id breaks ties between equal HLCs (see merge.hpp).
#include <cstdint>
#include <functional>
#include <string>

#include "core/util/result.hpp"

namespace crm::sync {

struct Hlc {
    std::int64_t ms = 0;         // Unix milliseconds, < 2^48
    std::uint32_t counter = 0;   // < 2^16

    std::int64_t packed() const { return (ms << 16) | static_cast<std::int64_t>(counter); }
    static Hlc unpack(std::int64_t packed) {
        return Hlc{packed >> 16, static_cast<std::uint32_t>(packed & 0xFFFF)};
    }
    friend auto operator<=>(const Hlc&, const Hlc&) = default;
};

using NowMs = std::function<std::int64_t()>;
std::int64_t system_now_ms();

// Never goes backwards: local ticks and observed remote clocks both advance it.
class HlcClock {
public:
    explicit HlcClock(NowMs now = system_now_ms, Hlc last = {});
    Hlc tick();                    // for a local event
    Result<Hlc> observe(Hlc remote);  // for a received change; refuses clocks too far ahead (limits.hpp)
    Hlc last() const { return last_; }

private:
    NowMs now_;
    Hlc last_;
};

}  // namespace crm::sync
