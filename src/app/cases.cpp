#include "app/cases.hpp"

#include "action/artifact_upload.hpp"
#include "action/workflow_commands.hpp"
#include "adapters/github_client.hpp"
#include "adapters/libgit2_repository.hpp"
#include "adapters/poco_http_transport.hpp"
#include "adapters/process_command_runner.hpp"
#include "adapters/system_clock.hpp"
#include "adapters/tls_trust.hpp"
#include "app/collaborators.hpp"
#include "app/comment_command.hpp"
#include "app/failure_log.hpp"
#include "app/fix_attempt.hpp"
#include "app/guards.hpp"
#include "app/model_client_factory.hpp"
#include "app/progress_comment.hpp"
#include "app/prompt_loading.hpp"
#include "app/pull_request.hpp"
#include "app/test_command.hpp"
#include "app/version.hpp"

#include <filesystem>
#include <functional>
#include <optional>

namespace autofix::app {
namespace {

// Whether a run honours the pause switch before acting.
enum class Pause { honour, ignore };

Outcome failed(const core::Triage& triage, core::Error error) {
    Outcome outcome;
    outcome.route = triage.route;
    outcome.route_decided = true;
    outcome.error = std::move(error);
    return outcome;
}

// Makes libgit2 and Poco trust the same certificates: the system bundle or SSL_CERT_FILE, with SSL_CERT_DIR
// and the ca-bundle input added; runner paths of workspace files are found in the container's mount. Fails
// (invalid_input) for a ca-bundle path that does not exist or a source that holds no certificate.
core::Status trust_ca_certificates(const action::Settings& settings) {
    const action::RunnerPaths paths = action::runner_paths(settings.github);
    std::string extra;
    if (!settings.ca_bundle.empty()) {
        const action::ResolvedPath resolved = action::resolve_input_path(settings.ca_bundle, paths);
        std::error_code error;
        if (!std::filesystem::exists(resolved.path, error)) {
            return core::make_error(
                core::ErrorKind::invalid_input,
                action::missing_path_message("ca-bundle", settings.ca_bundle, resolved, paths));
        }
        extra = resolved.path;
    }
    adapters::TlsTrustSources sources = adapters::tls_trust_sources_from_environment(extra);
    // SSL_CERT_FILE=${{ github.workspace }}/ca.pem names the runner's path: the file is in the mount.
    for (std::string* path : {&sources.cert_file, &sources.cert_dir}) {
        if (!path->empty() && path->front() == '/') {
            *path = action::resolve_input_path(*path, paths).path;
        }
    }
    std::error_code error;
    const auto bundle =
        adapters::prepare_ca_bundle(sources, std::filesystem::temp_directory_path(error).string());
    if (!bundle) {
        return bundle.error();
    }
    return adapters::install_ca_bundle(*bundle);
}

// Whether the run builds its model client up front (the cases) or only when a path calls a model (comment
// commands: stop, explain, replies and refusals need no model key or model configuration).
enum class Model { up_front, on_demand };

// What a model call needs besides the client: the prompts and the price table.
struct ModelConfig {
    agent::PromptSet prompts;
    agent::PriceTable prices;
};

// Loads the prompts and the prices (with the model-prices overrides); fails (config) when a fix model has no
// price, since max-cost-usd could not count what it spends.
core::Expected<ModelConfig> load_model_config(const action::Settings& settings) {
    auto prompts = load_prompts(settings);
    if (!prompts) {
        return prompts.error();
    }
    agent::PriceTable prices = agent::PriceTable::defaults();
    if (const core::Status overridden = prices.apply_overrides(settings.model_prices); !overridden) {
        return core::with_context(overridden.error(), "the model-prices setting");
    }
    // max-cost-usd is a promise: a fix model the table cannot price would count as $0 against it.
    for (const std::string* fix_model : {&settings.model, &settings.strong_model}) {
        if (!fix_model->empty() && !prices.find(*fix_model)) {
            return core::make_error(
                core::ErrorKind::config,
                "the model " + *fix_model +
                    " has no price, so max-cost-usd cannot count what it spends: give its "
                    "prices (US dollars per million tokens) in model-prices");
        }
    }
    return ModelConfig{std::move(*prompts), std::move(prices)};
}

// The model of a run set up without one: every call fails (no path of such a run should make one).
class NoModel final : public ports::ModelClient {
public:
    core::Expected<ports::MessageResponse> create_message(const ports::MessageRequest&) override {
        return core::make_error(core::ErrorKind::internal,
                                "this run was set up without a model, yet a model call was made");
    }
};

// Sets up the model on demand for a run that started without one: credentials, prompts, prices, client;
// then `act` with `with`'s ports and those.
core::Expected<Outcome> set_up_model(Collaborators& with, ports::HttpTransport& transport,
                                     const std::function<Outcome(Collaborators&)>& act) {
    if (const core::Status credentials = action::require_model_credentials(with.settings); !credentials) {
        return credentials.error();
    }
    auto config = load_model_config(with.settings);
    if (!config) {
        return config.error();
    }
    auto model = make_model_client(with.settings, transport, with.clock);
    if (!model) {
        return model.error();
    }
    Collaborators armed{with.settings,  with.environment, with.secrets, with.out,
                        with.git,       with.forge,       **model,      config->prompts,
                        config->prices, with.commands,    with.clock,   with.request};
    return act(armed);
}

// Builds the adapters of a run (prompts, prices, git, GitHub, model) and calls `act` with them. The pause
// switch is honoured first when `pause` says so; with Model::on_demand the model, its prompts and prices are
// set up only when a path asks for them (Collaborators::model_setup). Never throws; failures come back in
// Outcome::error.
Outcome with_collaborators(const core::Triage& triage, const action::Settings& settings,
                           const action::Environment& environment, SecretFilter& secrets, std::ostream& out,
                           ports::CommandRunner& commands, Pause pause, Model when,
                           const std::function<Outcome(Collaborators&)>& act) {
    std::optional<ModelConfig> config;
    if (when == Model::up_front) {
        auto loaded = load_model_config(settings);
        if (!loaded) {
            return failed(triage, loaded.error());
        }
        config = std::move(*loaded);
    }

    adapters::RemoteSpec remote{settings.github.server_url + "/" + settings.github.repository + ".git",
                                settings.github_token};
    auto git = adapters::Libgit2Repository::open(settings.github.workspace, std::move(remote));
    if (!git) {
        return failed(triage, git.error());
    }
    adapters::PocoHttpTransport transport;
    adapters::SystemClock clock;
    adapters::GitHubClient forge({settings.github.api_url, settings.github.repository, settings.github_token,
                                  std::string("autofix-action/") + version},
                                 transport, clock);
    // The pause switch is honoured before anything is fetched, made or asked of the model.
    if (pause == Pause::honour) {
        const auto paused = pause_guard(forge);
        if (!paused) {
            return failed(triage, paused.error());
        }
        if (*paused) {
            return stopped_by(triage.route, **paused, out);
        }
    }

    if (when == Model::on_demand) {
        NoModel none;
        const ModelConfig unused{agent::PromptSet(), agent::PriceTable::defaults()};
        const ModelSetup setup = [&](Collaborators& with,
                                     const std::function<Outcome(Collaborators&)>& then) {
            return set_up_model(with, transport, then);
        };
        Collaborators with{settings,       environment,   secrets,  out,   **git,   forge, none,
                           unused.prompts, unused.prices, commands, clock, nullptr, &setup};
        return act(with);
    }
    auto model = make_model_client(settings, transport, clock);
    if (!model) {
        return failed(triage, model.error());
    }

    Collaborators with{settings, environment,     secrets,        out,      **git, forge,
                       **model,  config->prompts, config->prices, commands, clock};
    return act(with);
}

} // namespace

Outcome execute_case(const core::Triage& triage, const action::Settings& settings,
                     const action::Environment& environment, SecretFilter& secrets, std::ostream& out) {
    // Bad input stops the run before any network call, branch or commit.
    if (triage.next == core::Triage::Next::first_failure ||
        triage.next == core::Triage::Next::fix_branch_failed) {
        if (const core::Status log = check_failure_log(settings); !log) {
            return failed(triage, log.error());
        }
    }
    if (const core::Status trusted = trust_ca_certificates(settings); !trusted) {
        return failed(triage, trusted.error());
    }
    adapters::ProcessCommandRunner commands;
    if (!settings.test_command.empty() && (triage.next == core::Triage::Next::first_failure ||
                                           triage.next == core::Triage::Next::fix_branch_failed)) {
        const TestCommand tests(settings, environment, secrets, commands);
        if (const core::Status startable = tests.check_startable(); !startable) {
            return failed(triage, startable.error());
        }
    }
    return with_collaborators(triage, settings, environment, secrets, out, commands, Pause::honour,
                              Model::up_front, [&](Collaborators& with) {
                                  Outcome outcome;
                                  switch (triage.next) {
                                  case core::Triage::Next::first_failure:
                                      outcome = start_fix(with, triage);
                                      break;
                                  case core::Triage::Next::fix_branch_failed:
                                      outcome = retry_fix(with, triage);
                                      break;
                                  case core::Triage::Next::fix_branch_passed:
                                      outcome = open_pull_request(with, triage);
                                      break;
                                  case core::Triage::Next::done:
                                      outcome.route = triage.route;
                                      outcome.route_decided = true;
                                      break;
                                  }
                                  // On the pull request whose build failed, if there is one.
                                  update_progress_comment(with, outcome);
                                  return outcome;
                              });
}

Outcome execute_command(const core::Triage& triage, const core::CommentCommand& command,
                        const action::Settings& settings, const action::Environment& environment,
                        SecretFilter& secrets, std::ostream& out) {
    if (const core::Status trusted = trust_ca_certificates(settings); !trusted) {
        return failed(triage, trusted.error());
    }
    adapters::ProcessCommandRunner commands;
    // Only a retry asks the model: the pause switch holds it back; stop and explain still answer.
    const Pause pause = command.kind == core::CommandKind::retry ? Pause::honour : Pause::ignore;
    // Only a retry calls the model: stop, explain, replies and refusals need no model key or configuration.
    return with_collaborators(triage, settings, environment, secrets, out, commands, pause, Model::on_demand,
                              [&](Collaborators& with) {
                                  Outcome outcome = run_comment_command(with, command);
                                  update_progress_comment(with, outcome); // a retry's attempt, if any
                                  return outcome;
                              });
}

void upload_result_artifact(const std::string& result_file, const action::Environment& environment,
                            std::ostream& out) {
    const auto settings =
        action::artifact_settings_from([&](const std::string& name) { return environment.get(name); });
    if (!action::artifact_upload_available(settings)) {
        action::notice(out,
                       "the result artifact is not uploaded: ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is "
                       "not set (not running inside GitHub Actions)");
        return;
    }
    adapters::PocoHttpTransport transport;
    adapters::SystemClock clock;
    const auto uploaded = action::upload_artifact("agent-result", result_file, settings, transport, clock);
    if (!uploaded) {
        action::warning(out, "uploading the agent-result artifact failed: " + uploaded.error().message);
        return;
    }
    out << "uploaded artifact agent-result (" << uploaded->size << " bytes, sha256 " << uploaded->sha256
        << ")\n";
}

} // namespace autofix::app
