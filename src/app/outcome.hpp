#pragma once

#include "core/error.hpp"
#include "core/route.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace autofix::app {

/// One row of the step summary's attempt table.
struct AttemptRow {
    int number = 0;
    std::string model;
    std::string description;
    std::vector<std::string> files;
    std::string result; // "failed", "fixed", "this run", ...
};

/// Tokens spent on the model in this run and their estimated price.
struct Spend {
    std::int64_t input_tokens = 0;
    std::int64_t output_tokens = 0;
    double cost_usd = 0.0;
};

/// What a run did: the route it took and what acting produced, or the error that stopped it.
struct Outcome {
    core::Route route;
    bool route_decided = false; // false when the run failed before a case was known
    std::string commit_sha;
    std::string pr_url;
    std::string issue_url;
    std::vector<std::string> files_changed;
    std::vector<AttemptRow> attempts;
    Spend spend;
    std::string action_taken; // overrides the route's action name when acting ended otherwise (fix_failed)
    std::string note;         // what happened, one or two sentences for the summary
    std::optional<core::Error> error;
};

} // namespace autofix::app
