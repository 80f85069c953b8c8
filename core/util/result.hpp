#pragma once
// Errors are values at module edges: every fallible core call returns Result<T> (or Status).
// No exceptions cross the core API, so the same code behaves identically natively and in wasm.
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace crm {

enum class ErrorCode {
    Invalid,      // input failed validation; `field` names the offending field
    NotFound,     // the record does not exist (or is deleted)
    Conflict,     // uniqueness or concurrent-write conflict
    Storage,      // SQLite reported an error
    Protocol,     // malformed or incompatible sync message
    Io,           // file or network failure
    Unsupported,  // the request is well-formed but this build cannot do it
};

const char* to_string(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Storage;
    std::string message;  // human-readable, English; UI maps `code`/`field` to localized text
    std::string field;    // for ErrorCode::Invalid: which field; empty otherwise
    std::string reason;   // for ErrorCode::Invalid: stable key ("empty", "malformed", "too_long", ...)
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok() && "Result::value() called on an error");
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(ok() && "Result::value() called on an error");
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(ok() && "Result::value() called on an error");
        return std::get<0>(std::move(v_));
    }
    const Error& error() const {
        assert(!ok() && "Result::error() called on a value");
        return std::get<1>(v_);
    }
    T value_or(T fallback) const { return ok() ? std::get<0>(v_) : std::move(fallback); }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : err_(std::move(error)), ok_(false) {}
    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const {
        assert(!ok_ && "Result::error() called on success");
        return err_;
    }

private:
    Error err_;
    bool ok_ = true;
};

using Status = Result<void>;

inline Error make_error(ErrorCode code, std::string message, std::string field = {}, std::string reason = {}) {
    return Error{code, std::move(message), std::move(field), std::move(reason)};
}

}  // namespace crm

// Propagate an error from an expression returning Result/Status.
#define CRM_TRY(expr)                                              \
    do {                                                           \
        auto crm_try_result_ = (expr);                             \
        if (!crm_try_result_.ok()) return crm_try_result_.error(); \
    } while (0)
