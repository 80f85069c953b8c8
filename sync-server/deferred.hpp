#pragma once
// A request answered later (the long poll of GET /api/v1/changes). Its handler holds no thread and no lock
// while it waits: it waits on a timer of the session's strand and hands the answer to the Reply there, once.
#include <functional>
#include <memory>
#include <optional>

#include "sync-server/http_util.hpp"

namespace crm::server {

using Reply = std::function<void(Response)>;

class Deferred {
  public:
    virtual ~Deferred() = default;
    // The session is stopping or its client went away: answer now with what is known instead of waiting.
    // From any thread, any number of times, also after the answer.
    virtual void release() = 0;
};

// What the router made of a request: the answer now, or a wait whose answer comes through the Reply.
struct Routed {
    std::optional<Response> now;
    std::shared_ptr<Deferred> later;
};

}  // namespace crm::server
