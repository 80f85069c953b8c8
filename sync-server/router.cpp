#include "sync-server/router.hpp"

#include "sync-server/paths.hpp"

namespace crm::server {

Routed Router::route(const Request& req, const boost::asio::any_io_executor& executor, Reply reply) {
    if (changes_ != nullptr && target_path(req.target()) == kChangesPath)
        return changes_->changes(req, executor, std::move(reply));
    return {handle(req), nullptr};
}

Response Router::handle(const Request& req) {
    const std::string_view path = target_path(req.target());
    if (path == kHealthPath) return api_.healthz(req);
    if (path == kSyncPath) return api_.sync(req);
    if (path.starts_with(kApiPrefix) || path == kApiPrefix.substr(0, kApiPrefix.size() - 1)) {
        return error_response(req, http::status::not_found, "no such API endpoint: " + std::string(path));
    }
    if (files_ == nullptr) {
        return error_response(req, http::status::not_found,
                              "not found: " + std::string(path) + " (the server runs without --web-root)");
    }
    return files_->serve(req);
}

}  // namespace crm::server
