// Runs scripts/pin-action-image on a copy of action.yml with a dummy digest, as the release workflow does
// with the pushed image's, and checks the result: runs.image names the image by digest, nothing else of the
// action changes, bad arguments change nothing; and that release.yml feeds it the pushed image's digest.
#include "support/repo_builder.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace autofix {
namespace {

namespace fs = std::filesystem;

const std::string source_dir = AUTOFIX_SOURCE_DIR;
const std::string script = source_dir + "/scripts/pin-action-image";
const std::string image = "ghcr.io/octo/autofix-action";
const std::string digest = "sha256:" + std::string(64, 'a');

std::string read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// A copy of the repository's action.yml in a fresh directory.
struct ActionCopy {
    testing::TempDir dir;
    std::string path = dir / "action.yml";
    ActionCopy() { fs::copy_file(source_dir + "/action.yml", path); }
};

testing::CommandResult pin(const std::string& file, const std::string& pinned_image,
                           const std::string& pinned_digest) {
    return testing::run_command({script, pinned_image, pinned_digest, file});
}

TEST(ReleasePin, PointsRunsImageAtTheDigestAndKeepsEverythingElse) {
    ActionCopy copy;
    const testing::CommandResult result = pin(copy.path, image, digest);
    ASSERT_EQ(result.exit_code, 0) << result.err;

    const YAML::Node original = YAML::LoadFile(source_dir + "/action.yml");
    const YAML::Node pinned = YAML::LoadFile(copy.path);
    EXPECT_EQ(original["runs"]["image"].as<std::string>(),
              "Dockerfile"); // main keeps building for development
    EXPECT_EQ(pinned["runs"]["image"].as<std::string>(), "docker://" + image + "@" + digest);
    EXPECT_EQ(pinned["runs"]["using"].as<std::string>(), "docker");
    EXPECT_EQ(YAML::Dump(pinned["inputs"]), YAML::Dump(original["inputs"]));
    EXPECT_EQ(YAML::Dump(pinned["outputs"]), YAML::Dump(original["outputs"]));
    for (const char* key : {"name", "description", "author"}) {
        EXPECT_EQ(pinned[key].as<std::string>(), original[key].as<std::string>()) << key;
    }

    // Only the runs block's image line and its comments changed, line for line.
    const std::string before = read_file(source_dir + "/action.yml");
    const std::string after = read_file(copy.path);
    const std::string head = before.substr(0, before.find("\nruns:\n"));
    EXPECT_EQ(after.substr(0, head.size()), head);
    EXPECT_NE(after.find("\n  image: 'docker://" + image + "@" + digest + "'\n"), std::string::npos) << after;
}

TEST(ReleasePin, PinningAgainReplacesTheDigest) {
    ActionCopy copy;
    ASSERT_EQ(pin(copy.path, image, digest).exit_code, 0);
    const std::string next = "sha256:" + std::string(63, '0') + "1";
    ASSERT_EQ(pin(copy.path, image, next).exit_code, 0);
    EXPECT_EQ(YAML::LoadFile(copy.path)["runs"]["image"].as<std::string>(), "docker://" + image + "@" + next);
}

TEST(ReleasePin, RefusesWhatIsNotAnImageAndADigest) {
    ActionCopy copy;
    const std::string before = read_file(copy.path);
    for (const auto& [bad_image, bad_digest] : std::vector<std::pair<std::string, std::string>>{
             {image, "sha256:" + std::string(63, 'a')}, // too short
             {image, "sha256:" + std::string(64, 'A')}, // upper case
             {image, "v1"},                             // a tag is no digest
             {image + ":v1", digest},                   // the image with a tag
             {"ghcr.io/Octo/autofix-action", digest},   // registries want lower case
             {"autofix-action", digest},                // no registry
         }) {
        const testing::CommandResult result = pin(copy.path, bad_image, bad_digest);
        EXPECT_EQ(result.exit_code, 2) << bad_image << " " << bad_digest;
        EXPECT_FALSE(result.err.empty());
    }
    EXPECT_EQ(read_file(copy.path), before);
}

TEST(ReleasePin, FileWithoutRunsImageIsAnError) {
    testing::TempDir dir;
    const std::string path = dir / "action.yml";
    std::ofstream(path) << "name: x\nruns:\n  using: 'node20'\n  main: 'index.js'\n";
    const testing::CommandResult result = pin(path, image, digest);
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("no single image: line"), std::string::npos) << result.err;
    EXPECT_EQ(read_file(path), "name: x\nruns:\n  using: 'node20'\n  main: 'index.js'\n");
}

TEST(ReleasePin, ReleaseWorkflowPinsThePushedDigestAndMovesTheTags) {
    const YAML::Node workflow = YAML::LoadFile(source_dir + "/.github/workflows/release.yml");
    std::string build_id;
    std::string pin_step;
    std::string tag_step;
    for (const auto& job : workflow["jobs"]) {
        for (const auto& step : job.second["steps"]) {
            const std::string uses = step["uses"] ? step["uses"].as<std::string>() : "";
            const std::string run = step["run"] ? step["run"].as<std::string>() : "";
            if (uses.starts_with("docker/build-push-action")) {
                build_id = step["id"].as<std::string>();
            }
            if (run.find("scripts/pin-action-image") != std::string::npos) {
                pin_step = YAML::Dump(step);
            }
            if (run.find("git push") != std::string::npos) {
                tag_step = run;
            }
        }
    }
    ASSERT_FALSE(build_id.empty());
    EXPECT_NE(pin_step.find("steps." + build_id + ".outputs.digest"), std::string::npos) << pin_step;
    EXPECT_NE(tag_step.find("git tag"), std::string::npos) << tag_step;
    EXPECT_EQ(workflow["permissions"]["contents"].as<std::string>(), "write");
    EXPECT_EQ(workflow["permissions"]["packages"].as<std::string>(), "write");
}

} // namespace
} // namespace autofix
