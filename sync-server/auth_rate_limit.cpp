#include "sync-server/auth_rate_limit.hpp"

#include <algorithm>
#include <iterator>

namespace crm::server {

FailureLimiter::FailureLimiter(int max_failures, std::chrono::seconds window, std::size_t max_keys)
    : max_failures_(max_failures),
      window_ms_(std::chrono::duration_cast<std::chrono::milliseconds>(window).count()),
      max_keys_(max_keys) {}

void FailureLimiter::forget_old(std::deque<std::int64_t>& times, std::int64_t now_ms) const {
    while (!times.empty() && times.front() <= now_ms - window_ms_) times.pop_front();
}

std::int64_t FailureLimiter::retry_after_seconds(std::string_view key, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    const auto it = failures_.find(std::string(key));
    if (it == failures_.end()) return 0;
    forget_old(it->second, now_ms);
    if (static_cast<int>(it->second.size()) < max_failures_) return 0;
    // Free again when the oldest counted failure leaves the window.
    const std::int64_t wait_ms = it->second.front() + window_ms_ - now_ms;
    return std::max<std::int64_t>(1, (wait_ms + 999) / 1000);
}

void FailureLimiter::record_failure(std::string_view key, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    if (failures_.size() >= max_keys_ && !failures_.contains(std::string(key))) {
        // Full: drop the keys whose failures all aged out, else any one (an attacker spraying keys only
        // shortens the memory of its own spray).
        for (auto it = failures_.begin(); it != failures_.end();) {
            forget_old(it->second, now_ms);
            it = it->second.empty() ? failures_.erase(it) : std::next(it);
        }
        if (failures_.size() >= max_keys_) failures_.erase(failures_.begin());
    }
    auto& times = failures_[std::string(key)];
    forget_old(times, now_ms);
    times.push_back(now_ms);
    // More than the limit is never needed to answer retry_after_seconds.
    while (static_cast<int>(times.size()) > max_failures_) times.pop_front();
}

void FailureLimiter::clear(std::string_view key) {
    std::lock_guard lock(mutex_);
    failures_.erase(std::string(key));
}

}  // namespace crm::server
