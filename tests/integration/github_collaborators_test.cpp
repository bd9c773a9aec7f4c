// Checks the GitHub client's look-ups for `/autofix` commands against the fake GitHub over real HTTP: a
// collaborator's permission and role (404 for someone who is not one), a pull request by number, and the
// branches matching a prefix.
#include "adapters/github_client.hpp"
#include "adapters/poco_http_transport.hpp"
#include "support/fake_clock.hpp"
#include "support/fake_github.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using testing::FakeGitHub;

class GitHubCollaboratorsTest : public ::testing::Test {
protected:
    GitHubCollaboratorsTest()
        : client({fake.api_url(), fake.options().repository, fake.options().token, "autofix-action-test"},
                 transport, clock, {3, std::chrono::seconds(60)}) {}

    FakeGitHub fake;
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;
    adapters::GitHubClient client;
};

TEST_F(GitHubCollaboratorsTest, ReadsThePermissionAndTheRole) {
    fake.set_collaborator("ada", "maintain");
    fake.set_collaborator("auditor", "security-auditor", "read");
    const auto ada = client.repository_permission("ada");
    ASSERT_TRUE(ada) << ada.error().message;
    EXPECT_EQ(ada->permission, "write");
    EXPECT_EQ(ada->role_name, "maintain");
    const auto auditor = client.repository_permission("auditor");
    ASSERT_TRUE(auditor);
    EXPECT_EQ(auditor->permission, "read");
    EXPECT_EQ(auditor->role_name, "security-auditor");
    EXPECT_EQ(fake.requests().back().path, "/repos/octo/repo/collaborators/auditor/permission");
}

TEST_F(GitHubCollaboratorsTest, SomeoneWhoIsNoCollaboratorHasNoPermission) {
    const auto stranger = client.repository_permission("passer-by");
    ASSERT_TRUE(stranger) << stranger.error().message;
    EXPECT_EQ(stranger->permission, "none");
    EXPECT_FALSE(client.repository_permission("a/../b")); // never sent: not a login
    EXPECT_EQ(fake.requests().size(), 1U);
}

TEST_F(GitHubCollaboratorsTest, ErrorsOtherThanNotFoundFail) {
    fake.fail_next("GET */permission", 1, testing::GitHubFault::forbidden_403);
    const auto failed = client.repository_permission("ada");
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().kind, core::ErrorKind::auth);
    EXPECT_EQ(failed.error().message.find(fake.options().token), std::string::npos);
}

TEST_F(GitHubCollaboratorsTest, ReadsAPullRequestByNumber) {
    const std::uint64_t number = fake.add_pull_request("Fix", "autonomous-fix-7", "main");
    const auto pull = client.get_pull_request(number);
    ASSERT_TRUE(pull) << pull.error().message;
    EXPECT_EQ(pull->head, "autonomous-fix-7");
    EXPECT_EQ(pull->base, "main");
    EXPECT_FALSE(client.get_pull_request(number + 40));
}

TEST_F(GitHubCollaboratorsTest, ListsTheBranchesMatchingAPrefix) {
    fake.set_branch_lister([] {
        return std::vector<std::string>{"main", "autonomous-fix-1", "feature", "autonomous-fix-22"};
    });
    const auto branches = client.list_branches("autonomous-fix-");
    ASSERT_TRUE(branches) << branches.error().message;
    EXPECT_EQ(*branches, (std::vector<std::string>{"autonomous-fix-1", "autonomous-fix-22"}));
    EXPECT_EQ(fake.requests().back().path, "/repos/octo/repo/git/matching-refs/heads/autonomous-fix-");
    fake.set_branch_lister([] { return std::vector<std::string>{"main"}; });
    const auto none = client.list_branches("autonomous-fix-");
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

} // namespace
} // namespace autofix
