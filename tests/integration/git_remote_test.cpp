// Checks the libgit2 adapter against a real `git http-backend` behind a local server demanding basic auth:
// pushes land in the bare repository, wrong or read-only tokens give auth errors without the token, a push
// after someone else's is rejected, and remote fix branches are found, fetched and checked out.
#include "adapters/libgit2_repository.hpp"
#include "support/git_http_backend.hpp"
#include "support/repo_builder.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

namespace support = autofix::testing;
using adapters::Libgit2Repository;

const ports::Identity k_agent{"Autonomous Agent", "agent@autofix.invalid"};
const std::string k_token = "ghs_goodToken123";
const std::string k_read_token = "ghs_readOnly456";

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

class GitRemote : public ::testing::Test {
protected:
    GitRemote()
        : server(dir / "served", k_token, k_read_token), bare(server.backend().create_bare("acme", "widget")),
          work(seed_and_clone()) {}

    support::RepoBuilder seed_and_clone() {
        auto seed = support::RepoBuilder::init(dir / "seed");
        seed.write("src/app.cpp", "int main() { return 1; }\n");
        base = seed.commit("initial");
        seed.git({"push", "-q", bare, "main"});
        return support::RepoBuilder::clone(bare, dir / "work");
    }

    std::unique_ptr<Libgit2Repository> open(const std::string& token = k_token) {
        return open_at(work.path(), server.repo_url("acme", "widget"), token);
    }

    static std::unique_ptr<Libgit2Repository> open_at(const std::string& path, const std::string& url,
                                                      const std::string& token) {
        auto opened = Libgit2Repository::open(path, adapters::RemoteSpec{url, token});
        if (!opened) {
            ADD_FAILURE() << opened.error().message;
            return nullptr;
        }
        return std::move(*opened);
    }

    /// Another clone ("someone else") commits on `branch` and pushes it straight into the bare repository.
    std::string someone_else_pushes(const std::string& branch, const std::string& start = "main") {
        auto other = support::RepoBuilder::clone(bare, dir / ("other-" + branch));
        other.git({"checkout", "-q", "-B", branch, "origin/" + start});
        const std::string sha = other.commit_file("human.txt", "human work\n", "human fix");
        other.git({"push", "-q", "origin", branch});
        return sha;
    }

    std::string bare_rev(const std::string& ref) {
        return trimmed(support::git_in(bare, {"rev-parse", ref}));
    }

    support::TempDir dir;
    support::GitHttpServer server;
    std::string bare;
    std::string base;
    support::RepoBuilder work;
};

TEST_F(GitRemote, PushesOverHttpWithBasicAuth) {
    auto git = open();
    ASSERT_TRUE(git);
    ASSERT_TRUE(git->create_branch("autonomous-fix-1", "HEAD"));
    work.write("src/app.cpp", "int main() { return 0; }\n");
    auto sha = git->commit_all(
        "🤖 Autonomous Fix Attempt 1: return zero\n\nAutofix-Id: 1\nAutofix-Attempt: 1\n", k_agent);
    ASSERT_TRUE(sha);
    auto pushed = git->push("autonomous-fix-1");
    ASSERT_TRUE(pushed) << pushed.error().message;

    EXPECT_EQ(bare_rev("refs/heads/autonomous-fix-1"), *sha);
    EXPECT_EQ(trimmed(support::git_in(bare, {"log", "-1", "--format=%an <%ae>|%s", "autonomous-fix-1"})),
              "Autonomous Agent <agent@autofix.invalid>|🤖 Autonomous Fix Attempt 1: return zero");
    EXPECT_EQ(trimmed(support::git_in(bare, {"show", "autonomous-fix-1:src/app.cpp"})),
              "int main() { return 0; }");
    EXPECT_EQ(work.rev("refs/remotes/origin/autonomous-fix-1"), *sha);
    bool authorised_push = false;
    for (const auto& request : server.server().requests()) {
        authorised_push = authorised_push || (request.path == "/acme/widget.git/git-receive-pack" &&
                                              request.header("Authorization").rfind("Basic ", 0) == 0);
    }
    EXPECT_TRUE(authorised_push);
    EXPECT_EQ(work.read(".git/config").find(k_token), std::string::npos);
    EXPECT_EQ(work.read(".git/config").find("127.0.0.1"), std::string::npos);

    // A second attempt on the same branch fast-forwards.
    work.write("src/app.cpp", "int main() { return 0; } // attempt 2\n");
    auto second = git->commit_all(
        "🤖 Autonomous Fix Attempt 2: comment\n\nAutofix-Id: 1\nAutofix-Attempt: 2\n", k_agent);
    ASSERT_TRUE(second);
    ASSERT_TRUE(git->push("autonomous-fix-1"));
    EXPECT_EQ(bare_rev("refs/heads/autonomous-fix-1"), *second);
}

TEST_F(GitRemote, TokenGoesWithTheFirstRequestSoNoRequestIsRefused) {
    // Credentials ride on the first request (like actions/checkout's extraheader): every request of a
    // fetch and a push carries them, so the server never answers 401 and no request is repeated.
    auto git = open();
    ASSERT_TRUE(git);
    someone_else_pushes("autonomous-fix-9");
    server.server().clear_requests();
    ASSERT_TRUE(git->fetch_branch("autonomous-fix-9"));
    ASSERT_TRUE(git->create_branch("autonomous-fix-2", "HEAD"));
    work.write("src/app.cpp", "int main() { return 0; }\n");
    ASSERT_TRUE(git->commit_all("🤖 Autonomous Fix Attempt 1: zero\n\nAutofix-Id: 2\nAutofix-Attempt: 1\n",
                                k_agent));
    ASSERT_TRUE(git->push("autonomous-fix-2"));

    const auto requests = server.server().requests();
    ASSERT_FALSE(requests.empty());
    std::size_t git_requests = 0;
    for (const auto& request : requests) {
        ++git_requests;
        EXPECT_EQ(request.header("Authorization").rfind("Basic ", 0), 0u)
            << request.method << " " << request.target;
    }
    // fetch: refs + upload-pack; push: refs + receive-pack (a 401 round trip would add one each).
    EXPECT_EQ(git_requests, 4u);
}

TEST_F(GitRemote, WrongTokenIsAuthErrorWithoutTheToken) {
    const std::string wrong = "ghs_wrongSecret789";
    auto git = open(wrong);
    ASSERT_TRUE(git);
    ASSERT_TRUE(git->create_branch("autonomous-fix-2", "HEAD"));
    work.write("a.txt", "a\n");
    ASSERT_TRUE(git->commit_all("change", k_agent));
    auto pushed = git->push("autonomous-fix-2");
    ASSERT_FALSE(pushed);
    EXPECT_EQ(pushed.error().kind, core::ErrorKind::auth);
    EXPECT_NE(pushed.error().message.find("401"), std::string::npos) << pushed.error().message;
    EXPECT_EQ(pushed.error().message.find(wrong), std::string::npos);
    EXPECT_FALSE(support::git_result_in(bare, {"rev-parse", "--verify", "-q", "refs/heads/autonomous-fix-2"})
                     .exit_code == 0);

    auto exists = git->remote_branch_exists("main");
    ASSERT_FALSE(exists);
    EXPECT_EQ(exists.error().kind, core::ErrorKind::auth);
    EXPECT_EQ(exists.error().message.find(wrong), std::string::npos);
}

TEST_F(GitRemote, ReadOnlyTokenPushIsAuthErrorNaming403) {
    auto git = open(k_read_token);
    ASSERT_TRUE(git);
    EXPECT_TRUE(*git->remote_branch_exists("main"));
    ASSERT_TRUE(git->create_branch("autonomous-fix-3", "HEAD"));
    work.write("a.txt", "a\n");
    ASSERT_TRUE(git->commit_all("change", k_agent));
    auto pushed = git->push("autonomous-fix-3");
    ASSERT_FALSE(pushed);
    EXPECT_EQ(pushed.error().kind, core::ErrorKind::auth);
    EXPECT_NE(pushed.error().message.find("403"), std::string::npos) << pushed.error().message;
    EXPECT_EQ(pushed.error().message.find(k_read_token), std::string::npos);
}

TEST_F(GitRemote, PushAfterSomeoneElsePushedIsRejected) {
    auto git = open();
    ASSERT_TRUE(git);
    ASSERT_TRUE(git->create_branch("autonomous-fix-4", "HEAD"));
    work.write("src/app.cpp", "int main() { return 0; }\n");
    ASSERT_TRUE(git->commit_all("agent fix", k_agent));
    const std::string theirs = someone_else_pushes("autonomous-fix-4");

    auto pushed = git->push("autonomous-fix-4");
    ASSERT_FALSE(pushed);
    EXPECT_EQ(pushed.error().kind, core::ErrorKind::push_rejected) << pushed.error().message;
    EXPECT_EQ(bare_rev("refs/heads/autonomous-fix-4"), theirs);
}

TEST_F(GitRemote, UpdateRefusedByTheServerIsRefusedWithItsMessage) {
    auto git = open();
    ASSERT_TRUE(git);
    ASSERT_TRUE(git->create_branch("autonomous-fix-5", "HEAD"));
    work.write("a.txt", "a\n");
    ASSERT_TRUE(git->commit_all("change", k_agent));
    support::RepoBuilder(bare).write("hooks/pre-receive", "#!/bin/sh\necho protected >&2\nexit 1\n");
    support::run_command({"chmod", "+x", bare + "/hooks/pre-receive"});

    auto pushed = git->push("autonomous-fix-5");
    ASSERT_FALSE(pushed);
    EXPECT_EQ(pushed.error().kind, core::ErrorKind::push_refused) << pushed.error().message;
    EXPECT_NE(pushed.error().message.find("refs/heads/autonomous-fix-5"), std::string::npos);
    EXPECT_NE(pushed.error().message.find("pre-receive hook declined"), std::string::npos);
    EXPECT_NE(pushed.error().message.find("the server said: protected"), std::string::npos)
        << pushed.error().message;
}

TEST_F(GitRemote, FindsFetchesAndChecksOutRemoteFixBranch) {
    const std::string theirs = someone_else_pushes("autonomous-fix-6");
    auto git = open();
    ASSERT_TRUE(git);
    auto exists = git->remote_branch_exists("autonomous-fix-6");
    ASSERT_TRUE(exists) << exists.error().message;
    EXPECT_TRUE(*exists);
    EXPECT_FALSE(*git->remote_branch_exists("autonomous-fix-999"));
    EXPECT_FALSE(*git->local_branch_exists("autonomous-fix-6"));

    auto fetched = git->fetch_branch("autonomous-fix-6");
    ASSERT_TRUE(fetched) << fetched.error().message;
    EXPECT_EQ(work.rev("refs/remotes/origin/autonomous-fix-6"), theirs);
    ASSERT_TRUE(git->checkout_branch("autonomous-fix-6"));
    EXPECT_EQ(*git->current_branch(), "autonomous-fix-6");
    EXPECT_EQ(*git->head_commit(), theirs);
    EXPECT_EQ(work.read("human.txt"), "human work\n");
    EXPECT_EQ(trimmed(work.git({"rev-parse", "--abbrev-ref", "autonomous-fix-6@{upstream}"})),
              "origin/autonomous-fix-6");

    auto commits = git->commits_between("origin/main", "autonomous-fix-6", 50);
    ASSERT_TRUE(commits);
    ASSERT_EQ(commits->size(), 1u);
    EXPECT_EQ(commits->front().author_name, "Test Human");

    work.write("src/app.cpp", "int main() { return 0; }\n");
    ASSERT_TRUE(git->commit_all("agent on top", k_agent));
    ASSERT_TRUE(git->push("autonomous-fix-6"));
    EXPECT_EQ(bare_rev("autonomous-fix-6~1"), theirs);
}

TEST_F(GitRemote, FetchOfMissingBranchFails) {
    auto git = open();
    ASSERT_TRUE(git);
    auto fetched = git->fetch_branch("autonomous-fix-404");
    ASSERT_FALSE(fetched);
    EXPECT_EQ(fetched.error().kind, core::ErrorKind::git);
    EXPECT_NE(fetched.error().message.find("no branch autonomous-fix-404"), std::string::npos);
    auto checkout = git->checkout_branch("autonomous-fix-404");
    ASSERT_FALSE(checkout);
    EXPECT_EQ(*git->current_branch(), "main");
}

TEST_F(GitRemote, UnreachableRemoteIsNetworkError) {
    auto git = open_at(work.path(), "http://127.0.0.1:1/acme/widget.git", k_token);
    ASSERT_TRUE(git);
    auto exists = git->remote_branch_exists("main");
    ASSERT_FALSE(exists);
    EXPECT_EQ(exists.error().kind, core::ErrorKind::network) << exists.error().message;
}

TEST_F(GitRemote, BackendServesTheGitCliWithCredentials) {
    const std::string url = server.repo_url("acme", "widget");
    const std::string authed =
        "http://x-access-token:" + k_token + "@" + url.substr(std::string("http://").size());
    auto refused = support::git_result_in(dir.path(), {"ls-remote", url});
    EXPECT_NE(refused.exit_code, 0);
    auto clone = support::RepoBuilder::clone(authed, dir / "cli-clone");
    EXPECT_EQ(clone.rev("HEAD"), base);
    const std::string sha = clone.commit_file("cli.txt", "cli\n", "from the cli");
    clone.git({"push", "-q", "origin", "HEAD:refs/heads/cli-branch"});
    EXPECT_EQ(bare_rev("refs/heads/cli-branch"), sha);
}

} // namespace
} // namespace autofix

namespace autofix {
namespace {

// A depth-1 clone of `bare` (as actions/checkout makes with its default fetch-depth: 1) after three more
// commits on main; returns its path.
std::string shallow_clone(support::TempDir& dir, const std::string& bare, const std::string& name,
                          const std::string& branch = "main") {
    support::git_in(dir.path(), {"clone", "-q", "--depth", "1", "--branch", branch, "file://" + bare, name});
    return dir / name;
}

class ShallowCheckout : public GitRemote {
protected:
    ShallowCheckout() {
        auto more = support::RepoBuilder::clone(bare, dir / "more");
        for (int i = 0; i < 3; ++i) {
            history.push_back(more.commit_file("f.txt", std::to_string(i) + "\n", "c" + std::to_string(i)));
        }
        more.git({"push", "-q", "origin", "main"});
        // GitHub serves any reachable commit by its id; git http-backend only when told so.
        support::git_in(bare, {"config", "uploadpack.allowReachableSHA1InWant", "true"});
    }
    std::vector<std::string> history;
};

TEST_F(ShallowCheckout, CaseOneCommitsAndPushesFromADepthOneClone) {
    const std::string path = shallow_clone(dir, bare, "shallow");
    auto git = open_at(path, server.repo_url("acme", "widget"), k_token);
    ASSERT_TRUE(git);
    EXPECT_TRUE(*git->is_shallow());
    ASSERT_TRUE(git->create_branch("autonomous-fix-9", "HEAD"));
    support::RepoBuilder(path).write("g.txt", "x\n");
    auto sha = git->commit_all("fix\n\nAutofix-Id: 9\n", k_agent);
    ASSERT_TRUE(sha);
    const core::Status pushed = git->push("autonomous-fix-9");
    ASSERT_TRUE(pushed) << pushed.error().message;
    EXPECT_EQ(bare_rev("refs/heads/autonomous-fix-9"), *sha);
    EXPECT_EQ(trimmed(support::git_in(bare, {"rev-parse", "autonomous-fix-9~1"})), history.back());
    auto diff = git->diff("HEAD~1", "HEAD", 100000);
    ASSERT_TRUE(diff) << diff.error().message;
    EXPECT_EQ(diff->files.size(), 1U);
}

TEST_F(ShallowCheckout, FetchCommitBringsAMissingCommitAloneIntoAShallowClone) {
    const std::string path = shallow_clone(dir, bare, "shallow");
    auto git = open_at(path, server.repo_url("acme", "widget"), k_token);
    ASSERT_TRUE(git);
    const std::string older = history[1];
    EXPECT_FALSE(*git->resolves(older));
    const core::Status fetched = git->fetch_commit(older);
    ASSERT_TRUE(fetched) << fetched.error().message;
    EXPECT_TRUE(*git->resolves(older));
    EXPECT_TRUE(*git->is_shallow());
    ASSERT_TRUE(git->create_branch("autonomous-fix-10", older));
    EXPECT_EQ(*git->head_commit(), older);
    EXPECT_EQ(support::RepoBuilder(path).read("f.txt"), "1\n");
}

TEST_F(ShallowCheckout, FetchCommitOfAnUnknownIdFailsAsGit) {
    const std::string path = shallow_clone(dir, bare, "shallow");
    auto git = open_at(path, server.repo_url("acme", "widget"), k_token);
    ASSERT_TRUE(git);
    const core::Status fetched = git->fetch_commit("0123456789abcdef0123456789abcdef01234567");
    ASSERT_FALSE(fetched);
    EXPECT_EQ(fetched.error().message.find(k_token), std::string::npos);
}

TEST_F(ShallowCheckout, FetchHistoryUnshallowsSoTheWholeBranchCanBeWalked) {
    const std::string path = shallow_clone(dir, bare, "shallow");
    auto git = open_at(path, server.repo_url("acme", "widget"), k_token);
    ASSERT_TRUE(git);
    ASSERT_EQ(git->commits_between("", "HEAD", 100)->size(), 1U); // cut at the shallow boundary
    EXPECT_FALSE(git->resolve("HEAD~1"));                         // HEAD is parsed without its parent
    const core::Status fetched = git->fetch_history({"main"});
    ASSERT_TRUE(fetched) << fetched.error().message;
    EXPECT_FALSE(*git->is_shallow());
    const auto parent = git->resolve("HEAD~1"); // not the commit cached with its parent cut off
    ASSERT_TRUE(parent) << parent.error().message;
    EXPECT_EQ(*parent, history[1]);
    const auto walked = git->commits_between("", "HEAD", 100);
    ASSERT_TRUE(walked) << walked.error().message;
    EXPECT_EQ(walked->size(), 4U); // initial + c0, c1, c2
}

} // namespace
} // namespace autofix
