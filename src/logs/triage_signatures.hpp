#pragma once
// The log lines that decide a failure's class without the code: the workflow's configuration, infrastructure
// that ends a job, and infrastructure a step may have survived (GitHub's and the toolchains' own messages).

#include "core/failure_response.hpp"

#include <string_view>
#include <vector>

namespace autofix::logs {

/// How much a signature decides.
enum class Strength {
    fatal, // the build could not have passed: decides even when tests failed
    weak,  // decides only when no test failed (a registry retry that may have recovered)
};

/// A signature: every part of `all` and, when `any` is not empty, one of `any` appear in the line.
struct Signature {
    core::FailureClass kind;
    Strength strength;
    const char* what;
    std::vector<std::string_view> all;
    std::vector<std::string_view> any;
};

/// The signatures, most specific first.
const std::vector<Signature>& triage_signatures();

} // namespace autofix::logs
