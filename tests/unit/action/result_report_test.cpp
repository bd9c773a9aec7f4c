// Checks the outputs derived from a result record, as written to GITHUB_OUTPUT, and the step summary report.
#include "action/result_report.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

namespace autofix::action {
namespace {

ResultRecord committed() {
    ResultRecord record;
    record.case_number = 2;
    record.action_taken = "committed";
    record.branch = "autonomous-fix-42";
    record.fix_branch = "autonomous-fix-42";
    record.attempt = 3;
    record.model = "claude-sonnet-4-5";
    record.commit_sha = "abc123";
    record.files_changed = {"src/a|b.py"};
    record.usage = {1000, 200, 0.01234};
    record.duration_ms = 1500;
    return record;
}

TEST(ResultOutputs, WrittenAndReadBack) {
    testing::TempDir dir;
    const OutputFile outputs(dir.file("output"));
    ASSERT_TRUE(write_outputs(outputs, committed(), "agent-result.json"));
    const auto parsed = parse_output_file(testing::read_text(dir.file("output")));
    ASSERT_TRUE(parsed) << parsed.error().message;
    const std::map<std::string, std::string> expected{
        {"case", "2"},
        {"action-taken", "committed"},
        {"fix-branch", "autonomous-fix-42"},
        {"attempt", "3"},
        {"model", "claude-sonnet-4-5"},
        {"commit-sha", "abc123"},
        {"pr-url", ""},
        {"issue-url", ""},
        {"result-file", "agent-result.json"},
        {"input-tokens", "1000"},
        {"output-tokens", "200"},
        {"cost-usd", "0.0123"},
        {"failure-class", ""},
    };
    EXPECT_EQ(*parsed, expected);
}

TEST(ResultOutputs, CaseFourHasEmptyValues) {
    ResultRecord record;
    record.case_number = 4;
    record.action_taken = "none";
    const auto values = output_values(record, "r.json");
    ASSERT_EQ(values.size(), 13u);
    EXPECT_EQ(values[0], (std::pair<std::string, std::string>{"case", "4"}));
    EXPECT_EQ(values[3], (std::pair<std::string, std::string>{"attempt", ""}));
    EXPECT_EQ(values[11], (std::pair<std::string, std::string>{"cost-usd", "0.0000"}));
}

TEST(ResultSummary, TableOfWhatWasDone) {
    const std::string markdown = result_summary_markdown(committed());
    EXPECT_EQ(markdown.rfind("## Autofix: case 2, another attempt\n\n", 0), 0u) << markdown;
    EXPECT_NE(markdown.find("| Action taken | committed |"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("| Attempt | 3 |"), std::string::npos);
    EXPECT_NE(markdown.find("| Tokens (in / out) | 1000 / 200 |"), std::string::npos);
    EXPECT_NE(markdown.find("- `src/a|b.py`"), std::string::npos);
    EXPECT_EQ(markdown.find("Pull request"), std::string::npos);
    EXPECT_EQ(markdown.find("### Error"), std::string::npos);
}

TEST(ResultOutputs, TheFailureClassComesFromTheTriage) {
    ResultRecord record = committed();
    record.triage =
        ResultTriage{"flaky", "flaky: jest retried a failing test", "RETRY 1", "dispatch_workflow"};
    const auto values = output_values(record, "r.json");
    EXPECT_EQ(values.back(), (std::pair<std::string, std::string>{"failure-class", "flaky"}));
}

TEST(ResultSummary, TheTriageDecisionAndReasonAreShown) {
    ResultRecord record = committed();
    record.triage = ResultTriage{"infrastructure", "infrastructure: the disk is full", "No space | left",
                                 "rerun_failed_jobs"};
    const std::string markdown = result_summary_markdown(record);
    EXPECT_NE(markdown.find("### Triage"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("| Failure class | infrastructure |"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("| Decision | rerun_failed_jobs |"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("| Reason | infrastructure: the disk is full |"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("No space \\| left"), std::string::npos) << markdown;
    EXPECT_EQ(result_summary_markdown(committed()).find("### Triage"), std::string::npos);
}

TEST(ResultSummary, ErrorIsShown) {
    ResultRecord record;
    record.status = ResultStatus::error;
    record.error = core::Error{core::ErrorKind::auth, "creating PR: 401 | bad credentials"};
    const std::string markdown = result_summary_markdown(record);
    EXPECT_NE(markdown.find("## Autofix: no case decided"), std::string::npos);
    EXPECT_NE(markdown.find("| Status | error |"), std::string::npos);
    EXPECT_NE(markdown.find("**auth**\n\n```\ncreating PR: 401 | bad credentials\n```"), std::string::npos)
        << markdown;
}

TEST(ResultSummary, ARunThatAnsweredACommentSaysSo) {
    ResultRecord record = committed();
    record.case_number = 4;
    record.action_taken = "command_explained";
    const std::string markdown = result_summary_markdown(record);
    EXPECT_NE(markdown.find("## Autofix: answering an /autofix comment (command_explained)"),
              std::string::npos)
        << markdown;
    EXPECT_EQ(markdown.find("nothing to do"), std::string::npos) << markdown;
}

} // namespace
} // namespace autofix::action
