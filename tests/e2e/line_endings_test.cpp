// Runs case 1 on a repository whose failing file has CRLF line endings, with a model that writes its
// str_replace with "\n" as it always does: the edit matches, the fix is committed with the file's CRLF
// endings kept (a one-line diff, not a rewritten file), and CI passes on the fix branch.
#include "support/hardening.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace autofix {
namespace {

std::string crlf(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n') {
            out += '\r';
        }
        out += c;
    }
    return out;
}

TEST(LineEndings, FixOnACrlfFileKeepsItsEndings) {
    testing::WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    std::ifstream scenario(sandbox.options().project + "/scenarios/bug-simple.py", std::ios::binary);
    std::ostringstream broken;
    broken << scenario.rdbuf();
    ASSERT_EQ(broken.str().find('\r'), std::string::npos);
    sandbox.commit_as_human("main", "inventory/report.py", crlf(broken.str()));

    std::vector<testing::WorkflowRun> runs{sandbox.run_workflow("main")};
    const testing::WorkflowRun& run = runs.back();
    ASSERT_EQ(run.output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
    const std::string fix_branch = run.output("fix-branch");
    const std::string fixed =
        testing::run_command({"git", "show", fix_branch + ":inventory/report.py"}, sandbox.origin_path()).out;
    EXPECT_NE(fixed.find("\"\"\"Stock reports as JSON.\"\"\"\r\nimport json\r\n"), std::string::npos)
        << fixed;
    for (std::size_t at = fixed.find('\n'); at != std::string::npos; at = fixed.find('\n', at + 1)) {
        ASSERT_TRUE(at > 0 && fixed[at - 1] == '\r') << "a bare LF at byte " << at;
    }
    EXPECT_EQ(
        testing::run_command({"git", "diff", "--numstat", "main", fix_branch}, sandbox.origin_path()).out,
        "1\t0\tinventory/report.py\n");
    EXPECT_TRUE(sandbox.tests_pass_on(fix_branch));
}

} // namespace
} // namespace autofix
