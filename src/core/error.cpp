#include "core/error.hpp"

namespace autofix::core {

const char* to_string(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::invalid_input:
        return "invalid_input";
    case ErrorKind::config:
        return "config";
    case ErrorKind::io:
        return "io";
    case ErrorKind::git:
        return "git";
    case ErrorKind::push_rejected:
        return "push_rejected";
    case ErrorKind::push_refused:
        return "push_refused";
    case ErrorKind::auth:
        return "auth";
    case ErrorKind::network:
        return "network";
    case ErrorKind::http:
        return "http";
    case ErrorKind::rate_limited:
        return "rate_limited";
    case ErrorKind::model:
        return "model";
    case ErrorKind::sandbox:
        return "sandbox";
    case ErrorKind::internal:
        return "internal";
    }
    return "internal";
}

} // namespace autofix::core
