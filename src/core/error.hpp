#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace autofix::core {

/// What went wrong, coarse enough for the result JSON's `error.kind` and for the router.
enum class ErrorKind {
    invalid_input, // a setting, flag, file or environment value is missing or malformed
    config,        // .github/autofix.yml or prompts.json is malformed
    io,            // a local file could not be read or written
    git,           // a libgit2 operation failed
    push_rejected, // the remote refused a non-forced push: someone else pushed first (non-fast-forward)
    push_refused,  // the server refused the push for a reason of its own (ruleset, hook, permission)
    auth,          // credentials were refused (401, bad token, wrong key)
    network,       // connection refused, dropped, DNS, TLS or timeout
    http,          // a server answered with an error status that was not retried away
    rate_limited,  // retries for rate limits were exhausted
    model,         // the model API failed or replied with something unusable
    sandbox,       // the fix session tried to touch what it may not
    internal,      // a bug in the action itself
};

/// The stable snake_case name of `kind`, as written to the result JSON.
const char* to_string(ErrorKind kind);

/// An error value: the kind and a message with its context ("creating PR for autonomous-fix-42: 422 ...").
struct Error {
    ErrorKind kind = ErrorKind::internal;
    std::string message;
};

/// Makes an Error; a shorthand for adapters.
inline Error make_error(ErrorKind kind, std::string message) {
    return Error{kind, std::move(message)};
}

/// Returns `error` with `context: ` put before its message, keeping the kind.
inline Error with_context(Error error, const std::string& context) {
    error.message = context + ": " + error.message;
    return error;
}

/// A value or an Error; what every port returns instead of throwing.
template <typename T>
class Expected {
public:
    Expected(T value) : m_state(std::move(value)) {}
    Expected(Error error) : m_state(std::move(error)) {}

    /// True when a value is held.
    bool has_value() const { return m_state.index() == 0; }
    explicit operator bool() const { return has_value(); }

    /// The value; must only be called when has_value().
    T& value() & {
        assert(has_value());
        return std::get<0>(m_state);
    }
    const T& value() const& {
        assert(has_value());
        return std::get<0>(m_state);
    }
    T&& value() && {
        assert(has_value());
        return std::get<0>(std::move(m_state));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    /// The error; must only be called when !has_value().
    const Error& error() const {
        assert(!has_value());
        return std::get<1>(m_state);
    }

private:
    std::variant<T, Error> m_state;
};

/// Success without a value, or an Error.
template <>
class Expected<void> {
public:
    Expected() = default;
    Expected(Error error) : m_error(std::move(error)), m_failed(true) {}

    /// True when the operation succeeded.
    bool has_value() const { return !m_failed; }
    explicit operator bool() const { return has_value(); }

    /// The error; must only be called when !has_value().
    const Error& error() const {
        assert(m_failed);
        return m_error;
    }

private:
    Error m_error;
    bool m_failed = false;
};

/// Success without a value, or an Error.
using Status = Expected<void>;

} // namespace autofix::core
