// Checks host/obtain-binary, the first step of the host-mode action, against a stand-in `docker` on PATH: the
// binary comes out of the image ../action.yml pins, is cached per image in the tool cache, and its path is
// the step's output; AUTOFIX_BINARY is used as it is.
#include "action/outputs.hpp"
#include "support/repo_builder.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace autofix {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

struct HostAction : ::testing::Test {
    TempDir dir;
    std::string image = "ghcr.io/octo/autofix-action@sha256:0123456789abcdef";

    HostAction() {
        fs::create_directories(dir / "action/host");
        fs::create_directories(dir / "bin");
        std::ofstream(dir / "action/action.yml")
            << "name: x\nruns:\n  using: 'docker'\n  image: 'docker://" << image << "'\n";
        fs::copy_file(std::string(AUTOFIX_SOURCE_DIR) + "/host/obtain-binary",
                      dir / "action/host/obtain-binary");
        // The stand-in docker logs its arguments; `cp` copies the freshly built binary out of "the image".
        std::ofstream(dir / "bin/docker") << "#!/bin/sh\necho \"$*\" >> '" << dir / "docker.log"
                                          << "'\n"
                                          << "case \"$1\" in\n"
                                          << "create) echo container-1 ;;\n"
                                          << "cp) [ \"$2\" = container-1:/usr/local/bin/autofix ] && cp '"
                                          << AUTOFIX_BINARY << "' \"$3\" ;;\n"
                                          << "esac\n";
        fs::permissions(dir / "bin/docker", fs::perms::owner_all);
    }

    // Runs the step; returns its `path` output ("" when none).
    std::string obtain(const std::string& extra = "") {
        const std::string output = dir / "output";
        std::ofstream(output, std::ios::trunc).close();
        std::vector<std::string> argv{"env",
                                      "-i",
                                      "PATH=" + (dir / "bin") + ":/usr/bin:/bin",
                                      "ACTION_DIR=" + (dir / "action/host"),
                                      "GITHUB_OUTPUT=" + output,
                                      "RUNNER_TOOL_CACHE=" + (dir / "tool-cache"),
                                      "RUNNER_TEMP=" + (dir / "temp")};
        if (!extra.empty()) {
            argv.push_back(extra);
        }
        argv.push_back(dir / "action/host/obtain-binary");
        const auto result = testing::run_command(argv);
        EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
        const auto outputs = action::parse_output_file(read_file(output));
        if (!outputs || outputs->count("path") == 0) {
            return "";
        }
        return outputs->at("path");
    }
};

TEST_F(HostAction, TakesTheBinaryOutOfThePinnedImageOnceAndCachesIt) {
    const std::string path = obtain();
    ASSERT_FALSE(path.empty());
    EXPECT_TRUE(path.starts_with(dir / "tool-cache/autofix-action/")) << path;
    EXPECT_EQ(testing::run_command({path, "--version"}).exit_code, 0);
    const std::string log = read_file(dir / "docker.log");
    EXPECT_NE(log.find("pull -q " + image), std::string::npos) << log;
    EXPECT_NE(log.find("create " + image), std::string::npos) << log;
    EXPECT_NE(log.find("rm -f container-1"), std::string::npos) << log;
    // A second job on the same runner uses the cached copy.
    fs::remove(dir / "docker.log");
    EXPECT_EQ(obtain(), path);
    EXPECT_FALSE(fs::exists(dir / "docker.log"));
}

TEST_F(HostAction, UsesAutofixBinaryAsItIs) {
    EXPECT_EQ(obtain(std::string("AUTOFIX_BINARY=") + AUTOFIX_BINARY), AUTOFIX_BINARY);
    EXPECT_FALSE(fs::exists(dir / "docker.log"));
}

} // namespace
} // namespace autofix
