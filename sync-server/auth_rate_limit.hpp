#pragma once
// Counts failed sign-ins per key (a login, a client address) in a sliding window. Thread-safe.
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace crm::server {

class FailureLimiter {
  public:
    FailureLimiter(int max_failures, std::chrono::seconds window, std::size_t max_keys);

    // Seconds until the key may try again (at least 1), or 0 when it may try now.
    std::int64_t retry_after_seconds(std::string_view key, std::int64_t now_ms);
    void record_failure(std::string_view key, std::int64_t now_ms);
    void clear(std::string_view key);

  private:
    void forget_old(std::deque<std::int64_t>& times, std::int64_t now_ms) const;

    const int max_failures_;
    const std::int64_t window_ms_;
    const std::size_t max_keys_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<std::int64_t>> failures_;  // failure times, oldest first
};

}  // namespace crm::server
