// Checks that hand_back_workspace gives what this process wrote under a workspace (folders, files, symlinks
// themselves, .git included) to the workspace's owner, leaves alone what changed before the run, and does
// nothing when the process owns the workspace. Needs root for the chown; skipped otherwise.
#include "action/workspace_ownership.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace autofix::action {
namespace {

namespace fs = std::filesystem;

constexpr uid_t runner = 1001;

struct WorkspaceOwnership : ::testing::Test {
    fs::path root;

    void SetUp() override {
        if (::geteuid() != 0) {
            GTEST_SKIP() << "needs root";
        }
        root = fs::temp_directory_path() / ("autofix-owner-" + std::to_string(std::random_device()()));
        fs::create_directories(root);
        ASSERT_EQ(::chown(root.c_str(), runner, runner), 0);
        fs::create_directories(root / ".git/objects/ab");
        std::ofstream(root / ".git/objects/ab/cdef") << "object";
        std::ofstream(root / "edited.txt") << "text";
        fs::create_symlink("/etc/hostname", root / "link");
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }

    uid_t owner(const fs::path& path) const {
        struct stat status {};
        ::lstat(path.c_str(), &status);
        return status.st_uid;
    }
};

TEST_F(WorkspaceOwnership, GivesWhatTheRunWroteToTheOwner) {
    const auto handed = hand_back_workspace(root, std::chrono::system_clock::now() - std::chrono::minutes(1));
    ASSERT_TRUE(handed) << handed.error().message;
    EXPECT_EQ(handed->changed, 6U); // .git, objects, ab, cdef, edited.txt, link
    EXPECT_EQ(handed->failed, 0U);
    for (const char* path :
         {".git", ".git/objects", ".git/objects/ab", ".git/objects/ab/cdef", "edited.txt", "link"}) {
        EXPECT_EQ(owner(root / path), runner) << path;
    }
}

TEST_F(WorkspaceOwnership, LeavesWhatChangedBeforeTheRun) {
    const auto handed = hand_back_workspace(root, std::chrono::system_clock::now() + std::chrono::hours(1));
    ASSERT_TRUE(handed);
    EXPECT_EQ(handed->changed, 0U);
    EXPECT_EQ(owner(root / "edited.txt"), 0U);
}

TEST_F(WorkspaceOwnership, DoesNothingWhenTheProcessOwnsTheWorkspace) {
    ASSERT_EQ(::chown(root.c_str(), 0, 0), 0);
    const auto handed = hand_back_workspace(root, std::chrono::system_clock::now() - std::chrono::minutes(1));
    ASSERT_TRUE(handed);
    EXPECT_EQ(handed->changed, 0U);
    EXPECT_EQ(owner(root / "edited.txt"), 0U);
}

TEST_F(WorkspaceOwnership, HandsBackOneFileAndTheFoldersMadeForItOnly) {
    fs::create_directories(root / "out/nested");
    std::ofstream(root / "out/nested/result.json") << "{}";
    const auto handed = hand_back_file(root, root / "out/nested/result.json",
                                       std::chrono::system_clock::now() - std::chrono::minutes(1));
    ASSERT_TRUE(handed) << handed.error().message;
    EXPECT_EQ(handed->changed, 3U); // out, nested, result.json
    EXPECT_EQ(owner(root / "out/nested/result.json"), runner);
    EXPECT_EQ(owner(root / "out"), runner);
    EXPECT_EQ(owner(root / "edited.txt"), 0U); // the rest of the workspace is not walked
    EXPECT_EQ(owner(root / ".git/objects/ab/cdef"), 0U);
}

TEST_F(WorkspaceOwnership, LeavesAFileOutsideTheWorkspaceAlone) {
    const fs::path outside = root.string() + "-outside.json";
    std::ofstream(outside) << "{}";
    const auto handed =
        hand_back_file(root, outside, std::chrono::system_clock::now() - std::chrono::minutes(1));
    ASSERT_TRUE(handed);
    EXPECT_EQ(handed->changed, 0U);
    EXPECT_EQ(owner(outside), 0U);
    fs::remove(outside);
}

} // namespace
} // namespace autofix::action
