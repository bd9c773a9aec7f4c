// Checks how a push's per-ref status is told apart (a race or a refusal) and the advice for each kind of
// refusal GitHub reports: rulesets (GH013), push protection (GH009), signatures, the workflows permission,
// hooks, and anything else.
#include "core/push_refusal.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

TEST(PushRefusal, NonFastForwardStatusesAreRaces) {
    EXPECT_TRUE(is_non_fast_forward_status("non-fast-forward"));
    EXPECT_TRUE(is_non_fast_forward_status("fetch first"));
    EXPECT_FALSE(is_non_fast_forward_status("pre-receive hook declined"));
    EXPECT_FALSE(is_non_fast_forward_status("push declined due to repository rule violations"));
}

TEST(PushRefusal, AdviceFollowsTheServersMessage) {
    EXPECT_NE(push_refusal_advice("push declined due to repository rule violations",
                                  "GH013: Repository rule violations found for refs/heads/x")
                  .find("ruleset"),
              std::string::npos);
    EXPECT_NE(push_refusal_advice("", "GH009: Secrets detected! This push failed.").find("push protection"),
              std::string::npos);
    EXPECT_NE(push_refusal_advice("", "Commits must have verified signatures.").find("signed commits"),
              std::string::npos);
    EXPECT_NE(push_refusal_advice("refusing to allow a GitHub App to create or update workflow "
                                  "`.github/workflows/ci.yml` without `workflows` permission",
                                  "")
                  .find("protected-paths"),
              std::string::npos);
    EXPECT_NE(push_refusal_advice("pre-receive hook declined", "frozen").find("hook"), std::string::npos);
    EXPECT_NE(push_refusal_advice("denied", "").find("server's message"), std::string::npos);
}

} // namespace
} // namespace autofix::core
