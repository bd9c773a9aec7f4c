#include "app/run.hpp"

#include "action/command_line.hpp"
#include "action/environment.hpp"
#include "action/settings.hpp"
#include "action/workflow_commands.hpp"
#include "action/workspace_ownership.hpp"
#include "app/cases.hpp"
#include "app/comment_command.hpp"
#include "app/context_command.hpp"
#include "app/guards.hpp"
#include "app/report.hpp"
#include "app/secrets.hpp"
#include "app/version.hpp"
#include "core/route.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <span>
#include <string>
#include <vector>

extern char** environ;

namespace autofix::app {
namespace {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_bad_input = 2;

bool is_bad_input(const core::Error& error) {
    return error.kind == core::ErrorKind::invalid_input || error.kind == core::ErrorKind::config;
}

core::BuildStatus to_core(action::BuildStatus status) {
    switch (status) {
    case action::BuildStatus::success:
        return core::BuildStatus::success;
    case action::BuildStatus::failure:
        return core::BuildStatus::failure;
    case action::BuildStatus::cancelled:
        return core::BuildStatus::cancelled;
    case action::BuildStatus::skipped:
        return core::BuildStatus::skipped;
    }
    return core::BuildStatus::failure;
}

// The result file when settings could not be read: the flag or input if one was given, else the default.
std::string fallback_result_file(const std::vector<std::string>& arguments,
                                 const action::Environment& environment) {
    for (std::size_t index = 0; index + 1 < arguments.size(); ++index) {
        if (arguments[index] == "--result-file" || arguments[index] == "--output") {
            return arguments[index + 1];
        }
    }
    for (const char* name : {"INPUT_RESULT-FILE", "INPUT_RESULT_FILE"}) {
        if (auto value = environment.get(name); value && !value->empty()) {
            return *value;
        }
    }
    return "agent-result.json";
}

// Ends a run that failed before a case was decided: one clear line, the result JSON and outputs, exit 2.
int fail_early(const core::Error& error, const std::string& result_file,
               const action::Environment& environment, const SecretFilter& secrets,
               std::chrono::steady_clock::time_point started) {
    std::cerr << "autofix: " << secrets.redact(error.message) << '\n';
    Outcome outcome;
    outcome.error = error;
    ReportContext context{
        "", result_file,
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started),
        [&](std::string_view text) {
            return secrets.redact(text);
        }};
    (void)write_report(outcome, context, environment, std::cout);
    return is_bad_input(error) ? exit_bad_input : exit_failed;
}

// What the run may have written to the workspace: help, version and settings print write nothing; case 4
// and the stops that need no git write only the result file; anything else may have written anywhere.
struct Footprint {
    enum class Kind { anything, result_file, nothing } kind = Kind::anything;
    std::filesystem::path result_file;
};

// Ends a run whose event rules out acting (a fork's pull request) before git, network or model: exit 0,
// the outputs and the summary say why.
Outcome stop_for_event(const core::Triage& triage, const action::Settings& settings, std::ostream& out) {
    Outcome outcome;
    outcome.route = triage.route;
    outcome.route_decided = true;
    outcome.route.action = core::Action::stop_fork;
    outcome.route.fix_branch.clear();
    outcome.route.attempt = 0;
    outcome.route.model.clear();
    outcome.route.reason = settings.run.stop_reason;
    outcome.note = "Nothing was done: " + settings.run.stop_reason + ".";
    action::notice(out, outcome.note);
    return outcome;
}

// Returns the workspace the run worked in: GITHUB_WORKSPACE, else the current directory.
std::filesystem::path workspace_of(const action::Environment& environment) {
    if (auto workspace = environment.value_or("GITHUB_WORKSPACE", ""); !workspace.empty()) {
        return workspace;
    }
    std::error_code ignored;
    return std::filesystem::current_path(ignored);
}

int run_action(int argc, char** argv, Footprint& wrote) {
    const auto started = std::chrono::steady_clock::now();
    std::signal(SIGPIPE, SIG_IGN);
    const std::vector<std::string> arguments(argv + std::min(argc, 1), argv + argc);
    const action::Environment environment = action::Environment::from_environ(environ);

    // Masks go out before anything else, from the raw environment: settings may still fail to parse.
    SecretFilter secrets(secrets_in_environment(environment));
    action::mask_secrets(std::cout, secrets.values());
    std::cout.flush();

    const auto command_line = action::parse_command_line(arguments);
    if (!command_line) {
        return fail_early(command_line.error(), fallback_result_file(arguments, environment), environment,
                          secrets, started);
    }
    switch (command_line->request) {
    case action::Request::help:
        wrote.kind = Footprint::Kind::nothing;
        std::cout << action::usage_text();
        return exit_ok;
    case action::Request::version:
        wrote.kind = Footprint::Kind::nothing;
        std::cout << "autofix " << version << '\n';
        return exit_ok;
    case action::Request::run:
    case action::Request::print_settings:
        break;
    }

    const auto settings = action::load_settings(*command_line, environment);
    if (!settings) {
        return fail_early(settings.error(), fallback_result_file(arguments, environment), environment,
                          secrets, started);
    }
    action::mask_secrets(std::cout, secrets.add(settings->secrets()));
    if (command_line->request == action::Request::print_settings) {
        wrote.kind = Footprint::Kind::nothing;
        std::cout << action::describe_settings(*settings);
        return exit_ok;
    }

    const core::Triage triage =
        core::triage(settings->branch, to_core(settings->build_status), settings->run.fix_run_id);
    Outcome outcome;
    const auto switched_off = disabled_guard(*settings);
    bool acted = triage.next != core::Triage::Next::done && !switched_off; // the artifact is uploaded
    core::CommentCommand command;
    if (settings->run.comment) {
        // A comment's run answers its `/autofix` command; the branch and build status play no part.
        core::Triage answering;
        answering.route.which = core::Case::nothing;
        answering.route.action = core::Action::command_ignored;
        if (switched_off) {
            outcome = stopped_by(answering.route, *switched_off, std::cout);
            acted = false;
        } else if (auto ignored = screen_comment(*settings, command, std::cout)) {
            outcome = std::move(*ignored); // no network: an edit, a bot, no command
            acted = false;
        } else if (const auto credentials = action::require_github_credentials(*settings); !credentials) {
            // The model's credentials are checked only when a retry calls the model.
            return fail_early(credentials.error(), settings->result_file, environment, secrets, started);
        } else {
            outcome = execute_command(answering, command, *settings, environment, secrets, std::cout);
            acted = true;
        }
        if (!acted) {
            wrote = {Footprint::Kind::result_file, settings->result_file};
        }
    } else if (triage.next == core::Triage::Next::done) {
        outcome.route = triage.route; // case 4 and the stops that need nothing: no git, no network
        outcome.route_decided = true;
        wrote = {Footprint::Kind::result_file, settings->result_file};
    } else if (switched_off) {
        outcome = stopped_by(triage.route, *switched_off, std::cout); // no git, no network, no model
        wrote = {Footprint::Kind::result_file, settings->result_file};
    } else if (settings->run.stop == core::EventStop::fork_pull_request) {
        outcome = stop_for_event(triage, *settings, std::cout); // a fork's branch: nothing can be pushed
        wrote = {Footprint::Kind::result_file, settings->result_file};
    } else if (const auto credentials = action::require_credentials(*settings); !credentials) {
        return fail_early(credentials.error(), settings->result_file, environment, secrets, started);
    } else {
        outcome = execute_case(triage, *settings, environment, secrets, std::cout);
    }

    const ReportContext context{
        settings->branch, settings->result_file,
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started),
        [&](std::string_view text) {
            return secrets.redact(text);
        }};
    const core::Status reported = write_report(outcome, context, environment, std::cout);
    if (acted) {
        upload_result_artifact(context.result_file, environment, std::cout);
    }
    if (outcome.error) {
        return is_bad_input(*outcome.error) ? exit_bad_input : exit_failed;
    }
    if (!reported) {
        std::cerr << "autofix: " << secrets.redact(reported.error().message) << '\n';
        return exit_failed;
    }
    return exit_ok;
}

} // namespace

int run(int argc, char** argv) {
    if (argc > 1 && std::string_view(argv[1]) == "context") {
        const std::vector<std::string> rest(argv + 2, argv + argc);
        return run_context_command(rest, std::cout, std::cerr);
    }
    const auto since = std::chrono::system_clock::now();
    Footprint wrote;
    const int code = run_action(argc, argv, wrote);
    if (wrote.kind != Footprint::Kind::nothing) {
        // A container action runs as root on the runner's checkout: what it made goes back to the owner.
        const auto workspace = workspace_of(action::Environment::from_environ(environ));
        const auto handed = wrote.kind == Footprint::Kind::result_file
                                ? action::hand_back_file(workspace, wrote.result_file, since)
                                : action::hand_back_workspace(workspace, since);
        if (!handed) {
            action::warning(std::cout, handed.error().message);
        } else if (handed->failed > 0) {
            action::warning(std::cout, std::to_string(handed->failed) + " file(s) under " +
                                           workspace.string() +
                                           " could not be given back to the workspace's owner");
        }
    }
    return code;
}

} // namespace autofix::app
