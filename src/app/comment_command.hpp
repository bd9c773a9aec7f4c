#pragma once

#include "action/settings.hpp"
#include "app/collaborators.hpp"
#include "app/outcome.hpp"
#include "core/comment_commands.hpp"

#include <optional>
#include <ostream>

namespace autofix::app {

// A run started by a comment (`issue_comment`, `pull_request_review_comment`) answers its `/autofix`
// command: retry (one more attempt with the commenter's guidance), stop (recorded on the fix branch as an
// empty agent commit that every later run reads with the attempts), explain (a reply from what the commits
// record; no model call). Only write access or above may command; anyone else gets one polite reply.

/// Screens a comment run before any network call: returns the finished outcome (command_ignored) for an
/// edited or deleted comment, a bot's comment, or one without a command; otherwise nullopt, with the command
/// to run in `command` (core::winning_command of the comment).
std::optional<Outcome> screen_comment(const action::Settings& settings, core::CommentCommand& command,
                                      std::ostream& out);

/// Runs `command` of the comment in with.settings.run.comment: checks the commenter's permission, finds the
/// fix branch the comment is about, acts, and replies on the issue or pull request. Never throws; failures
/// come back in Outcome::error.
Outcome run_comment_command(Collaborators& with, const core::CommentCommand& command);

} // namespace autofix::app
