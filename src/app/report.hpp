#pragma once

#include "action/environment.hpp"
#include "action/result_json.hpp"
#include "app/outcome.hpp"

#include <chrono>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace autofix::app {

/// Everything a report needs besides the outcome.
struct ReportContext {
    std::string branch;
    std::string result_file;
    std::chrono::milliseconds duration{0};
    std::function<std::string(std::string_view)> redact; // applied to every text written
};

/// Returns the result record of `outcome`, every text field passed through `context.redact`.
action::ResultRecord result_record(const Outcome& outcome, const ReportContext& context);

/// Returns the step-summary markdown: the result table and, when attempts are known, a table of attempts
/// with model, files and result.
std::string summary_markdown(const Outcome& outcome, const action::ResultRecord& record,
                             const ReportContext& context);

/// Writes the result JSON, the step outputs, the step summary and a human line on `out` (plus `::error::`
/// when the run failed). Returns the first write failure, after trying every write.
core::Status write_report(const Outcome& outcome, const ReportContext& context,
                          const action::Environment& environment, std::ostream& out);

} // namespace autofix::app
