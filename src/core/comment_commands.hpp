#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::core {

// `/autofix` commands in issue and pull request comments: the pure parser, the bot rule, the permission rule
// and which fix branch a comment is about. The action layer reads the payload, the app acts.

/// What a `/autofix` line asks for.
enum class CommandKind {
    retry,   // `/autofix retry <guidance>`: one more attempt with the guidance in the prompt
    stop,    // `/autofix stop`: no further attempts on the fix branch
    explain, // `/autofix explain`: a reply saying what the last attempt saw, changed and why it failed
    unknown, // `/autofix` alone or with a word that is none of the above: a reply listing the commands
};

/// Returns the stable name of `kind` (`retry`, `stop`, `explain`, `unknown`).
const char* to_string(CommandKind kind);

/// One `/autofix` line of a comment.
struct CommentCommand {
    CommandKind kind = CommandKind::unknown;
    std::string word;     // the subcommand as written (lower-cased); "" for a bare `/autofix`
    std::string guidance; // retry: the rest of its line and the lines after it up to the next command
};

/// Returns the commands of a comment body, in order, read the way GitHub renders the markdown. A command is
/// a line whose first text (after at most three spaces, and after a list marker `- `, `* `, `+ `, `1. ` or a
/// bold `**`/`__`) is `/autofix` in any case, followed by blanks or the end of the line; the next word names
/// it, with trailing punctuation dropped (`/autofix stop.`, `/autofix retry: pin numpy`). A non-breaking
/// space counts as a space. Lines inside fenced code blocks (``` or ~~~), indented code, block quotes (`>`,
/// and the lines that lazily continue one: a line right after a quote line), HTML comments (`<!-- ... -->`,
/// which GitHub does not show) and anything not at the start of its line (inline code, mid-sentence mentions)
/// are quotes, not commands.
std::vector<CommentCommand> parse_comment_commands(std::string_view body);

/// Returns the command a comment with several of them runs: `stop` anywhere wins (a human who says stop
/// means it); otherwise the first known command; otherwise the first unknown one; nullopt when there is
/// none.
std::optional<CommentCommand> winning_command(const std::vector<CommentCommand>& commands);

/// Returns the reply for a command that is not one: what was not understood and the commands there are.
std::string unknown_command_reply(const CommentCommand& command);

/// Returns true when the comment's author is a bot: the payload's user type `Bot`, or a login ending in
/// `[bot]` (GitHub Apps, including github-actions[bot]).
bool is_bot_author(std::string_view login, std::string_view user_type);

/// Returns true when a repository permission may command the action: write or above. `role_name` (admin,
/// maintain, write, triage, read, or a custom role) decides when it is a built-in role; otherwise the
/// legacy `permission` (admin, write, read, none) does.
bool may_command(std::string_view permission, std::string_view role_name);

/// What an `issue_comment` or `pull_request_review_comment` payload says about the comment.
struct CommentEvent {
    std::string event_name;          // issue_comment or pull_request_review_comment
    std::string action;              // created, edited, deleted
    std::uint64_t comment_id = 0;    // comment.id
    std::string body;                // comment.body
    std::string author_login;        // comment.user.login
    std::string author_type;         // comment.user.type: User, Bot, Organization
    std::string html_url;            // comment.html_url
    std::uint64_t number = 0;        // issue.number or pull_request.number
    bool on_pull_request = false;    // the issue is a pull request (issue.pull_request present)
    std::vector<std::string> labels; // the or pull request's label names
    std::string head_ref;            // pull_request.head.ref: known for review comments only
};

/// The fix branch a comment is about, and how that was found.
struct CommandTarget {
    std::string fix_id;
    std::string fix_branch;
    std::string found_by; // one phrase for humans: "the fix PR's branch", "the escalation issue's label", ...
};

/// Returns the fix a comment is about from what the payload (and, for an issue comment on a pull request,
/// the pull request's head branch `head_ref`) say: a fix branch as the pull request's head; else the
/// escalation label `autonomous-fix-{id}-escalation`; else the fix label `autonomous-fix-{id}` (attempt
/// labels are skipped). Nullopt when none says: the comment is on a pull request of another branch or an
/// unrelated issue.
std::optional<CommandTarget> command_target(const CommentEvent& event, std::string_view head_ref);

} // namespace autofix::core
