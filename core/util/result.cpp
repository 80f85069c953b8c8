#include "core/util/result.hpp"

namespace crm {

const char* to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::Invalid: return "invalid";
        case ErrorCode::NotFound: return "not_found";
        case ErrorCode::Conflict: return "conflict";
        case ErrorCode::Storage: return "storage";
        case ErrorCode::Protocol: return "protocol";
        case ErrorCode::Io: return "io";
        case ErrorCode::Unsupported: return "unsupported";
    }
    return "unknown";
}

}  // namespace crm
