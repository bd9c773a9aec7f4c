#include "agent/workspace.hpp"

#include "agent/glob.hpp"
#include "logs/filesystem_file_index.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>

namespace autofix::agent {
namespace {

namespace fs = std::filesystem;

core::Error refused(std::string_view path, const std::string& reason) {
    return core::make_error(core::ErrorKind::sandbox, "refused '" + std::string(path) + "': " + reason);
}

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(),
                      [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

bool inside(const fs::path& root, const fs::path& candidate) {
    const std::string r = root.generic_string();
    const std::string c = candidate.generic_string();
    return c == r || (c.size() > r.size() && c.compare(0, r.size(), r) == 0 && c[r.size()] == '/');
}

std::vector<std::string> components(const std::string& relative) {
    std::vector<std::string> parts;
    std::stringstream stream(relative);
    for (std::string part; std::getline(stream, part, '/');) {
        if (!part.empty()) {
            parts.push_back(part);
        }
    }
    return parts;
}

std::optional<core::Error> refuse_git_or_protected(std::string_view original, const std::string& relative,
                                                   Access access, const WorkspaceOptions& options) {
    for (const auto& part : components(relative)) {
        if (same_name(part, ".git")) {
            return refused(original, "anything under .git/ is off limits");
        }
    }
    if (access == Access::write) {
        for (const auto& glob : options.protected_globs) {
            if (glob_match(glob, relative)) {
                return refused(original, "the path is protected (matches '" + glob +
                                             "'); the fix session may not change it");
            }
        }
    }
    return std::nullopt;
}

bool hidden(const fs::path& name) {
    const std::string text = name.filename().string();
    return !text.empty() && text[0] == '.';
}

} // namespace

bool looks_binary(std::string_view content) {
    return content.substr(0, 8000).find('\0') != std::string_view::npos;
}

Workspace::Workspace(fs::path root, WorkspaceOptions options)
    : m_root(std::move(root)), m_options(std::move(options)) {}

core::Expected<Workspace> Workspace::open(const fs::path& root, WorkspaceOptions options) {
    std::error_code error;
    const fs::path canonical = fs::canonical(root, error);
    if (error || !fs::is_directory(canonical, error)) {
        return core::make_error(core::ErrorKind::io,
                                "workspace root " + root.string() + " is not a directory");
    }
    return Workspace(canonical, std::move(options));
}

core::Expected<std::string> Workspace::check(std::string_view path, Access access) const {
    if (path.empty()) {
        return refused(path, "the path is empty");
    }
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            return refused("(path with control characters)", "paths may not contain NUL, newlines or control "
                                                             "characters");
        }
    }
    if (path.front() == '/' || path.front() == '\\') {
        return refused(path, "absolute paths are not allowed; use a path relative to the repository root "
                             "(for example src/main.cpp)");
    }
    std::vector<std::string> parts;
    for (const auto& part : components(std::string(path))) {
        if (part == ".") {
            continue;
        }
        if (part == "..") {
            if (parts.empty()) {
                return refused(path, "the path escapes the repository with '..'");
            }
            parts.pop_back();
            continue;
        }
        parts.push_back(part);
    }
    std::string relative;
    for (const auto& part : parts) {
        relative += (relative.empty() ? "" : "/") + part;
    }
    if (auto refusal = refuse_git_or_protected(path, relative, access, m_options)) {
        return *refusal;
    }
    // Walk the components: a symlink anywhere must resolve inside the root.
    std::error_code error;
    fs::path current = m_root;
    for (const auto& part : parts) {
        current /= part;
        const auto status = fs::symlink_status(current, error);
        if (error || !fs::exists(status)) {
            break;
        }
        if (fs::is_symlink(status)) {
            const fs::path target = fs::weakly_canonical(current, error);
            if (error || !inside(m_root, target)) {
                return refused(path, "it is a symbolic link leading out of the repository");
            }
        }
    }
    const fs::path resolved = fs::weakly_canonical(m_root / relative, error);
    if (error || !inside(m_root, resolved)) {
        return refused(path, "it resolves outside the repository");
    }
    const std::string resolved_relative =
        resolved == m_root ? std::string() : resolved.lexically_relative(m_root).generic_string();
    if (resolved_relative != relative) {
        if (auto refusal = refuse_git_or_protected(path, resolved_relative, access, m_options)) {
            return *refusal;
        }
    }
    return relative;
}

bool Workspace::is_directory(const std::string& relative) const {
    std::error_code error;
    return fs::is_directory(m_root / relative, error);
}

core::Expected<std::string> Workspace::read_text(std::string_view path) const {
    auto relative = check(path, Access::read);
    if (!relative) {
        return relative.error();
    }
    const fs::path file = m_root / *relative;
    std::error_code error;
    if (!fs::exists(file, error)) {
        return refused(path, "the file does not exist");
    }
    if (fs::is_directory(file, error)) {
        return refused(path, "it is a directory");
    }
    if (!fs::is_regular_file(file, error)) {
        return refused(path, "it is not a regular file");
    }
    const auto size = fs::file_size(file, error);
    if (error || size > m_options.max_file_bytes) {
        return refused(path, "the file is larger than the " + std::to_string(m_options.max_file_bytes) +
                                 "-byte cap");
    }
    std::ifstream in(file, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        return core::make_error(core::ErrorKind::io, "reading " + *relative + " failed");
    }
    if (looks_binary(content)) {
        return refused(path, "it is a binary file");
    }
    return content;
}

core::Status Workspace::write_text(std::string_view path, const std::string& content) {
    auto relative = check(path, Access::write);
    if (!relative) {
        return relative.error();
    }
    if (relative->empty()) {
        return refused(path, "the repository root is not a file");
    }
    if (content.size() > m_options.max_file_bytes) {
        return refused(path, "the content is larger than the " + std::to_string(m_options.max_file_bytes) +
                                 "-byte cap");
    }
    if (looks_binary(content)) {
        return refused(path, "the content holds NUL bytes; only text files may be written");
    }
    const fs::path file = m_root / *relative;
    std::error_code error;
    if (fs::is_directory(file, error)) {
        return refused(path, "it is a directory");
    }
    if (m_originals.count(*relative) == 0) {
        std::optional<std::string> original;
        if (fs::exists(file, error)) {
            std::ifstream in(file, std::ios::binary);
            original = std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        }
        m_originals.emplace(*relative, std::move(original));
    }
    fs::create_directories(file.parent_path(), error);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) {
        return core::make_error(core::ErrorKind::io, "writing " + *relative + " failed");
    }
    return {};
}

std::vector<std::string> Workspace::list_files(const std::string& directory, bool include_hidden) const {
    std::vector<std::string> files;
    std::error_code error;
    const fs::path start = m_root / directory;
    if (!fs::is_directory(start, error)) {
        return files;
    }
    fs::recursive_directory_iterator it(start, fs::directory_options::skip_permission_denied, error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        std::error_code ignored;
        const fs::path& entry = it->path();
        const bool is_git = same_name(entry.filename().string(), ".git");
        if (is_git || (!include_hidden && hidden(entry))) {
            if (it->is_directory(ignored) && !it->is_symlink(ignored)) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (it->is_symlink(ignored) || !it->is_regular_file(ignored)) {
            continue;
        }
        files.push_back(logs::relative_to(entry, m_root));
        if (files.size() >= m_options.max_listed_files) {
            break;
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::string> Workspace::list_tree(const std::string& directory, int depth) const {
    std::vector<std::string> entries;
    std::error_code error;
    const fs::path start = m_root / directory;
    fs::recursive_directory_iterator it(start, fs::directory_options::skip_permission_denied, error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        std::error_code ignored;
        const fs::path& entry = it->path();
        const bool directory_entry = it->is_directory(ignored) && !it->is_symlink(ignored);
        if (directory_entry && (hidden(entry) || it.depth() + 1 >= depth)) {
            it.disable_recursion_pending();
        }
        if (hidden(entry)) {
            continue;
        }
        entries.push_back(logs::relative_to(entry, m_root) + (directory_entry ? "/" : ""));
        if (entries.size() >= m_options.max_listed_files) {
            break;
        }
    }
    std::sort(entries.begin(), entries.end());
    return entries;
}

core::Status Workspace::restore() {
    for (const auto& [relative, original] : m_originals) {
        const fs::path file = m_root / relative;
        std::error_code error;
        if (!original) {
            fs::remove(file, error);
        } else {
            std::ofstream out(file, std::ios::binary | std::ios::trunc);
            out << *original;
            out.close();
            if (!out) {
                error = std::make_error_code(std::errc::io_error);
            }
        }
        if (error) {
            return core::make_error(core::ErrorKind::io, "restoring " + relative + ": " + error.message());
        }
    }
    m_originals.clear();
    return {};
}

std::vector<std::string> Workspace::changed_files() const {
    std::vector<std::string> changed;
    for (const auto& [relative, original] : m_originals) {
        const fs::path file = m_root / relative;
        std::error_code error;
        if (!fs::exists(file, error)) {
            if (original) {
                changed.push_back(relative);
            }
            continue;
        }
        std::ifstream in(file, std::ios::binary);
        const std::string now((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!original || *original != now) {
            changed.push_back(relative);
        }
    }
    return changed;
}

std::vector<FileEdit> Workspace::edits() const {
    std::vector<FileEdit> edits;
    for (const auto& [relative, original] : m_originals) {
        const fs::path file = m_root / relative;
        std::error_code error;
        std::optional<std::string> now;
        if (fs::exists(file, error)) {
            std::ifstream in(file, std::ios::binary);
            now.emplace((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        }
        if (now != original) {
            edits.push_back({relative, original, std::move(now)});
        }
    }
    return edits;
}

} // namespace autofix::agent
