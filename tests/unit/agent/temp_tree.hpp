#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace autofix::testing {

/// A temporary directory removed at destruction, with helpers to write and read files in it.
class TempTree {
public:
    TempTree() {
        std::random_device random;
        m_root = std::filesystem::temp_directory_path() / ("autofix-agent-" + std::to_string(random()));
        std::filesystem::create_directories(m_root);
    }
    ~TempTree() {
        std::error_code ignored;
        std::filesystem::remove_all(m_root, ignored);
    }
    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;

    /// The directory.
    const std::filesystem::path& root() const { return m_root; }

    /// Writes `content` to `relative`, creating directories.
    void write(const std::string& relative, const std::string& content) const {
        const auto path = m_root / relative;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << content;
    }

    /// Returns the content of `relative` ("" when missing).
    std::string read(const std::string& relative) const {
        std::ifstream in(m_root / relative, std::ios::binary);
        std::stringstream buffer;
        buffer << in.rdbuf();
        return buffer.str();
    }

private:
    std::filesystem::path m_root;
};

} // namespace autofix::testing
