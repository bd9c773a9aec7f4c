// Checks the libgit2 repository adapter on real local repositories, reading results back with the git CLI:
// opening (also a checkout owned by another uid), fix branches, commits with identity and trailers,
// staging (.gitignore, deletions, empty change), commit listing, rev-parse and the capped diff.
#include "adapters/libgit2_repository.hpp"
#include "support/repo_builder.hpp"

#include <git2.h>
#include <gtest/gtest.h>
#include <unistd.h>

namespace autofix {
namespace {

namespace support = autofix::testing;
using adapters::Libgit2Repository;

const ports::Identity k_agent{"Autonomous Agent", "agent@autofix.invalid"};

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

class GitLocal : public ::testing::Test {
protected:
    GitLocal() : repo(support::RepoBuilder::init(dir / "work")) {
        repo.write("README.md", "hello\n");
        repo.write("src/app.cpp", "int main() { return 1; }\n");
        first = repo.commit("initial");
    }

    std::unique_ptr<Libgit2Repository> open() {
        auto opened = Libgit2Repository::open(repo.path(), adapters::RemoteSpec{});
        if (!opened) {
            ADD_FAILURE() << opened.error().message;
            return nullptr;
        }
        return std::move(*opened);
    }

    std::string cli(const std::vector<std::string>& args) { return trimmed(repo.git(args)); }

    support::TempDir dir;
    support::RepoBuilder repo;
    std::string first;
};

TEST_F(GitLocal, ReadsHeadAndCurrentBranch) {
    auto git = open();
    ASSERT_TRUE(git);
    ASSERT_TRUE(git->head_commit());
    EXPECT_EQ(*git->head_commit(), first);
    EXPECT_EQ(*git->current_branch(), "main");
    repo.git({"checkout", "-q", "--detach"});
    EXPECT_EQ(*git->current_branch(), "");
}

TEST_F(GitLocal, NonGitDirectoryFailsWithClearError) {
    const support::TempDir plain;
    auto opened = Libgit2Repository::open(plain.path(), adapters::RemoteSpec{});
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().kind, core::ErrorKind::invalid_input); // a workflow without actions/checkout
    EXPECT_NE(opened.error().message.find("not a git repository"), std::string::npos);
    EXPECT_NE(opened.error().message.find(plain.path()), std::string::npos);
}

TEST_F(GitLocal, OpensCheckoutOwnedByAnotherUser) {
    if (::geteuid() != 0) {
        GTEST_SKIP() << "needs root to chown the checkout";
    }
    support::run_command({"chown", "-R", "12345:12345", dir.path()});
    // Precondition: libgit2's owner validation would refuse this checkout.
    ASSERT_TRUE(open()); // initialises libgit2 the adapter's way
    git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 1);
    git_repository* raw = nullptr;
    const int validated = git_repository_open(&raw, repo.path().c_str());
    git_repository_free(raw);
    git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
    // libgit2 1.5 fails with "config value 'safe.directory' was not found" rather than GIT_EOWNER.
    EXPECT_LT(validated, 0);

    auto git = open();
    ASSERT_TRUE(git);
    EXPECT_EQ(*git->head_commit(), first);
    repo.write("src/app.cpp", "int main() { return 0; }\n");
    EXPECT_TRUE(git->commit_all("fix", k_agent));
}

TEST_F(GitLocal, CreatesBranchFromCommitAndChecksItOut) {
    repo.commit_file("src/app.cpp", "int main() { return 2; }\n", "second");
    auto git = open();
    ASSERT_TRUE(git);
    ASSERT_TRUE(git->create_branch("autonomous-fix-42", first));
    EXPECT_EQ(*git->current_branch(), "autonomous-fix-42");
    EXPECT_EQ(*git->head_commit(), first);
    EXPECT_EQ(cli({"rev-parse", "--abbrev-ref", "HEAD"}), "autonomous-fix-42");
    EXPECT_EQ(cli({"status", "--porcelain"}), "");
    EXPECT_EQ(repo.read("src/app.cpp"), "int main() { return 1; }\n");
    EXPECT_TRUE(*git->local_branch_exists("autonomous-fix-42"));
    EXPECT_FALSE(*git->local_branch_exists("autonomous-fix-43"));
}

TEST_F(GitLocal, CreatesBranchAtHeadKeepingTheWorkTreeAsItIs) {
    // Branching off HEAD's own commit only moves HEAD; edits and untracked files stay, as with checkout -b.
    repo.write("src/app.cpp", "int main() { return 3; }\n");
    repo.write("failure.log", "error\n");
    auto git = open();
    ASSERT_TRUE(git);
    ASSERT_TRUE(git->create_branch("autonomous-fix-44", "HEAD"));
    EXPECT_EQ(*git->current_branch(), "autonomous-fix-44");
    EXPECT_EQ(repo.rev("autonomous-fix-44"), first);
    EXPECT_EQ(cli({"status", "--porcelain"}), " M src/app.cpp\n?? failure.log");
    EXPECT_EQ(repo.read("src/app.cpp"), "int main() { return 3; }\n");
}

TEST_F(GitLocal, CreateBranchRefusesExistingBranch) {
    repo.git({"branch", "autonomous-fix-42"});
    const std::string second = repo.commit_file("x.txt", "x\n", "second");
    auto git = open();
    ASSERT_TRUE(git);
    auto created = git->create_branch("autonomous-fix-42", second);
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().kind, core::ErrorKind::git);
    EXPECT_NE(created.error().message.find("already exists"), std::string::npos);
    EXPECT_EQ(repo.rev("autonomous-fix-42"), first);
    EXPECT_EQ(*git->current_branch(), "main");
}

TEST_F(GitLocal, ReplaceBranchMovesTheBranchHeadIsOnBackToTheFailingCommit) {
    // What a failed run leaves: HEAD on the fix branch, an unpushed attempt on it.
    auto git = open();
    ASSERT_TRUE(git);
    ASSERT_TRUE(git->create_branch("autonomous-fix-9", "HEAD"));
    repo.write("src/app.cpp", "int main() { return 9; }\n");
    ASSERT_TRUE(git->commit_all("attempt that never got pushed", k_agent));
    ASSERT_NE(repo.rev("autonomous-fix-9"), first);

    const core::Status replaced = git->replace_branch("autonomous-fix-9", first);
    ASSERT_TRUE(replaced) << replaced.error().message;
    EXPECT_EQ(*git->current_branch(), "autonomous-fix-9");
    EXPECT_EQ(repo.rev("autonomous-fix-9"), first);
    EXPECT_EQ(cli({"status", "--porcelain"}), "");
    EXPECT_EQ(repo.read("src/app.cpp"), "int main() { return 1; }\n");
}

TEST_F(GitLocal, ReplaceBranchCreatesAMissingBranch) {
    auto git = open();
    ASSERT_TRUE(git);
    ASSERT_TRUE(git->replace_branch("autonomous-fix-10", first));
    EXPECT_EQ(*git->current_branch(), "autonomous-fix-10");
    EXPECT_EQ(repo.rev("autonomous-fix-10"), first);
    EXPECT_EQ(repo.rev("main"), first);
}

TEST_F(GitLocal, CommitsWithIdentityAndTrailers) {
    auto git = open();
    ASSERT_TRUE(git);
    ASSERT_TRUE(git->create_branch("autonomous-fix-7", "HEAD"));
    repo.write("src/app.cpp", "int main() { return 0; }\n");
    const std::string message = "🤖 Autonomous Fix Attempt 1: return zero\n\nThe test wanted 0.\n\n"
                                "```\n# error: expected 0\n```\n\n"
                                "Autofix-Id: 7\nAutofix-Attempt: 1\nAutofix-Base: main\n";
    auto sha = git->commit_all(message, k_agent);
    ASSERT_TRUE(sha) << sha.error().message;
    EXPECT_EQ(*sha, repo.rev("HEAD"));
    EXPECT_EQ(cli({"log", "-1", "--format=%an|%ae|%cn|%ce|%s"}),
              "Autonomous Agent|agent@autofix.invalid|Autonomous Agent|agent@autofix.invalid|"
              "🤖 Autonomous Fix Attempt 1: return zero");
    EXPECT_EQ(cli({"log", "-1", "--format=%(trailers:key=Autofix-Attempt,valueonly)"}), "1");
    EXPECT_NE(cli({"log", "-1", "--format=%b"}).find("# error: expected 0"), std::string::npos);
    EXPECT_EQ(cli({"rev-parse", "autonomous-fix-7"}), *sha);

    auto commits = git->commits_between("main", "autonomous-fix-7", 10);
    ASSERT_TRUE(commits) << commits.error().message;
    ASSERT_EQ(commits->size(), 1u);
    const ports::CommitInfo& commit = commits->front();
    EXPECT_EQ(commit.sha, *sha);
    EXPECT_EQ(commit.author_name, "Autonomous Agent");
    EXPECT_EQ(commit.author_email, "agent@autofix.invalid");
    EXPECT_EQ(commit.committer_name, "Autonomous Agent");
    EXPECT_EQ(commit.subject, "🤖 Autonomous Fix Attempt 1: return zero");
    EXPECT_NE(commit.body.find("The test wanted 0."), std::string::npos);
    EXPECT_EQ(commit.parent_count, 1u);
    const std::vector<std::pair<std::string, std::string>> trailers = {
        {"Autofix-Id", "7"}, {"Autofix-Attempt", "1"}, {"Autofix-Base", "main"}};
    EXPECT_EQ(commit.trailers, trailers);
    EXPECT_EQ(commit.trailer("autofix-base"), "main");
}

TEST_F(GitLocal, EmptyChangeIsRefused) {
    repo.write(".gitignore", "*.log\n");
    repo.commit("ignore logs");
    const std::string before = repo.rev("HEAD");
    auto git = open();
    ASSERT_TRUE(git);
    auto nothing = git->commit_all("nothing", k_agent);
    ASSERT_FALSE(nothing);
    EXPECT_EQ(nothing.error().kind, core::ErrorKind::git);
    EXPECT_NE(nothing.error().message.find("nothing to commit"), std::string::npos);

    repo.write("build.log", "ignored\n");
    auto only_ignored = git->commit_all("only ignored", k_agent);
    ASSERT_FALSE(only_ignored);
    EXPECT_EQ(repo.rev("HEAD"), before);
    EXPECT_EQ(cli({"rev-list", "--count", "HEAD"}), "2");
}

TEST_F(GitLocal, RespectsGitignore) {
    repo.write(".gitignore", "build/\n*.log\n");
    repo.commit("ignore build output");
    repo.write("build/app.o", "binary\n");
    repo.write("test.log", "log\n");
    repo.write("src/util.cpp", "int util() { return 0; }\n");
    auto git = open();
    ASSERT_TRUE(git);
    auto changes = git->working_tree_changes();
    ASSERT_TRUE(changes);
    ASSERT_EQ(changes->size(), 1u);
    EXPECT_EQ(changes->front().path, "src/util.cpp");
    EXPECT_EQ(changes->front().kind, ports::ChangeKind::added);

    ASSERT_TRUE(git->commit_all("add util", k_agent));
    EXPECT_EQ(cli({"show", "--name-status", "--format=", "HEAD"}), "A\tsrc/util.cpp");
    EXPECT_EQ(cli({"status", "--porcelain"}), "");
    EXPECT_EQ(cli({"status", "--porcelain", "--ignored"}), "!! build/\n!! test.log");
}

TEST_F(GitLocal, StagesDeletionsModificationsAndAdditions) {
    repo.write("old.txt", "old\n");
    repo.commit("add old");
    repo.remove("old.txt");
    repo.write("src/app.cpp", "int main() { return 0; }\n");
    repo.write("new/file.txt", "new\n");
    auto git = open();
    ASSERT_TRUE(git);
    auto changes = git->working_tree_changes();
    ASSERT_TRUE(changes);
    ASSERT_EQ(changes->size(), 3u);
    EXPECT_EQ((*changes)[0].path, "new/file.txt");
    EXPECT_EQ((*changes)[0].kind, ports::ChangeKind::added);
    EXPECT_EQ((*changes)[1].path, "old.txt");
    EXPECT_EQ((*changes)[1].kind, ports::ChangeKind::deleted);
    EXPECT_EQ((*changes)[2].path, "src/app.cpp");
    EXPECT_EQ((*changes)[2].kind, ports::ChangeKind::modified);

    ASSERT_TRUE(git->commit_all("all kinds", k_agent));
    EXPECT_EQ(cli({"show", "--name-status", "--format=", "HEAD"}),
              "A\tnew/file.txt\nD\told.txt\nM\tsrc/app.cpp");
    EXPECT_EQ(cli({"status", "--porcelain"}), "");
    EXPECT_TRUE(git->working_tree_changes()->empty());
}

TEST_F(GitLocal, CommitPathsStagesOnlyThePathsGiven) {
    repo.write("old.txt", "old\n");
    repo.commit("add old");
    repo.remove("old.txt");
    repo.write("src/app.cpp", "int main() { return 0; }\n");
    repo.write(".autofix/test-output.log", "downloaded log, not the session's\n");
    repo.write("README.md", "edited by someone else\n");
    auto git = open();
    ASSERT_TRUE(git);

    ASSERT_TRUE(git->commit_paths({"old.txt", "src/app.cpp"}, "two paths", k_agent));
    EXPECT_EQ(cli({"show", "--name-status", "--format=", "HEAD"}), "D\told.txt\nM\tsrc/app.cpp");
    EXPECT_EQ(repo.git({"status", "--porcelain"}), " M README.md\n?? .autofix/\n");
    const auto again = git->commit_paths({"src/app.cpp"}, "nothing new", k_agent);
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().message.find("nothing to commit"), std::string::npos);
}

TEST_F(GitLocal, CommitPathsUpdatesOnlyTheTreesOnThosePaths) {
    // The commit is HEAD's tree with the given paths replaced (git_tree_create_updated), not the whole
    // index written out again: a change staged by someone else stays staged, untouched trees keep their ids.
    repo.write("docs/guide.md", "guide\n");
    repo.write("lib/deep/util.cpp", "int util() { return 1; }\n");
    repo.write("README.md", "readme\n");
    repo.commit("tree");
    const std::string docs_tree = cli({"rev-parse", "HEAD:docs"});
    repo.write("README.md", "staged by hand\n");
    repo.git({"add", "README.md"});
    repo.write("lib/deep/util.cpp", "int util() { return 2; }\n");
    repo.write("lib/deep/new.cpp", "int fresh() { return 3; }\n");
    auto git = open();
    ASSERT_TRUE(git);

    ASSERT_TRUE(git->commit_paths({"lib/deep/util.cpp", "lib/deep/new.cpp"}, "deep change", k_agent));
    EXPECT_EQ(cli({"show", "--name-status", "--format=", "HEAD"}),
              "A\tlib/deep/new.cpp\nM\tlib/deep/util.cpp");
    EXPECT_EQ(cli({"rev-parse", "HEAD:docs"}), docs_tree);
    EXPECT_EQ(cli({"show", "HEAD:lib/deep/util.cpp"}), "int util() { return 2; }");
    EXPECT_EQ(repo.git({"status", "--porcelain"}), "M  README.md\n");
}

TEST_F(GitLocal, ListsCommitsOldestFirstWithinMaxCount) {
    repo.git({"checkout", "-q", "-b", "fix"});
    std::vector<std::string> shas;
    for (int i = 1; i <= 4; ++i) {
        shas.push_back(repo.commit_file("n.txt", std::to_string(i) + "\n", "attempt " + std::to_string(i)));
    }
    auto git = open();
    ASSERT_TRUE(git);
    auto all = git->commits_between("main", "fix", 100);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 4u);
    for (size_t i = 0; i < shas.size(); ++i) {
        EXPECT_EQ((*all)[i].sha, shas[i]);
        EXPECT_EQ((*all)[i].author_name, "Test Human");
        EXPECT_TRUE((*all)[i].trailers.empty());
    }
    auto newest = git->commits_between("main", "fix", 2);
    ASSERT_TRUE(newest);
    ASSERT_EQ(newest->size(), 2u);
    EXPECT_EQ((*newest)[0].sha, shas[2]);
    EXPECT_EQ((*newest)[1].sha, shas[3]);
    auto walk = git->commits_between("", "fix", 100);
    ASSERT_TRUE(walk);
    ASSERT_EQ(walk->size(), 5u);
    EXPECT_EQ(walk->front().sha, first);
    EXPECT_EQ(walk->front().parent_count, 0u);
    auto unknown = git->commits_between("no-such-branch", "fix", 10);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().kind, core::ErrorKind::git);
}

TEST_F(GitLocal, ResolvesRefs) {
    const std::string second = repo.commit_file("x.txt", "x\n", "second");
    auto git = open();
    ASSERT_TRUE(git);
    EXPECT_TRUE(*git->resolves("main"));
    EXPECT_TRUE(*git->resolves("HEAD~1"));
    EXPECT_FALSE(*git->resolves("origin/main"));
    EXPECT_FALSE(*git->resolves("nope"));
    EXPECT_EQ(*git->resolve("HEAD~1"), first);
    EXPECT_EQ(*git->resolve(second.substr(0, 10)), second);
    EXPECT_FALSE(git->resolve("nope"));
}

TEST_F(GitLocal, DiffFromMergeBaseCapsWholeFiles) {
    repo.git({"checkout", "-q", "-b", "fix"});
    repo.write("a.txt", "alpha\n");
    std::string big;
    for (int i = 0; i < 200; ++i) {
        big += "line " + std::to_string(i) + "\n";
    }
    repo.write("b.txt", big);
    repo.write("c.txt", "gamma\n");
    repo.remove("README.md");
    repo.commit("fix");
    repo.git({"checkout", "-q", "main"});
    repo.commit_file("later-on-main.txt", "main moved on\n", "main moves");
    auto git = open();
    ASSERT_TRUE(git);

    auto whole = git->diff("main", "fix", 1 << 20);
    ASSERT_TRUE(whole) << whole.error().message;
    EXPECT_FALSE(whole->truncated);
    EXPECT_EQ(whole->text.find("later-on-main"), std::string::npos);
    ASSERT_EQ(whole->files.size(), 4u);
    std::string numstat;
    for (const auto& file : whole->files) {
        numstat += std::to_string(file.added_lines) + "\t" + std::to_string(file.deleted_lines) + "\t" +
                   file.path + "\n";
    }
    EXPECT_EQ(numstat, repo.git({"diff", "--numstat", "main...fix"}));
    EXPECT_NE(whole->text.find("diff --git a/README.md b/README.md\ndeleted file mode"), std::string::npos);

    const std::size_t a_size = whole->text.find("diff --git a/b.txt");
    ASSERT_NE(a_size, std::string::npos);
    auto capped = git->diff("main", "fix", a_size + 100);
    ASSERT_TRUE(capped);
    EXPECT_TRUE(capped->truncated);
    EXPECT_EQ(capped->text, whole->text.substr(0, a_size));
    EXPECT_EQ(capped->omitted_files, (std::vector<std::string>{"b.txt", "c.txt"}));
    EXPECT_EQ(capped->files.size(), 4u);
}

TEST_F(GitLocal, DiffWithoutCommonAncestorFails) {
    repo.git({"checkout", "-q", "--orphan", "island"});
    repo.commit_file("island.txt", "x\n", "island");
    auto git = open();
    ASSERT_TRUE(git);
    auto diff = git->diff("main", "island", 1000);
    ASSERT_FALSE(diff);
    EXPECT_NE(diff.error().message.find("no common ancestor"), std::string::npos);
}

} // namespace
} // namespace autofix
