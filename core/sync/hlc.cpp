#include "core/sync/hlc.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

#include "core/limits.hpp"

namespace crm::sync {

namespace {
constexpr std::uint32_t kMaxCounter = 0xFFFF;

// The next clock value after `h`: the counter carries into the millisecond when it would overflow.
Hlc successor(Hlc h) {
    if (h.counter >= kMaxCounter) return Hlc{h.ms + 1, 0};
    return Hlc{h.ms, h.counter + 1};
}
}  // namespace

std::int64_t system_now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

HlcClock::HlcClock(NowMs now, Hlc last) : now_(std::move(now)), last_(last) {
    assert(now_ && "HlcClock needs a time source");
}

Hlc HlcClock::tick() {
    const std::int64_t now = this->now();
    last_ = now > last_.ms ? Hlc{now, 0} : successor(last_);
    return last_;
}

Hlc HlcClock::observe(Hlc remote) {
    const std::int64_t now = this->now();
    const Hlc ceiling{now + limits::kMaxPushClockAheadMs, 0};
    const Hlc newest = std::max(last_, std::min(remote, ceiling));
    last_ = now > newest.ms ? Hlc{now, 0} : successor(newest);
    return last_;
}

}  // namespace crm::sync
