#include "sync-server/change_notifier.hpp"

#include <vector>

namespace crm::server {

void ChangeNotifier::publish(std::int64_t seq) {
    std::vector<Wake> woken;
    {
        std::lock_guard lock(mutex_);
        if (seq <= cursor_.load(std::memory_order_relaxed)) return;
        cursor_.store(seq, std::memory_order_release);
        for (auto it = waiters_.begin(); it != waiters_.end();) {
            if (it->second.after < seq) {
                woken.push_back(std::move(it->second.wake));
                it = waiters_.erase(it);
            } else {
                ++it;
            }
        }
    }
    // Outside the lock: a wake may post to a strand, or (tests) call back into the notifier.
    for (Wake& wake : woken) wake();
}

ChangeNotifier::Ticket ChangeNotifier::wait(std::int64_t after, Wake wake) {
    std::lock_guard lock(mutex_);
    // Checked under the lock that publish() takes, so a commit between the caller's look at the cursor and
    // the registration cannot be missed.
    if (stopped_) return {Admit::Stopped, 0};
    if (cursor_.load(std::memory_order_relaxed) > after) return {Admit::Now, 0};
    if (waiters_.size() >= max_waiters_) return {Admit::Full, 0};
    const std::uint64_t id = next_id_++;
    waiters_.emplace(id, Waiter{after, std::move(wake)});
    return {Admit::Waiting, id};
}

void ChangeNotifier::cancel(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    waiters_.erase(id);
}

void ChangeNotifier::shutdown() {
    std::vector<Wake> woken;
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
        for (auto& [id, waiter] : waiters_) woken.push_back(std::move(waiter.wake));
        waiters_.clear();
    }
    for (Wake& wake : woken) wake();
}

std::size_t ChangeNotifier::waiting() const {
    std::lock_guard lock(mutex_);
    return waiters_.size();
}

}  // namespace crm::server
