// Checks that the workflow file is taken from GITHUB_WORKFLOW_REF's path and that other shapes give "".
#include "core/github_workflow_ref.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

TEST(WorkflowFileFromRef, TakesTheFileNameBeforeTheRef) {
    EXPECT_EQ(core::workflow_file_from_ref("octo/repo/.github/workflows/ci.yml@refs/heads/main"), "ci.yml");
    EXPECT_EQ(
        core::workflow_file_from_ref("octo/repo/.github/workflows/test-and-autofix.yaml@refs/pull/3/merge"),
        "test-and-autofix.yaml");
    EXPECT_EQ(core::workflow_file_from_ref("octo/repo/.github/workflows/ci.yml"), "ci.yml");
}

TEST(WorkflowFileFromRef, RejectsValuesWithoutAWorkflowPath) {
    EXPECT_EQ(core::workflow_file_from_ref(""), "");
    EXPECT_EQ(core::workflow_file_from_ref("octo/repo/ci.yml@refs/heads/main"), "");
    EXPECT_EQ(core::workflow_file_from_ref("octo/repo/.github/workflows/@refs/heads/main"), "");
    EXPECT_EQ(core::workflow_file_from_ref("octo/repo/.github/workflows/sub/ci.yml@refs/heads/x"), "");
}

} // namespace
} // namespace autofix
