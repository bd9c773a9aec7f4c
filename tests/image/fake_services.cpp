// The local stand-ins of scripts/test-image as one process: the workflow sandbox's bare origin served by
// `git http-backend`, the fake GitHub API and the scripted model, on 127.0.0.1, with test-project broken on
// main (scenarios/bug-simple.py). A container started with --network=host reaches them as the image would
// reach GitHub and the model. Writes the run's environment to ENV_FILE once listening, then serves until
// SIGTERM or SIGINT and writes what the fakes saw to STATE_FILE (JSON: dispatches, pull requests, model
// requests, git requests).
//
// Usage: autofix_fake_services ENV_FILE STATE_FILE
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <csignal>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <pthread.h>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: autofix_fake_services ENV_FILE STATE_FILE\n";
        return 2;
    }
    // The servers' threads inherit the mask: only sigwait below sees the signals.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    using namespace autofix::testing;
    WorkflowSandbox sandbox(scripted_fixer({import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const SandboxOptions& options = sandbox.options();
    {
        std::ofstream env(std::string(argv[1]) + ".partial");
        env << "GITHUB_SERVER_URL=" << sandbox.git_server().server().url() << "\n"
            << "GITHUB_API_URL=" << sandbox.github().api_url() << "\n"
            << "ANTHROPIC_BASE_URL=" << sandbox.model().url() << "\n"
            << "GITHUB_REPOSITORY=" << options.owner << "/" << options.repo << "\n"
            << "GITHUB_TOKEN=" << options.github_token << "\n"
            << "ANTHROPIC_API_KEY=" << options.api_key << "\n"
            << "ORIGIN=" << sandbox.origin_path() << "\n";
    }
    std::rename((std::string(argv[1]) + ".partial").c_str(), argv[1]); // appears whole
    int received = 0;
    sigwait(&signals, &received);

    nlohmann::json state;
    state["dispatches"] = nlohmann::json::array();
    for (const auto& dispatch : sandbox.github().dispatches()) {
        state["dispatches"].push_back({{"workflow", dispatch.workflow}, {"ref", dispatch.ref}});
    }
    state["pull_requests"] = sandbox.github().pull_requests().size();
    state["github_requests"] = sandbox.github().requests().size();
    state["model_requests"] = sandbox.model().requests().size();
    state["git_requests"] = sandbox.git_server().server().requests().size();
    state["branches"] = sandbox.origin_branches();
    std::ofstream(argv[2]) << state.dump(2) << "\n";
    return 0;
}
