// Checks the result JSON's schema on disk, nulls for absent values, the error object and the round trip.
#include "action/result_json.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace autofix::action {
namespace {

using testing::read_text;
using testing::TempDir;

ResultRecord full_record() {
    ResultRecord record;
    record.case_number = 1;
    record.action_taken = "committed";
    record.branch = "main";
    record.fix_branch = "autonomous-fix-42";
    record.fix_id = "42";
    record.attempt = 1;
    record.model = "claude-sonnet-4-5";
    record.commit_sha = "0123abcd";
    record.files_changed = {"src/a.py", "src/b.py"};
    record.refused_changes = {{1, "tests/test_a.py", "adds_skip_marker", "adds a marker that skips tests"}};
    record.usage = {1200, 340, 0.0123};
    record.duration_ms = 4567;
    return record;
}

TEST(ResultJson, WritesTheSchema) {
    TempDir dir;
    ASSERT_TRUE(write_result_file(dir.file("agent-result.json"), full_record()));
    const auto json = nlohmann::json::parse(read_text(dir.file("agent-result.json")));
    EXPECT_EQ(json["schema_version"], 1);
    EXPECT_EQ(json["status"], "ok");
    EXPECT_EQ(json["case"], 1);
    EXPECT_EQ(json["action_taken"], "committed");
    EXPECT_EQ(json["fix_branch"], "autonomous-fix-42");
    EXPECT_EQ(json["fix_id"], "42");
    EXPECT_EQ(json["attempt"], 1);
    EXPECT_TRUE(json["pr_url"].is_null());
    EXPECT_TRUE(json["issue_url"].is_null());
    EXPECT_EQ(json["files_changed"], nlohmann::json({"src/a.py", "src/b.py"}));
    EXPECT_EQ(json["refused_changes"], nlohmann::json::parse(R"([{"attempt": 1, "path": "tests/test_a.py",
        "rule": "adds_skip_marker", "reason": "adds a marker that skips tests"}])"));
    EXPECT_EQ(json["usage"]["input_tokens"], 1200);
    EXPECT_EQ(json["usage"]["output_tokens"], 340);
    EXPECT_DOUBLE_EQ(json["usage"]["cost_usd"].get<double>(), 0.0123);
    EXPECT_EQ(json["duration_ms"], 4567);
    EXPECT_FALSE(json.contains("error"));
}

TEST(ResultJson, CaseFourHasNullsAndEmptyList) {
    ResultRecord record;
    record.case_number = 4;
    record.action_taken = "none";
    record.branch = "main";
    const auto json = nlohmann::json::parse(to_json_text(record));
    EXPECT_EQ(json["action_taken"], "none");
    EXPECT_TRUE(json["attempt"].is_null());
    EXPECT_TRUE(json["fix_branch"].is_null());
    EXPECT_TRUE(json["files_changed"].is_array());
    EXPECT_TRUE(json["files_changed"].empty());
    EXPECT_TRUE(json["refused_changes"].is_array());
    EXPECT_TRUE(json["refused_changes"].empty());
}

TEST(ResultJson, ErrorRecordCarriesKindAndMessage) {
    TempDir dir;
    ResultRecord record;
    record.status = ResultStatus::error;
    record.error = core::Error{core::ErrorKind::invalid_input, "build-status must be ..."};
    ASSERT_TRUE(write_result_file(dir.file("r.json"), record));
    const auto json = nlohmann::json::parse(read_text(dir.file("r.json")));
    EXPECT_EQ(json["status"], "error");
    EXPECT_TRUE(json["case"].is_null());
    EXPECT_EQ(json["error"]["kind"], "invalid_input");
    EXPECT_EQ(json["error"]["message"], "build-status must be ...");
}

TEST(ResultJson, RoundTripsThroughTheFile) {
    TempDir dir;
    auto record = full_record();
    record.status = ResultStatus::error;
    record.error = core::Error{core::ErrorKind::push_rejected, "pushing: rejected"};
    ASSERT_TRUE(write_result_file(dir.file("nested/dir/result.json"), record));
    const auto back = read_result_file(dir.file("nested/dir/result.json"));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->case_number, 1);
    EXPECT_EQ(back->status, ResultStatus::error);
    EXPECT_EQ(back->fix_branch, "autonomous-fix-42");
    EXPECT_EQ(back->attempt, 1);
    EXPECT_EQ(back->pr_url, "");
    EXPECT_EQ(back->files_changed, record.files_changed);
    ASSERT_EQ(back->refused_changes.size(), 1U);
    EXPECT_EQ(back->refused_changes[0].attempt, 1);
    EXPECT_EQ(back->refused_changes[0].path, "tests/test_a.py");
    EXPECT_EQ(back->refused_changes[0].rule, "adds_skip_marker");
    EXPECT_EQ(back->refused_changes[0].reason, "adds a marker that skips tests");
    EXPECT_EQ(back->usage.output_tokens, 340);
    EXPECT_EQ(back->duration_ms, 4567);
    ASSERT_TRUE(back->error.has_value());
    EXPECT_EQ(back->error->kind, core::ErrorKind::push_rejected);
    EXPECT_EQ(back->error->message, "pushing: rejected");
}

TEST(ResultJson, TheTriageIsWrittenAndReadBack) {
    auto record = full_record();
    EXPECT_TRUE(nlohmann::json::parse(to_json_text(record))["failure_class"].is_null());
    EXPECT_TRUE(nlohmann::json::parse(to_json_text(record))["triage"].is_null());
    record.triage =
        ResultTriage{"infrastructure", "infrastructure: the runner lost communication with the server",
                     "lost communication with the server", "rerun_failed_jobs"};
    const auto object = nlohmann::json::parse(to_json_text(record));
    EXPECT_EQ(object["failure_class"], "infrastructure");
    EXPECT_EQ(object["triage"]["decision"], "rerun_failed_jobs");
    EXPECT_EQ(object["triage"]["evidence"], "lost communication with the server");
    const auto back = parse_result_json(to_json_text(record));
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_TRUE(back->triage);
    EXPECT_EQ(back->triage->failure_class, "infrastructure");
    EXPECT_EQ(back->triage->reason, record.triage->reason);
}

TEST(ResultJson, TheProgressCommentIsWrittenAndReadBack) {
    auto record = full_record();
    EXPECT_TRUE(nlohmann::json::parse(to_json_text(record))["progress_comment"].is_null());
    record.progress_comment =
        action::ResultProgressComment{"not_updated", "", "listing the comments of #3: 403 Forbidden"};
    const auto object = nlohmann::json::parse(to_json_text(record));
    EXPECT_EQ(object["progress_comment"]["status"], "not_updated");
    EXPECT_TRUE(object["progress_comment"]["url"].is_null());
    EXPECT_EQ(object["progress_comment"]["error"], "listing the comments of #3: 403 Forbidden");
    const auto back = parse_result_json(to_json_text(record));
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_TRUE(back->progress_comment);
    EXPECT_EQ(back->progress_comment->status, "not_updated");
    EXPECT_EQ(back->progress_comment->error, "listing the comments of #3: 403 Forbidden");
}

TEST(ResultJson, TheFailureSourceIsWrittenAndReadBack) {
    auto record = full_record();
    EXPECT_TRUE(nlohmann::json::parse(to_json_text(record))["failure_source"].is_null());
    record.failure_source = action::ResultFailureSource{"ci_run", 9000000002, "https://x/runs/9000000002",
                                                        "the failed jobs of CI run 9000000002"};
    const auto object = nlohmann::json::parse(to_json_text(record));
    EXPECT_EQ(object["failure_source"]["source"], "ci_run");
    EXPECT_EQ(object["failure_source"]["run_id"], 9000000002U);
    EXPECT_EQ(object["failure_source"]["run_url"], "https://x/runs/9000000002");
    const auto back = parse_result_json(to_json_text(record));
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_TRUE(back->failure_source);
    EXPECT_EQ(back->failure_source->run_id, 9000000002U);
    EXPECT_EQ(back->failure_source->reason, "the failed jobs of CI run 9000000002");
    record.failure_source->run_id = 0;
    EXPECT_TRUE(nlohmann::json::parse(to_json_text(record))["failure_source"]["run_id"].is_null());
}

TEST(ResultJson, TheCommentAnsweredIsWrittenAndReadBack) {
    auto record = full_record();
    EXPECT_TRUE(nlohmann::json::parse(to_json_text(record))["comment"].is_null());
    record.comment = action::ResultComment{"stop", "https://github.com/o/r/pull/3#issuecomment-1", ""};
    const auto object = nlohmann::json::parse(to_json_text(record));
    EXPECT_EQ(object["comment"]["command"], "stop");
    EXPECT_EQ(object["comment"]["url"], "https://github.com/o/r/pull/3#issuecomment-1");
    EXPECT_TRUE(object["comment"]["reply_url"].is_null());
    const auto back = parse_result_json(to_json_text(record));
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_TRUE(back->comment);
    EXPECT_EQ(back->comment->command, "stop");
    EXPECT_EQ(back->comment->url, record.comment->url);
    EXPECT_EQ(back->comment->reply_url, "");
}

TEST(ResultJson, OverwritesAndLeavesNoTemporaryFile) {
    TempDir dir;
    ASSERT_TRUE(write_result_file(dir.file("r.json"), full_record()));
    ResultRecord second;
    second.action_taken = "none";
    ASSERT_TRUE(write_result_file(dir.file("r.json"), second));
    EXPECT_EQ(read_result_file(dir.file("r.json"))->action_taken, "none");
    int files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        ++files;
    }
    EXPECT_EQ(files, 1);
}

TEST(ResultJson, ParseRejectsBadDocuments) {
    EXPECT_FALSE(parse_result_json("not json"));
    EXPECT_FALSE(parse_result_json("[]"));
    EXPECT_FALSE(parse_result_json(R"({"schema_version": 2, "status": "ok"})"));
    EXPECT_FALSE(parse_result_json(R"({"schema_version": 1, "status": "maybe"})"));
    EXPECT_FALSE(parse_result_json(R"({"schema_version": 1, "status": "ok", "case": "one"})"));
    const auto bad_kind =
        parse_result_json(R"({"schema_version":1,"status":"error","error":{"kind":"x","message":""}})");
    ASSERT_FALSE(bad_kind);
    EXPECT_EQ(bad_kind.error().kind, core::ErrorKind::invalid_input);
}

TEST(ResultJson, UnreadableFileIsAnIoError) {
    const auto record = read_result_file("/nonexistent-dir/r.json");
    ASSERT_FALSE(record);
    EXPECT_EQ(record.error().kind, core::ErrorKind::io);
}

} // namespace
} // namespace autofix::action
