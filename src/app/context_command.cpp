#include "app/context_command.hpp"

#include "action/settings.hpp"
#include "adapters/anthropic_json.hpp"
#include "adapters/libgit2_repository.hpp"
#include "agent/fix_session.hpp"
#include "app/collaborators.hpp"
#include "app/failure_log.hpp"
#include "app/fix_branch_reader.hpp"
#include "app/fix_context.hpp"
#include "app/prompt_loading.hpp"
#include "app/secrets.hpp"
#include "core/fix_branch.hpp"
#include "core/model_policy.hpp"
#include "logs/token_estimate.hpp"

#include <charconv>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

namespace autofix::app {
namespace {

namespace fs = std::filesystem;

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_bad_input = 2;
constexpr int max_budget = 10'000'000;

constexpr const char* usage =
    "usage: autofix context --log FILE [--repo DIR] [--budget TOKENS] [--attempt-history] "
    "[--json|--request]\n"
    "\n"
    "Shows what the fix session would send the model for a failure log, without a key or network:\n"
    "the excerpt, the files the log names (ranked, with the line that named each) and those the repository\n"
    "suggests (module under test, dependency or lint files, a missing symbol's declaration, with the "
    "reason),\n"
    "the redactions and the estimated tokens of the whole first request (system prompt, first message, tool\n"
    "definitions).\n"
    "\n"
    "  --log FILE          the failure log (required)\n"
    "  --repo DIR          the repository the log was built from (default: the current directory)\n"
    "  --budget TOKENS     the excerpt's token budget (default: log-budget-tokens, 8000)\n"
    "  --attempt-history   render the retry of the fix branch checked out in DIR, with its attempts (git)\n"
    "  --json              one JSON object: excerpt, excerpt_tokens, files, redactions, request_tokens, "
    "budget\n"
    "  --request           the first request's JSON body exactly as it would be POSTed\n";

core::Error bad_input(std::string message) {
    return core::make_error(core::ErrorKind::invalid_input, std::move(message));
}

core::Expected<int> parse_budget(const std::string& text) {
    int value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || stop != end || value < 1 || value > max_budget) {
        return bad_input("--budget: expected a whole number of tokens from 1 to " +
                         std::to_string(max_budget) + ", got '" + text + "'");
    }
    return value;
}

// The settings a run in `repo` would have as far as the fix session goes: its config file and the defaults.
core::Expected<action::Settings> repository_settings(const std::string& repo) {
    auto config = action::read_config_file(action::config_file_path(repo), ".github/autofix.yml");
    if (!config) {
        return config.error();
    }
    action::CommandLine command_line;
    command_line.values["build-status"] = "failure";
    const action::Environment environment(action::Environment::Variables{{"GITHUB_WORKSPACE", repo}});
    return action::resolve_settings(command_line, environment, *config);
}

core::Expected<std::string> checked_repository(const std::string& given) {
    std::error_code error;
    const fs::path root = fs::canonical(given, error);
    if (error || !fs::is_directory(root, error)) {
        return bad_input("--repo '" + given + "' is not a directory");
    }
    return root.string();
}

core::Status checked_log(const std::string& given) {
    std::error_code error;
    const auto status = fs::status(given, error);
    if (status.type() == fs::file_type::not_found) {
        return bad_input("--log '" + given + "' does not exist");
    }
    if (error || status.type() != fs::file_type::regular) {
        return bad_input("--log '" + given + "' is not a regular file");
    }
    return {};
}

// The attempt, model and earlier attempts of the fix branch at HEAD; notes say what was found.
struct Retry {
    int attempt = 1;
    std::vector<agent::PreviousAttempt> previous;
};

core::Expected<Retry> read_retry(const action::Settings& settings, const logs::FailureContext& failure,
                                 std::vector<std::string>& notes) {
    auto git = adapters::Libgit2Repository::open(settings.github.workspace, {});
    if (!git) {
        return bad_input("--attempt-history: " + git.error().message);
    }
    const auto branch = (*git)->current_branch();
    if (!branch) {
        return core::with_context(branch.error(), "--attempt-history: reading HEAD's branch");
    }
    const auto fix_id = core::parse_fix_id(*branch);
    if (!fix_id) {
        notes.push_back("HEAD is on '" + *branch +
                        "', not a fix branch: this is the first attempt's request");
        return Retry{};
    }
    const auto state = read_fix_branch(**git, agent_identity(settings), *fix_id);
    if (!state) {
        return core::with_context(state.error(), "--attempt-history: reading " + *branch);
    }
    Retry retry;
    retry.attempt = state->history.highest_attempt + 1;
    retry.previous = previous_attempts(**git, *state, failure.excerpt);
    notes.push_back(*branch + " has " + std::to_string(state->history.attempts.size()) +
                    " attempt(s): this is the request of attempt " + std::to_string(retry.attempt));
    if (state->history.human_took_over()) {
        notes.push_back("a human committed to " + *branch + ": a real run would stop instead");
    } else if (core::escalation_due(model_policy(settings), retry.attempt)) {
        notes.push_back("attempt " + std::to_string(retry.attempt) +
                        " exceeds max-attempts: a real run would escalate instead");
    }
    return retry;
}

std::string with_thousands(std::size_t value) {
    std::string digits = std::to_string(value);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) {
        digits.insert(static_cast<std::size_t>(at), ",");
    }
    return digits;
}

} // namespace

core::Expected<ContextOptions> parse_context_arguments(std::span<const std::string> arguments) {
    ContextOptions options;
    bool has_log = false;
    for (std::size_t index = 0; index < arguments.size(); ++index) {
        std::string flag = arguments[index];
        std::optional<std::string> value;
        if (const auto equals = flag.find('='); flag.starts_with("--") && equals != std::string::npos) {
            value = flag.substr(equals + 1);
            flag.resize(equals);
        }
        const bool takes_value = flag == "--log" || flag == "--repo" || flag == "--budget";
        if (takes_value && !value) {
            if (index + 1 >= arguments.size()) {
                return bad_input(flag + " needs a value");
            }
            value = arguments[++index];
        } else if (!takes_value && value) {
            return bad_input(flag + " takes no value");
        }
        if (flag == "--log") {
            options.log = *value;
            has_log = true;
        } else if (flag == "--repo") {
            options.repo = *value;
        } else if (flag == "--budget") {
            auto budget = parse_budget(*value);
            if (!budget) {
                return budget.error();
            }
            options.budget = *budget;
        } else if (flag == "--attempt-history") {
            options.history = AttemptHistory::read;
        } else if (flag == "--json" || flag == "--request") {
            const ContextFormat format = flag == "--json" ? ContextFormat::json : ContextFormat::request;
            if (options.format != ContextFormat::human && options.format != format) {
                return bad_input("--json and --request are alternatives: give one");
            }
            options.format = format;
        } else if (flag.starts_with("-")) {
            return bad_input("unknown flag '" + flag + "' (see autofix context --help)");
        } else {
            return bad_input("unexpected argument '" + flag + "' (see autofix context --help)");
        }
    }
    if (!has_log || options.log.empty()) {
        return bad_input("--log FILE is required (see autofix context --help)");
    }
    return options;
}

core::Expected<ContextReport> build_context_report(const ContextOptions& options) {
    if (const core::Status log = checked_log(options.log); !log) {
        return log.error();
    }
    const auto repo = checked_repository(options.repo);
    if (!repo) {
        return repo.error();
    }
    auto settings = repository_settings(*repo);
    if (!settings) {
        return settings.error();
    }
    if (options.budget) {
        settings->log_budget_tokens = *options.budget;
    }
    const auto prompts = load_prompts(*settings);
    if (!prompts) {
        return prompts.error();
    }
    const SecretFilter secrets(settings->secrets());

    ContextReport report;
    report.log = options.log;
    report.repo = *repo;
    report.budget = static_cast<std::size_t>(settings->log_budget_tokens);
    auto failure = failure_context_from_file(options.log, *settings, secrets.values());
    if (!failure) {
        return bad_input("--log '" + options.log + "' cannot be read: " + failure.error().message);
    }
    report.failure = std::move(*failure);

    Retry retry;
    if (options.history == AttemptHistory::read) {
        auto read = read_retry(*settings, report.failure, report.notes);
        if (!read) {
            return read.error();
        }
        retry = std::move(*read);
    }
    report.attempt = retry.attempt;
    report.model = core::model_for_attempt(model_policy(*settings), retry.attempt);

    auto workspace = agent::Workspace::open(*repo, workspace_options(*settings));
    if (!workspace) {
        return workspace.error();
    }
    const agent::FixContext context =
        make_fix_context(report.failure, *settings, retry.attempt, std::move(retry.previous));
    const agent::FixSessionConfig config = make_session_config(
        *settings, report.model, [&](std::string_view text) { return secrets.redact(text); });
    if (const std::size_t cap = config.context.max_excerpt_chars; report.failure.excerpt.size() > cap) {
        report.notes.push_back("the first message keeps only the last " + with_thousands(cap) +
                               " characters of the " + with_thousands(report.failure.excerpt.size()) +
                               "-character excerpt (the fix prompt's cap): the model sees ~" +
                               with_thousands(cap / logs::bytes_per_token) + " tokens of it");
    }
    auto request = agent::first_request(*workspace, *prompts, context, config);
    if (!request) {
        return core::with_context(request.error(), "rendering the first request");
    }
    auto body = adapters::encode_message_request(*request);
    if (!body) {
        return body.error();
    }
    request->tools.clear();
    const auto without_tools = adapters::encode_message_request(*request);
    report.request_body = std::move(*body);
    report.request_tokens = logs::estimate_tokens(report.request_body);
    report.system_tokens = logs::estimate_tokens(request->system);
    report.message_tokens = request->messages.empty() || request->messages[0].content.empty()
                                ? 0
                                : logs::estimate_tokens(request->messages[0].content[0].text);
    if (without_tools && without_tools->size() < report.request_body.size()) {
        report.tool_tokens =
            logs::estimate_tokens(std::string_view(report.request_body)
                                      .substr(0, report.request_body.size() - without_tools->size()));
    }
    return report;
}

std::string format_context_json(const ContextReport& report) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const logs::FileReference& file : report.failure.files) {
        files.push_back(
            {{"path", file.path}, {"line", file.line}, {"score", file.score}, {"reason", file.reason}});
    }
    const nlohmann::ordered_json object = {
        {"excerpt", report.failure.excerpt},
        {"excerpt_tokens", report.failure.excerpt_tokens},
        {"files", std::move(files)},
        {"redactions", report.failure.redactions},
        {"request_tokens", report.request_tokens},
        {"budget", report.budget},
    };
    return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string format_context_human(const ContextReport& report) {
    const logs::FailureContext& failure = report.failure;
    std::ostringstream out;
    out << "autofix context: " << report.log << " (" << with_thousands(failure.stats.bytes_in) << " bytes, "
        << with_thousands(failure.stats.lines_in) << " lines) in " << report.repo << '\n';
    if (!failure.failed_step.empty()) {
        out << "failed step: " << failure.failed_step << '\n';
    }
    for (const std::string& note : report.notes) {
        out << "note: " << note << '\n';
    }
    out << "\n== excerpt: " << with_thousands(failure.excerpt_tokens) << " of "
        << with_thousands(report.budget) << " tokens, "
        << (failure.whole ? "the whole log" : "cut to the budget") << ", "
        << with_thousands(failure.stats.lines_kept) << " lines ==\n"
        << failure.excerpt << (failure.excerpt.ends_with('\n') ? "" : "\n");

    out << "\n== files the log names or the repository suggests, best first (" << failure.files.size()
        << ") ==\n";
    if (failure.files.empty()) {
        out << "(none found in the repository)\n";
    }
    for (std::size_t index = 0; index < failure.files.size(); ++index) {
        const logs::FileReference& file = failure.files[index];
        out << index + 1 << ". " << file.path;
        if (file.line > 0) {
            out << ':' << file.line;
        }
        out << "  (score " << file.score << ")\n   " << (file.inferred ? "why: " : "named by: ")
            << file.reason << '\n';
    }

    out << "\n== redactions: " << failure.redactions << " ==\n";
    const double share = report.budget == 0 ? 0.0
                                            : 100.0 * static_cast<double>(report.request_tokens) /
                                                  static_cast<double>(report.budget);
    out << "\n== first request: ~" << with_thousands(report.request_tokens) << " tokens (attempt "
        << report.attempt << ", " << report.model << ") ==\n"
        << "system prompt ~" << with_thousands(report.system_tokens) << ", first message ~"
        << with_thousands(report.message_tokens) << ", tool definitions ~"
        << with_thousands(report.tool_tokens) << " (the rest is JSON framing)\n"
        << "against the budget of " << with_thousands(report.budget)
        << " tokens: " << static_cast<long>(share + 0.5)
        << "% (the excerpt is held to the budget; the prompt, the file tree "
        << "and the referenced files come on top)\n";
    return out.str();
}

int run_context_command(std::span<const std::string> arguments, std::ostream& out, std::ostream& err) {
    for (const std::string& argument : arguments) {
        if (argument == "--help" || argument == "-h") {
            out << usage;
            return exit_ok;
        }
    }
    const auto options = parse_context_arguments(arguments);
    if (!options) {
        err << "autofix context: " << options.error().message << '\n';
        return exit_bad_input;
    }
    const auto report = build_context_report(*options);
    if (!report) {
        err << "autofix context: " << report.error().message << '\n';
        const core::ErrorKind kind = report.error().kind;
        return kind == core::ErrorKind::invalid_input || kind == core::ErrorKind::config ? exit_bad_input
                                                                                         : exit_failed;
    }
    switch (options->format) {
    case ContextFormat::json:
        out << format_context_json(*report);
        break;
    case ContextFormat::request:
        out << report->request_body << '\n';
        break;
    case ContextFormat::human:
        out << format_context_human(*report);
        break;
    }
    out.flush();
    return exit_ok;
}

} // namespace autofix::app
