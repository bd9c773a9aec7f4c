#pragma once

#include "action/outputs.hpp"
#include "action/result_json.hpp"
#include "core/error.hpp"

#include <string>
#include <utility>
#include <vector>

namespace autofix::action {

/// The step outputs of a run, in action.yml's order: case, action-taken, fix-branch, attempt, model,
/// commit-sha, pr-url, issue-url, result-file, input-tokens, output-tokens, cost-usd; absent values are
/// empty, cost-usd has four decimals.
std::vector<std::pair<std::string, std::string>> output_values(const ResultRecord& record,
                                                               const std::string& result_file);

/// Sets every output of output_values on `outputs`. Fails as OutputFile::set does, at the first refusal.
core::Status write_outputs(const OutputFile& outputs, const ResultRecord& record,
                           const std::string& result_file);

/// A markdown report of the run for the step summary: heading with the case, a table of what was done,
/// links, usage, and the error when the run failed.
std::string result_summary_markdown(const ResultRecord& record);

} // namespace autofix::action
