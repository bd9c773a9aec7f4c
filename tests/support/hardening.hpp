#pragma once

#include "support/fake_model_server.hpp"
#include "support/workflow_sandbox.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace autofix::testing {

/// Returns a description of `runs` (branch, exit code, action, stdout and stderr) for failure messages.
inline std::string describe_runs(const std::vector<WorkflowRun>& runs) {
    std::string text;
    for (const WorkflowRun& run : runs) {
        text += "run on " + run.branch + " (" + std::to_string(run.run_id) + "#" +
                std::to_string(run.run_attempt) + "): exit " + std::to_string(run.exit_code) + ", " +
                run.output("action-taken") + "\n" + run.stdout_text + run.stderr_text + "\n";
    }
    return text;
}

/// Returns the lines of `text` that are not `::add-mask::` commands.
inline std::string without_mask_lines(const std::string& text) {
    std::string kept;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        end = end == std::string::npos ? text.size() : end + 1;
        const std::string_view line(text.data() + start, end - start);
        if (!line.starts_with("::add-mask::")) {
            kept.append(line);
        }
        start = end;
    }
    return kept;
}

/// Returns the lines of `text`, without their line ends.
inline std::vector<std::string> text_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

/// Which model requests a FaultyModel disturbs: the `first` (1-based) valid request and the `count - 1`
/// after it are answered with `fault` instead of reaching the wrapped handler.
struct ModelFault {
    int first = 1;
    int count = 0;
    ServedResponse fault;
};

/// Wraps `inner` so that the requests chosen by `fault` get the fault reply (the script does not advance).
inline FakeModelServer::Handler faulty_model(FakeModelServer::Handler inner, ModelFault fault) {
    struct State {
        std::mutex mutex;
        int seen = 0;
    };
    auto state = std::make_shared<State>();
    return [state, inner = std::move(inner), fault](const nlohmann::json& body) {
        {
            std::lock_guard lock(state->mutex);
            const int number = ++state->seen;
            if (number >= fault.first && number < fault.first + fault.count) {
                return fault.fault;
            }
        }
        return inner(body);
    };
}

} // namespace autofix::testing
