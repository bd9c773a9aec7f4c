// Checks the libgit2 helpers: secrets are redacted from messages, refs resolve to commits or fail with
// ErrorKind::git, and libgit2 errors keep their context.
#include "adapters/libgit2_support.hpp"
#include "ports/git_repository.hpp"
#include "support/repo_builder.hpp"

#include <gtest/gtest.h>

namespace autofix::adapters::libgit2 {
namespace {

TEST(Redact, ReplacesEveryOccurrence) {
    EXPECT_EQ(redact("https://x-access-token:s3cr3t@host/s3cr3t", "s3cr3t"),
              "https://x-access-token:***@host/***");
}

TEST(Redact, EmptySecretChangesNothing) {
    EXPECT_EQ(redact("nothing to hide", ""), "nothing to hide");
}

TEST(Redact, SecretContainingTheMaskIsStillRemoved) {
    EXPECT_EQ(redact("a**b**", "**"), "a***b***");
}

TEST(LookupCommit, ResolvesBranchesAndRefusesUnknownRefs) {
    const testing::TempDir dir;
    auto builder = testing::RepoBuilder::init(dir / "repo");
    const std::string sha = builder.commit_file("a.txt", "a\n", "first");
    ensure_initialised();
    git_repository* raw = nullptr;
    ASSERT_EQ(git_repository_open(&raw, builder.path().c_str()), 0);
    const RepositoryPtr repo(raw);

    auto found = lookup_commit(repo.get(), "main");
    ASSERT_TRUE(found);
    EXPECT_EQ(to_hex(*git_commit_id(found->get())), sha);

    auto missing = lookup_commit(repo.get(), "no-such-branch");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, core::ErrorKind::git);
    EXPECT_NE(missing.error().message.find("no-such-branch"), std::string::npos);

    auto tree = lookup_commit(repo.get(), "main^{tree}");
    ASSERT_FALSE(tree);
    EXPECT_NE(tree.error().message.find("not a commit"), std::string::npos);
}

TEST(GitFailure, KeepsContextAndLibgit2Message) {
    git_repository* raw = nullptr;
    ensure_initialised();
    const int rc = git_repository_open(&raw, "/nonexistent/autofix");
    ASSERT_LT(rc, 0);
    const core::Error error = git_failure(rc, "opening");
    EXPECT_EQ(error.kind, core::ErrorKind::git);
    EXPECT_EQ(error.message.rfind("opening: ", 0), 0u);
    EXPECT_GT(error.message.size(), std::string("opening: ").size());
}

TEST(CommitInfo, TrailerLookupIgnoresCase) {
    ports::CommitInfo info;
    info.trailers = {{"Autofix-Id", "42"}, {"Autofix-Attempt", "3"}};
    EXPECT_EQ(info.trailer("autofix-attempt"), "3");
    EXPECT_EQ(info.trailer("Autofix-Base"), "");
}

} // namespace
} // namespace autofix::adapters::libgit2
