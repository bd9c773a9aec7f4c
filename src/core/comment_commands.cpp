#include "core/comment_commands.hpp"

#include "core/fix_branch.hpp"

#include <algorithm>

namespace autofix::core {
namespace {

constexpr std::string_view command_word = "/autofix";
constexpr std::string_view escalation_suffix = "-escalation";
constexpr std::string_view attempt_infix = "-attempt-";

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

bool blank(char c) {
    return c == ' ' || c == '\t';
}

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

// The width of the line's leading blanks, a tab counting four (CommonMark's indentation).
std::size_t indentation(std::string_view line, std::size_t& text_start) {
    std::size_t width = 0;
    text_start = 0;
    while (text_start < line.size() && blank(line[text_start])) {
        width += line[text_start] == '\t' ? 4 : 1;
        ++text_start;
    }
    return width;
}

// A code fence: three or more backticks or tildes.
struct Fence {
    char marker = 0;
    std::size_t length = 0;
};

std::optional<Fence> fence_of(std::string_view text) {
    if (text.empty() || (text.front() != '`' && text.front() != '~')) {
        return std::nullopt;
    }
    const char marker = text.front();
    std::size_t length = 0;
    while (length < text.size() && text[length] == marker) {
        ++length;
    }
    if (length < 3) {
        return std::nullopt;
    }
    return Fence{marker, length};
}

// Returns true when `text` closes `open`: the same marker, at least as long, nothing after but blanks.
bool closes(std::string_view text, const Fence& open) {
    const auto fence = fence_of(text);
    return fence && fence->marker == open.marker && fence->length >= open.length &&
           trimmed(text.substr(fence->length)).empty();
}

// Returns true for the punctuation a person may put right after the subcommand (`/autofix stop.`,
// `/autofix retry: pin numpy`).
bool trailing_punctuation(char c) {
    return c == '.' || c == ',' || c == ':' || c == ';' || c == '!' || c == '?';
}

// Returns `text` without a list item's marker (`- `, `* `, `+ `, `1. `, `1) `): GitHub renders the item's
// text as a line of its own, so a person who typed `- /autofix stop` sees a command.
std::string_view without_list_marker(std::string_view text) {
    std::size_t marker = 0;
    if (!text.empty() && (text.front() == '-' || text.front() == '*' || text.front() == '+')) {
        marker = 1;
    } else {
        while (marker < text.size() && marker < 9 && text[marker] >= '0' && text[marker] <= '9') {
            ++marker;
        }
        if (marker == 0 || marker >= text.size() || (text[marker] != '.' && text[marker] != ')')) {
            return text;
        }
        ++marker;
    }
    if (marker >= text.size() || !blank(text[marker])) {
        return text;
    }
    while (marker < text.size() && blank(text[marker])) {
        ++marker;
    }
    return text.substr(marker);
}

// Returns `text` without a bold marker around it (`**/autofix stop**`, `__/autofix stop__`): rendered bold,
// still the command the person typed.
std::string_view without_bold(std::string_view text) {
    for (const std::string_view marker : {std::string_view("**"), std::string_view("__")}) {
        if (text.starts_with(marker)) {
            text.remove_prefix(marker.size());
            const std::string trailing = trimmed(text);
            if (trailing.ends_with(marker)) {
                text = text.substr(0, text.rfind(marker));
            }
            return text;
        }
    }
    return text;
}

// Returns the command of a line that starts (after its indentation, a list marker or a bold marker) with
// `/autofix`, nullopt otherwise.
std::optional<CommentCommand> command_of(std::string_view text) {
    text = without_bold(without_list_marker(text));
    if (text.size() < command_word.size() || lowered(text.substr(0, command_word.size())) != command_word) {
        return std::nullopt;
    }
    std::string_view rest = text.substr(command_word.size());
    if (!rest.empty() && !blank(rest.front())) {
        return std::nullopt; // `/autofixes`, `/autofix-now`: another word
    }
    while (!rest.empty() && blank(rest.front())) {
        rest.remove_prefix(1);
    }
    std::size_t word_end = 0;
    while (word_end < rest.size() && !blank(rest[word_end])) {
        ++word_end;
    }
    std::string_view word = rest.substr(0, word_end);
    while (!word.empty() && trailing_punctuation(word.back())) {
        word.remove_suffix(1); // `stop.`, `retry:`, `retry,`
    }
    CommentCommand command;
    command.word = lowered(word);
    if (command.word == "retry") {
        command.kind = CommandKind::retry;
        command.guidance = std::string(rest.substr(word_end));
    } else if (command.word == "stop") {
        command.kind = CommandKind::stop;
    } else if (command.word == "explain") {
        command.kind = CommandKind::explain;
    }
    return command;
}

// Returns `line` with every non-breaking space (U+00A0, which some keyboards and editors type) made a space.
std::string with_plain_spaces(std::string_view line) {
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\xC2' && i + 1 < line.size() && line[i + 1] == '\xA0') {
            out += ' ';
            ++i;
        } else {
            out += line[i];
        }
    }
    return out;
}

// Returns the fix id of a label: `autonomous-fix-{id}-escalation` or `autonomous-fix-{id}`; attempt labels
// (`autonomous-fix-{id}-attempt-{k}`) give none.
std::optional<std::string> fix_id_of_label(std::string_view label, bool& escalation) {
    escalation = label.ends_with(escalation_suffix);
    if (escalation) {
        label.remove_suffix(escalation_suffix.size());
    }
    if (label.find(attempt_infix) != std::string_view::npos) {
        return std::nullopt;
    }
    return parse_fix_id(label);
}

} // namespace

const char* to_string(CommandKind kind) {
    switch (kind) {
    case CommandKind::retry:
        return "retry";
    case CommandKind::stop:
        return "stop";
    case CommandKind::explain:
        return "explain";
    case CommandKind::unknown:
        return "unknown";
    }
    return "unknown";
}

std::vector<CommentCommand> parse_comment_commands(std::string_view body) {
    std::vector<CommentCommand> commands;
    std::optional<Fence> fence;
    bool collecting = false;      // the lines after a retry are its guidance, up to the next command
    bool in_quote = false;        // the previous line was part of a `>` quote (lazy continuation follows it)
    bool in_html_comment = false; // inside `<!-- ... -->`, which GitHub does not show
    std::size_t start = 0;
    while (start <= body.size()) {
        const std::size_t end = std::min(body.find('\n', start), body.size());
        const std::string plain = with_plain_spaces(body.substr(start, end - start));
        std::string_view line = plain;
        start = end + 1;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (in_html_comment && !fence) {
            in_html_comment = line.find("-->") == std::string_view::npos;
            continue; // hidden; what follows `-->` on its line is not read either
        }
        if (const auto open = line.find("<!--"); open != std::string_view::npos && !fence &&
                                                 line.find("-->", open + 4) == std::string_view::npos) {
            in_html_comment = true; // the comment runs over the next lines: only the text before it shows
            line = line.substr(0, open);
        }
        std::size_t text_start = 0;
        const std::size_t indent = indentation(line, text_start);
        const std::string_view text = line.substr(text_start);
        std::optional<CommentCommand> command;
        if (fence) {
            if (indent <= 3 && closes(text, *fence)) {
                fence.reset();
            }
        } else if (indent <= 3 && fence_of(text)) {
            fence = fence_of(text);
            in_quote = false;
        } else if (indent <= 3 && text.starts_with('>')) {
            in_quote = true;
        } else if (text.empty()) {
            in_quote = false;
        } else if (indent <= 3) {
            // A line right after a quote line continues the quote (CommonMark's lazy continuation) unless it
            // starts a block of its own, such as a list item.
            const bool list_item = without_list_marker(text).size() != text.size();
            if (!in_quote || list_item) {
                command = command_of(text);
                in_quote = false;
            }
        }
        if (command) {
            collecting = command->kind == CommandKind::retry;
            commands.push_back(std::move(*command));
        } else if (collecting) {
            commands.back().guidance += "\n" + std::string(line);
        }
        if (end == body.size()) {
            break;
        }
    }
    for (CommentCommand& command : commands) {
        command.guidance = trimmed(command.guidance);
    }
    return commands;
}

std::optional<CommentCommand> winning_command(const std::vector<CommentCommand>& commands) {
    const auto is = [](CommandKind kind) {
        return [kind](const CommentCommand& command) {
            return command.kind == kind;
        };
    };
    if (const auto stop = std::find_if(commands.begin(), commands.end(), is(CommandKind::stop));
        stop != commands.end()) {
        return *stop;
    }
    const auto known = std::find_if(commands.begin(), commands.end(), [](const CommentCommand& command) {
        return command.kind != CommandKind::unknown;
    });
    if (known != commands.end()) {
        return *known;
    }
    if (!commands.empty()) {
        return commands.front();
    }
    return std::nullopt;
}

std::string unknown_command_reply(const CommentCommand& command) {
    std::string shown;
    for (const char c : command.word.substr(0, 40)) {
        shown += (c == '`' || static_cast<unsigned char>(c) < 0x20) ? '?' : c;
    }
    std::string reply = shown.empty() ? std::string("`/autofix` needs a command.")
                                      : "`/autofix " + shown + "` is not a command I know.";
    reply += " I understand:\n\n"
             "- `/autofix retry <guidance>`: one more fix attempt on the fix branch, with your guidance in "
             "the prompt\n"
             "- `/autofix stop`: no further attempts on the fix branch\n"
             "- `/autofix explain`: what the last attempt saw, what it changed and why it thinks it failed\n"
             "\nEdited comments are not read: post a new comment with the command.\n";
    return reply;
}

bool is_bot_author(std::string_view login, std::string_view user_type) {
    return user_type == "Bot" || login.ends_with("[bot]");
}

bool may_command(std::string_view permission, std::string_view role_name) {
    if (role_name == "admin" || role_name == "maintain" || role_name == "write") {
        return true;
    }
    if (role_name == "triage" || role_name == "read") {
        return false;
    }
    // A custom role (or none given): the legacy permission maps it onto admin, write, read or none.
    return permission == "admin" || permission == "write";
}

std::optional<CommandTarget> command_target(const CommentEvent& event, std::string_view head_ref) {
    if (const auto id = parse_fix_id(head_ref)) {
        return CommandTarget{*id, fix_branch_name(*id), "the fix pull request's branch"};
    }
    std::optional<CommandTarget> by_fix_label;
    for (const std::string& label : event.labels) {
        bool escalation = false;
        const auto id = fix_id_of_label(label, escalation);
        if (!id) {
            continue;
        }
        if (escalation) {
            return CommandTarget{*id, fix_branch_name(*id), "the escalation issue's label " + label};
        }
        if (!by_fix_label) {
            by_fix_label = CommandTarget{*id, fix_branch_name(*id), "the label " + label};
        }
    }
    if (by_fix_label && (!event.on_pull_request || head_ref.empty())) {
        return by_fix_label; // a fix label on a pull request of another branch names another fix's PR
    }
    return std::nullopt;
}

} // namespace autofix::core
