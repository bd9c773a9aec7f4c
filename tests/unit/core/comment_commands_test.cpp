// Checks the `/autofix` comment parser with literal comments (spacing, case, quotes and code that must not
// trigger, several commands), the bot and permission rules, and which fix branch a comment is about.
#include "core/comment_commands.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

std::optional<CommentCommand> winner(std::string_view body) {
    return winning_command(parse_comment_commands(body));
}

TEST(CommentCommands, RetryTakesTheRestOfTheLineAsGuidance) {
    const auto command = winner("/autofix retry the test expects UTC, not local time");
    ASSERT_TRUE(command);
    EXPECT_EQ(command->kind, CommandKind::retry);
    EXPECT_EQ(command->guidance, "the test expects UTC, not local time");
}

TEST(CommentCommands, GuidanceGoesOnOverLaterLinesUntilTheNextCommand) {
    const auto commands =
        parse_comment_commands("Thanks!\n/autofix retry\nLook at `parse_date`.\n\n"
                               "```cpp\n/autofix stop\n```\nkeep the API\n/autofix explain");
    ASSERT_EQ(commands.size(), 2u);
    EXPECT_EQ(commands[0].kind, CommandKind::retry);
    EXPECT_EQ(commands[0].guidance, "Look at `parse_date`.\n\n```cpp\n/autofix stop\n```\nkeep the API");
    EXPECT_EQ(commands[1].kind, CommandKind::explain);
}

TEST(CommentCommands, OddSpacingAndCaseStillCount) {
    for (const char* body : {"   /autofix    stop", "/AutoFix STOP", "/autofix\tstop now please",
                             "\r\n/autofix stop\r\n", "Hello\n  /AUTOFIX Stop"}) {
        const auto command = winner(body);
        ASSERT_TRUE(command) << body;
        EXPECT_EQ(command->kind, CommandKind::stop) << body;
    }
    const auto retry = winner("/autofix   RETRY    use  the helper  \r\n");
    ASSERT_TRUE(retry);
    EXPECT_EQ(retry->kind, CommandKind::retry);
    EXPECT_EQ(retry->guidance, "use  the helper");
}

TEST(CommentCommands, QuotedCommandsDoNotTrigger) {
    for (const char* body : {
             "```\n/autofix stop\n```",                             // fenced code
             "~~~~text\n/autofix retry x\n~~~\n/autofix? no\n~~~~", // a tilde fence closed only by its length
             "> /autofix stop",                                     // a quote of someone's comment
             "  > /autofix retry please",                           // an indented quote
             "Type `/autofix stop` to stop it.",                    // inline code mid-sentence
             "`/autofix stop`",                                     // inline code at the start of the line
             "    /autofix stop",                                   // indented code
             "\t/autofix stop",                                     // indented code with a tab
             "please /autofix stop",                                // not at the start of the line
             "/autofixes stop",                                     // another word
             "/autofix-stop",                                       // another word
             "",
         }) {
        EXPECT_TRUE(parse_comment_commands(body).empty()) << body;
    }
}

TEST(CommentCommands, PunctuationAfterTheSubcommandIsDropped) {
    for (const char* body :
         {"/autofix stop.", "/autofix stop!", "/autofix Stop?!", "/autofix stop, please"}) {
        const auto command = winner(body);
        ASSERT_TRUE(command) << body;
        EXPECT_EQ(command->kind, CommandKind::stop) << body;
        EXPECT_EQ(command->word, "stop") << body;
    }
    for (const char* body :
         {"/autofix retry: pin numpy", "/autofix retry, pin numpy", "/autofix retry; pin numpy"}) {
        const auto command = winner(body);
        ASSERT_TRUE(command) << body;
        EXPECT_EQ(command->kind, CommandKind::retry) << body;
        EXPECT_EQ(command->guidance, "pin numpy") << body;
    }
    const auto unknown = winner("/autofix retyr.");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->kind, CommandKind::unknown);
    EXPECT_EQ(unknown->word, "retyr");
}

TEST(CommentCommands, ANonBreakingSpaceIsASpace) {
    const auto retry = winner("/autofix\xC2\xA0retry\xC2\xA0pin numpy");
    ASSERT_TRUE(retry);
    EXPECT_EQ(retry->kind, CommandKind::retry);
    EXPECT_EQ(retry->guidance, "pin numpy");
    const auto indented = winner("\xC2\xA0/autofix stop");
    ASSERT_TRUE(indented);
    EXPECT_EQ(indented->kind, CommandKind::stop);
}

// GitHub renders a list item's text and bold text as the person typed them: a command they can read.
TEST(CommentCommands, ListItemsAndBoldAreCommands) {
    for (const char* body :
         {"- /autofix stop", "* /autofix stop", "+ /autofix stop", "1. /autofix stop", "2) /autofix stop",
          "**/autofix stop**", "__/autofix stop__", "- **/autofix stop**", "Please:\n\n- /autofix stop"}) {
        const auto command = winner(body);
        ASSERT_TRUE(command) << body;
        EXPECT_EQ(command->kind, CommandKind::stop) << body;
    }
    const auto bold_retry = winner("**/autofix retry pin numpy**");
    ASSERT_TRUE(bold_retry);
    EXPECT_EQ(bold_retry->guidance, "pin numpy");
    for (const char* body : {"-/autofix stop", "*/autofix stop*", "- `/autofix stop`", "> - /autofix stop"}) {
        EXPECT_TRUE(parse_comment_commands(body).empty()) << body;
    }
}

// CommonMark's lazy continuation: a paragraph line right after a quote line belongs to the quote.
TEST(CommentCommands, ALineRightAfterAQuoteIsInTheQuote) {
    for (const char* body : {"> earlier\n/autofix stop", "> earlier\nmore of it\n/autofix stop",
                             "> a\n>\n> b\n/autofix retry x"}) {
        EXPECT_TRUE(parse_comment_commands(body).empty()) << body;
    }
    for (const char* body : {"> earlier\n\n/autofix stop", "> earlier\n- /autofix stop"}) {
        const auto command = winner(body);
        ASSERT_TRUE(command) << body;
        EXPECT_EQ(command->kind, CommandKind::stop) << body;
    }
}

TEST(CommentCommands, HtmlCommentsAreInvisible) {
    for (const char* body :
         {"<!--\n/autofix stop\n-->", "<!-- /autofix stop -->", "Hi <!-- draft:\n/autofix stop\n-->",
          "<!--\n\n/autofix stop\n\nstill hidden -->"}) {
        EXPECT_TRUE(parse_comment_commands(body).empty()) << body;
    }
    const auto after = winner("<!--\n/autofix stop\n-->\n/autofix explain");
    ASSERT_TRUE(after);
    EXPECT_EQ(after->kind, CommandKind::explain);
    const auto in_code = winner("```\n<!--\n```\n/autofix explain");
    ASSERT_TRUE(in_code);
    EXPECT_EQ(in_code->kind, CommandKind::explain);
}

TEST(CommentCommands, AnUnclosedFenceQuotesTheRestOfTheComment) {
    EXPECT_TRUE(parse_comment_commands("```\n/autofix stop\n").empty());
    const auto after = parse_comment_commands("```\nx\n```\n/autofix explain");
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].kind, CommandKind::explain);
}

TEST(CommentCommands, StopWinsOverEveryOtherCommand) {
    const auto command = winner("/autofix retry try again\n/autofix explain\n/autofix stop");
    ASSERT_TRUE(command);
    EXPECT_EQ(command->kind, CommandKind::stop);
}

TEST(CommentCommands, OtherwiseTheFirstKnownCommandWins) {
    const auto command = winner("/autofix frobnicate\n/autofix explain\n/autofix retry x");
    ASSERT_TRUE(command);
    EXPECT_EQ(command->kind, CommandKind::explain);
}

TEST(CommentCommands, UnknownSubcommandsGetAHelpfulReply) {
    const auto command = winner("/autofix please-fix-it");
    ASSERT_TRUE(command);
    EXPECT_EQ(command->kind, CommandKind::unknown);
    EXPECT_EQ(command->word, "please-fix-it");
    const std::string reply = unknown_command_reply(*command);
    EXPECT_NE(reply.find("`/autofix please-fix-it` is not a command"), std::string::npos);
    EXPECT_NE(reply.find("/autofix retry <guidance>"), std::string::npos);
    EXPECT_NE(reply.find("/autofix stop"), std::string::npos);
    EXPECT_NE(reply.find("/autofix explain"), std::string::npos);
    // Whoever fixes the typo by editing gets no answer: the reply says to post a new comment instead.
    EXPECT_NE(reply.find("Edited comments are not read: post a new comment"), std::string::npos);

    const auto bare = winner("/autofix");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->kind, CommandKind::unknown);
    EXPECT_NE(unknown_command_reply(*bare).find("needs a command"), std::string::npos);
    // The reply quotes commands without holding one: posted with a personal token, it starts nothing.
    EXPECT_TRUE(parse_comment_commands(reply).empty()) << reply;
    // A backtick in the word cannot break out of the reply's inline code.
    EXPECT_EQ(unknown_command_reply({CommandKind::unknown, "a`b", ""}).find("a`b"), std::string::npos);
}

TEST(CommentCommands, NoCommandNoWinner) {
    EXPECT_FALSE(winner("LGTM, thanks for the fix"));
}

TEST(CommentCommands, BotsAreRecognisedByTypeOrLogin) {
    EXPECT_TRUE(is_bot_author("renovate", "Bot"));
    EXPECT_TRUE(is_bot_author("github-actions[bot]", "User"));
    EXPECT_TRUE(is_bot_author("my-app[bot]", ""));
    EXPECT_FALSE(is_bot_author("ada", "User"));
    EXPECT_FALSE(is_bot_author("botanist", "User"));
}

TEST(CommentCommands, OnlyWriteOrAboveMayCommand) {
    EXPECT_TRUE(may_command("admin", "admin"));
    EXPECT_TRUE(may_command("write", "maintain"));
    EXPECT_TRUE(may_command("write", "write"));
    EXPECT_FALSE(may_command("read", "triage"));
    EXPECT_FALSE(may_command("read", "read"));
    EXPECT_FALSE(may_command("none", ""));
    EXPECT_FALSE(may_command("", ""));
    EXPECT_TRUE(may_command("write", "release-manager")); // a custom role based on write
    EXPECT_FALSE(may_command("read", "auditor"));
    EXPECT_FALSE(may_command("admin", "read")); // the role decides when it is a built-in one
}

CommentEvent event_with(std::vector<std::string> labels, bool on_pull_request) {
    CommentEvent event;
    event.number = 7;
    event.on_pull_request = on_pull_request;
    event.labels = std::move(labels);
    return event;
}

TEST(CommentCommands, TheFixPullRequestsBranchNamesTheFix) {
    const auto target =
        command_target(event_with({"autonomous-fix-9-attempt-2"}, true), "autonomous-fix-123");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->fix_id, "123");
    EXPECT_EQ(target->fix_branch, "autonomous-fix-123");
}

TEST(CommentCommands, TheEscalationIssuesLabelNamesTheFix) {
    const auto target = command_target(
        event_with({"needs-human", "autonomous-fix-55-escalation", "autonomous-agent"}, false), "");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->fix_branch, "autonomous-fix-55");
    EXPECT_NE(target->found_by.find("escalation"), std::string::npos);
}

TEST(CommentCommands, AFixLabelNamesTheFixWhenTheBranchIsUnknown) {
    const auto target = command_target(
        event_with({"autonomous-fix-55-attempt-1", "attempt-count-1", "autonomous-fix-55"}, true), "");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->fix_branch, "autonomous-fix-55");
}

TEST(CommentCommands, AnUnrelatedIssueOrPullRequestNamesNoFix) {
    EXPECT_FALSE(command_target(event_with({"bug"}, false), ""));
    EXPECT_FALSE(command_target(event_with({"autonomous-fix-55-attempt-1"}, false), ""));
    EXPECT_FALSE(command_target(event_with({}, true), "feature/login"));
    EXPECT_FALSE(command_target(event_with({"autonomous-fix-55"}, true), "feature/login"));
}

} // namespace
} // namespace autofix::core
