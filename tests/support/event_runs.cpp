// Runs of the sandbox's workflow for events other than push, with the payloads GitHub sends.
#include "support/event_runs.hpp"

#include "support/repo_builder.hpp"

namespace autofix::testing {
namespace {

using nlohmann::json;

const std::string k_repository = "octo/inventory";

std::string origin_rev(WorkflowSandbox& sandbox, const std::string& ref) {
    return git_in(sandbox.origin_path(), {"rev-parse", ref}).substr(0, 40);
}

} // namespace

RunOptions pull_request_run(WorkflowSandbox& sandbox, std::uint64_t number, const std::string& head) {
    RunOptions options;
    options.checkout_ref = "refs/pull/" + std::to_string(number) + "/merge";
    options.payload = json{
        {"action", "synchronize"},
        {"number", number},
        {"pull_request",
         {{"number", number},
          {"state", "open"},
          {"head",
           {{"ref", head},
            {"sha", origin_rev(sandbox, "refs/heads/" + head)},
            {"repo", {{"full_name", k_repository}}}}},
          {"base",
           {{"ref", "main"},
            {"sha", origin_rev(sandbox, "refs/heads/main")},
            {"repo", {{"full_name", k_repository}}}}}}},
        {"repository", {{"full_name", k_repository}}},
    };
    options.env["GITHUB_EVENT_NAME"] = "pull_request";
    options.env["GITHUB_HEAD_REF"] = head;
    options.env["GITHUB_REF_NAME"] = std::to_string(number) + "/merge";
    return options;
}

} // namespace autofix::testing
