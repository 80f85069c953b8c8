#include "sync-server/log.hpp"

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <utility>

#include <unistd.h>

#include "sync-server/server_limits.hpp"

namespace crm::server {
namespace {

const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::Info: return "info";
        case LogLevel::Warn: return "warn";
        case LogLevel::Error: return "error";
    }
    return "info";
}

}  // namespace

std::string iso8601_utc(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    int millis = static_cast<int>(ms % 1000);
    if (millis < 0) {  // before 1970: keep the fraction positive
        millis += 1000;
        --secs;
    }
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];  // room for any int year, so the output is never truncated
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buf;
}

std::string format_log_line(LogLevel level, std::string_view msg, const nlohmann::json& fields,
                            std::chrono::system_clock::time_point t) {
    // ordered_json keeps ts/level/msg first, which is easier to read in a terminal.
    nlohmann::ordered_json line = nlohmann::ordered_json::object();
    line["ts"] = iso8601_utc(t);
    line["level"] = level_name(level);
    line["msg"] = std::string(msg);
    if (fields.is_object()) {
        for (const auto& [key, value] : fields.items()) line[key] = nlohmann::ordered_json(value);
    }
    // Request paths come from the network and may hold invalid UTF-8: replace rather than throw.
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

struct LogQueue::Shared {
    std::mutex mutex;
    std::condition_variable wake;  // the writer: lines arrived, or stop
    std::condition_variable idle;  // flush(): the queue was emptied
    std::deque<std::string> lines;
    std::size_t capacity = 0;
    std::uint64_t dropped = 0;  // since the writer last reported
    bool writing = false;
    bool stop = false;
    Writer writer;
};

LogQueue::LogQueue(std::size_t capacity, Writer writer) : shared_(std::make_shared<Shared>()) {
    shared_->capacity = capacity;
    shared_->writer = std::move(writer);
    thread_ = std::thread([s = shared_] {
        std::unique_lock lock(s->mutex);
        for (;;) {
            s->wake.wait(lock, [&] { return s->stop || !s->lines.empty() || s->dropped > 0; });
            if (s->lines.empty() && s->dropped == 0 && s->stop) return;
            std::deque<std::string> batch;
            batch.swap(s->lines);
            const std::uint64_t dropped = std::exchange(s->dropped, 0);
            s->writing = true;
            lock.unlock();
            // Outside the lock: a stalled reader blocks this thread only.
            for (const auto& line : batch) s->writer(line);
            if (dropped > 0) {
                s->writer(format_log_line(LogLevel::Warn, "log lines dropped", {{"count", dropped}},
                                          std::chrono::system_clock::now()) +
                          "\n");
            }
            lock.lock();
            s->writing = false;
            if (s->lines.empty()) s->idle.notify_all();
        }
    });
}

LogQueue::~LogQueue() {
    // What is queued gets a moment; a writer still blocked after it is left behind, detached.
    const bool drained = flush(server_limits::kLogFlushAtExit);
    {
        std::lock_guard lock(shared_->mutex);
        shared_->stop = true;
    }
    shared_->wake.notify_one();
    if (drained) {
        thread_.join();
    } else {
        thread_.detach();
    }
}

bool LogQueue::push(std::string line) {
    {
        std::lock_guard lock(shared_->mutex);
        if (shared_->lines.size() >= shared_->capacity) {
            ++shared_->dropped;
            dropped_total_.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        shared_->lines.push_back(std::move(line));
    }
    shared_->wake.notify_one();
    return true;
}

bool LogQueue::flush(std::chrono::milliseconds limit) {
    std::unique_lock lock(shared_->mutex);
    return shared_->idle.wait_for(lock, limit, [&] { return shared_->lines.empty() && !shared_->writing; });
}

namespace {

// write(2) on the descriptor, not stdio: a writer blocked inside fwrite would hold stderr's FILE lock, and
// exit() flushes every stream, so a stalled reader would then hang the process's exit.
void write_stderr(std::string_view line) {
    while (!line.empty()) {
        const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // closed or broken: the line is lost, the server goes on
        line.remove_prefix(static_cast<std::size_t>(n));
    }
}

LogQueue& global_queue() {
    // Never destroyed: a writer blocked on stderr must not see its queue freed under it at exit.
    static LogQueue* queue = new LogQueue(server_limits::kLogQueueLines, write_stderr);
    return *queue;
}

}  // namespace

void log_event(LogLevel level, std::string_view msg, const nlohmann::json& fields) {
    global_queue().push(format_log_line(level, msg, fields, std::chrono::system_clock::now()) + "\n");
}

void log_flush(std::chrono::milliseconds limit) {
    global_queue().flush(limit);
}

}  // namespace crm::server
