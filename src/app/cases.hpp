#pragma once

#include "action/environment.hpp"
#include "action/settings.hpp"
#include "app/outcome.hpp"
#include "app/secrets.hpp"
#include "core/comment_commands.hpp"
#include "core/route.hpp"

#include <ostream>
#include <string>

namespace autofix::app {

/// Runs cases 1, 2, 3 and 5 after triage: builds the adapters, collects the facts the case needs, decides
/// and acts. Never throws; failures come back in Outcome::error.
Outcome execute_case(const core::Triage& triage, const action::Settings& settings,
                     const action::Environment& environment, SecretFilter& secrets, std::ostream& out);

/// Runs the `/autofix` command of the comment in settings.run.comment after it passed screening: builds the
/// adapters, checks the commenter's permission and acts (app/comment_command.hpp). `triage` holds the route
/// reported when setting up fails. Never throws; failures come back in Outcome::error.
Outcome execute_command(const core::Triage& triage, const core::CommentCommand& command,
                        const action::Settings& settings, const action::Environment& environment,
                        SecretFilter& secrets, std::ostream& out);

/// Uploads the result file as the `agent-result` artifact when the Actions runtime variables are present;
/// prints a notice when they are absent and a warning when the upload fails (the run's status is kept).
void upload_result_artifact(const std::string& result_file, const action::Environment& environment,
                            std::ostream& out);

} // namespace autofix::app
