#include "sync-server/router.hpp"

#include "sync-server/paths.hpp"

namespace crm::server {
namespace {

Response denied(const Request& req, const Error& error) {
    if (error.field == "auth") return auth_denied(req, error);
    return error_response(req, http::status::internal_server_error, "internal error: " + error.message);
}

}  // namespace

Routed Router::route(const Request& req, const boost::asio::any_io_executor& executor, Reply reply,
                     std::string_view client) {
    const std::string_view path = target_path(req.target());
    if (auth_ != nullptr && path.starts_with(kApiPrefix)) {
        if (auto routed = auth_->route(req, client, executor, reply)) return std::move(*routed);
    }
    if (changes_ != nullptr && path == kChangesPath) {
        if (auth_ != nullptr) {
            auto who = auth_->authenticate(req);
            if (!who) return {denied(req, who.error()), nullptr};
        }
        return changes_->changes(req, executor, std::move(reply));
    }
    return {handle(req, client), nullptr};
}

Response Router::handle(const Request& req, std::string_view client) {
    const std::string_view path = target_path(req.target());
    if (path == kHealthPath) return api_.healthz(req);
    if (auth_ != nullptr && path.starts_with(kApiPrefix)) {
        if (auto answered = auth_->handle_now(req, client)) return std::move(*answered);
    }
    if (path == kSyncPath) {
        if (auth_ == nullptr) return api_.sync(req);
        // The token first: a body from someone unknown is never parsed.
        auto who = auth_->authenticate(req);
        if (!who) return denied(req, who.error());
        return api_.sync(req, auth_);
    }
    if (path.starts_with(kApiPrefix) || path == kApiPrefix.substr(0, kApiPrefix.size() - 1)) {
        // Which endpoints exist is no business of someone without a token either.
        if (auth_ != nullptr) {
            auto who = auth_->authenticate(req);
            if (!who) return denied(req, who.error());
        }
        return error_response(req, http::status::not_found, "no such API endpoint: " + std::string(path));
    }
    if (files_ == nullptr) {
        return error_response(req, http::status::not_found,
                              "not found: " + std::string(path) + " (the server runs without --web-root)");
    }
    return files_->serve(req);
}

}  // namespace crm::server
