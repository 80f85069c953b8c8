#pragma once
// Structured log: one JSON object per line on stderr, so scripts and tests can parse what the server does.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include <nlohmann/json.hpp>

namespace crm::server {

enum class LogLevel { Info, Warn, Error };

// "2024-05-01T12:00:00.123Z"
std::string iso8601_utc(std::chrono::system_clock::time_point t);

// The line written for one event: {"ts", "level", "msg", ...fields}. Never throws on invalid UTF-8.
std::string format_log_line(LogLevel level, std::string_view msg, const nlohmann::json& fields,
                            std::chrono::system_clock::time_point t);

// Lines handed to a writer thread through a bounded queue, so the threads that log never wait for the
// reader of the output: when the queue is full a line is dropped and counted, and the writer reports the
// count in a line of its own once it can write again.
class LogQueue {
public:
    using Writer = std::function<void(std::string_view)>;  // writes one line (with its newline)
    LogQueue(std::size_t capacity, Writer writer);
    // Leaves a writer blocked in its write behind (detached): the process is ending anyway.
    ~LogQueue();
    LogQueue(const LogQueue&) = delete;
    LogQueue& operator=(const LogQueue&) = delete;

    // Never blocks on the writer. False: the queue was full and the line was dropped.
    bool push(std::string line);
    // Waits until every queued line was written, or `limit` passed; true when everything was written.
    bool flush(std::chrono::milliseconds limit);
    std::uint64_t dropped_total() const { return dropped_total_.load(std::memory_order_relaxed); }

private:
    void run();
    struct Shared;
    std::shared_ptr<Shared> shared_;  // outlives this object while a detached writer still runs
    std::atomic<std::uint64_t> dropped_total_{0};
    std::thread thread_;
};

// Thread-safe and never blocks on stderr: lines from different threads never interleave.
void log_event(LogLevel level, std::string_view msg, const nlohmann::json& fields = nlohmann::json::object());
// Gives the queued lines until `limit` to reach stderr (at exit).
void log_flush(std::chrono::milliseconds limit);

}  // namespace crm::server
