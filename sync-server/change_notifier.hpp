#pragma once
// Tells long polls (GET /api/v1/changes) that the server's newest sequence moved. SyncApi publishes the
// sequence after each sync that committed; a waiter is only a callback, so the notifier knows nothing of
// sockets or timers, and neither a waiter nor a reader of the cursor touches the store or its mutex.
// Thread-safe.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "core/limits.hpp"

namespace crm::server {

class ChangeNotifier {
  public:
    using Wake = std::function<void()>;

    explicit ChangeNotifier(std::int64_t cursor, std::size_t max_waiters = limits::kMaxChangeWaiters)
        : cursor_(cursor), max_waiters_(max_waiters) {}
    ChangeNotifier(const ChangeNotifier&) = delete;
    ChangeNotifier& operator=(const ChangeNotifier&) = delete;

    // The newest sequence published (the cursor a full pull would end at).
    std::int64_t cursor() const { return cursor_.load(std::memory_order_acquire); }

    // A sync committed and the newest sequence is now `seq`: every waiter whose `after` it passes is woken.
    // Publishing an older number (two syncs finishing out of order) changes nothing.
    void publish(std::int64_t seq);

    enum class Admit {
        Now,      // the cursor is already past `after`: answer at once, nothing was registered
        Waiting,  // registered: `wake` runs once, unless cancel() comes first
        Full,     // max_waiters already wait
        Stopped,  // shutdown began
    };
    struct Ticket {
        Admit admit = Admit::Now;
        std::uint64_t id = 0;  // for cancel(), when Waiting
    };
    // `wake` runs on the thread of publish() or shutdown(), outside the notifier's lock.
    Ticket wait(std::int64_t after, Wake wake);
    // The waiter is done without a wake (its time limit passed, its client went away). Unknown ids (already
    // woken) are ignored.
    void cancel(std::uint64_t id);
    // Wakes every waiter and admits no more: the server is stopping.
    void shutdown();

    std::size_t waiting() const;

  private:
    struct Waiter {
        std::int64_t after = 0;
        Wake wake;
    };

    std::atomic<std::int64_t> cursor_;
    const std::size_t max_waiters_;
    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, Waiter> waiters_;
    std::uint64_t next_id_ = 1;
    bool stopped_ = false;
};

}  // namespace crm::server
