#include "sync-server/sync_api.hpp"

#include "core/limits.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/protocol.hpp"
#include "core/util/json_text.hpp"
#include "sync-server/auth_api.hpp"
#include "sync-server/gzip.hpp"
#include "sync-server/log.hpp"

#ifndef CRM_VERSION
#error "CRM_VERSION must be defined by the build (sync-server/CMakeLists.txt)"
#endif

namespace crm::server {
namespace {

Response upgrade_required(const Request& req, const std::string& message) {
    return json_response(req, http::status::upgrade_required,
                         nlohmann::json{{"error", message}, {"upgrade", true}});
}

Response from_error(const Request& req, const Error& error) {
    const http::status status = status_for(error);
    if (status == http::status::upgrade_required) return upgrade_required(req, error.message);
    if (status == http::status::internal_server_error) {
        log_event(LogLevel::Error, "sync failed",
                  {{"code", to_string(error.code)}, {"error", error.message}});
        return error_response(req, status, "internal error: " + error.message);
    }
    return error_response(req, status, error.message);
}

// The request body as JSON text: inflated when Content-Encoding says gzip, refused if too large.
Result<std::string> request_body(const Request& req) {
    const auto encoding = req.find(http::field::content_encoding);
    if (encoding == req.end()) return req.body();
    const std::string coding = ascii_lower(encoding->value());
    if (coding == "identity") return req.body();
    if (coding != "gzip") {
        return make_error(ErrorCode::Unsupported,
                          "Content-Encoding '" + coding + "' is not supported; use gzip", "content-encoding",
                          "unsupported");
    }
    return gzip_decompress(req.body(), limits::kMaxSyncBodyBytes);
}

}  // namespace

http::status status_for(const Error& error) {
    switch (error.code) {
        case ErrorCode::Invalid:
        case ErrorCode::Protocol:
        case ErrorCode::NotFound:
            return http::status::bad_request;
        case ErrorCode::Unsupported:
            return http::status::upgrade_required;
        case ErrorCode::Conflict:
            return http::status::conflict;
        case ErrorCode::Storage:
        case ErrorCode::Io:
            return http::status::internal_server_error;
    }
    return http::status::internal_server_error;
}

SyncApi::SyncApi(Store& store) : store_(store), notifier_(store.changes().last_seq()) {
    const auto count = store_.changes().count();
    counted_changes_ = count ? count.value() : 0;
    counted_at_cursor_ = notifier_.cursor();
}

Response SyncApi::healthz(const Request& req) {
    if (req.method() != http::verb::get && req.method() != http::verb::head)
        return method_not_allowed(req, "GET, HEAD");
    const std::int64_t cursor = notifier_.cursor();
    if (cursor != counted_at_cursor_.load()) {
        std::unique_lock lock(store_mutex_, std::try_to_lock);  // busy: the last count will do
        if (lock.owns_lock()) {
            const auto count = store_.changes().count();
            if (count) {
                counted_changes_ = count.value();
                counted_at_cursor_ = cursor;
            }
        }
    }
    const auto count = counted_changes_.load();
    Response res = json_response(req, http::status::ok,
                                 nlohmann::json{{"status", "ok"},
                                                {"version", CRM_VERSION},
                                                {"schema", storage::kSchemaVersion},
                                                {"protocol", sync::kProtocolVersion},
                                                {"changes", count},
                                                {"cursor", notifier_.cursor()},
                                                {"waiting", notifier_.waiting()}});
    if (req.method() == http::verb::head) {
        const auto length = res.body().size();
        res.body().clear();
        res.content_length(length);
    }
    return res;
}

Response SyncApi::sync(const Request& req, AuthApi* auth) {
    if (req.method() != http::verb::post) return method_not_allowed(req, "POST");
    if (req.body().size() > limits::kMaxRequestBodyBytes) {
        return error_response(
            req, http::status::payload_too_large,
            "request body exceeds " + std::to_string(limits::kMaxRequestBodyBytes) + " bytes");
    }
    auto body = request_body(req);
    if (!body) {
        const Error& e = body.error();
        if (e.reason == "too_large") return error_response(req, http::status::payload_too_large, e.message);
        if (e.code == ErrorCode::Unsupported)
            return error_response(req, http::status::unsupported_media_type, e.message);
        return error_response(req, http::status::bad_request, e.message);
    }
    if (body->size() > limits::kMaxSyncBodyBytes) {
        return error_response(req, http::status::payload_too_large,
                              "sync body exceeds " + std::to_string(limits::kMaxSyncBodyBytes) + " bytes");
    }
    const auto json = parse_json_bounded(body.value());
    if (!json) return error_response(req, http::status::bad_request, json.error().message);
    if (!json->is_object())
        return error_response(req, http::status::bad_request, "body: expected a JSON object");

    auto parsed = sync::parse_sync_request(*json);
    if (!parsed) return from_error(req, parsed.error());

    Result<sync::SyncResponse> served = sync::SyncResponse{};
    std::int64_t newest = 0;
    {
        std::lock_guard lock(store_mutex_);
        std::optional<sync::Principal> who;
        if (auth != nullptr) {
            auto found = auth->authenticate_locked(req, parsed->device);
            if (!found) {
                if (found.error().field == "auth") return auth_denied(req, found.error());
                return from_error(req, found.error());
            }
            who = std::move(found.value());
        }
        served = sync::serve_sync(store_, parsed.value(), limits::kSyncPullBatch, who ? &*who : nullptr);
        newest = store_.changes().last_seq();
    }
    if (!served) return from_error(req, served.error());
    // After the lock: waking the long polls only posts to their strands. An unchanged sequence wakes none.
    notifier_.publish(newest);
    Response res = json_response(req, http::status::ok, sync::to_json(served.value()));
    compress_if_accepted(req, res);
    return res;
}

}  // namespace crm::server
