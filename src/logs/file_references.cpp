#include "logs/file_references.hpp"

#include <algorithm>
#include <array>

namespace autofix::logs {
namespace {

constexpr std::size_t max_reason_bytes = 240;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
    return is_alpha(c) || is_digit(c);
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

bool path_char(char c) {
    return is_alnum(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == '\\' || c == '+' || c == '~';
}

bool identifier_char(char c) {
    return is_alnum(c) || c == '_' || c == '$';
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

// Reads digits at `at`; returns the number (0 if none or absurd) and moves `at` past them.
std::uint32_t read_number(std::string_view text, std::size_t& at) {
    std::uint64_t value = 0;
    std::size_t start = at;
    while (at < text.size() && is_digit(text[at]) && at - start < 9) {
        value = value * 10 + static_cast<std::uint64_t>(text[at] - '0');
        ++at;
    }
    return static_cast<std::uint32_t>(value);
}

// True when the last component of `token` has a file extension: a letter, then up to nine alphanumerics.
bool has_extension(std::string_view token) {
    std::size_t slash = token.find_last_of("/\\");
    std::string_view base = slash == std::string_view::npos ? token : token.substr(slash + 1);
    std::size_t dot = base.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 >= base.size() || base.size() - dot - 1 > 10) {
        return false;
    }
    std::string_view ext = base.substr(dot + 1);
    // Extensions are lower case (.cpp, .py, .mp4) or very short (.C, .R, .H); "com.example.FooTest" is a
    // class.
    bool lower_case = std::all_of(ext.begin(), ext.end(), [](char c) { return !is_upper(c); });
    return is_alpha(ext.front()) && std::all_of(ext.begin(), ext.end(), is_alnum) &&
           (lower_case || ext.size() <= 2);
}

bool is_java_source(std::string_view file) {
    return file.ends_with(".java") || file.ends_with(".kt") || file.ends_with(".scala") ||
           file.ends_with(".groovy");
}

// "com.foo.BarTest" or "com.foo.BarTest$Inner" -> "com/foo/BarTest.java"; "" when it is not a class name.
std::string class_to_path(std::string_view qualified) {
    qualified = trim(qualified);
    std::size_t dollar = qualified.find('$');
    if (dollar != std::string_view::npos) {
        qualified = qualified.substr(0, dollar);
    }
    if (qualified.empty()) {
        return {};
    }
    std::string path;
    std::size_t start = 0;
    while (true) {
        std::size_t dot = qualified.find('.', start);
        std::string_view part = qualified.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (part.empty() || !std::all_of(part.begin(), part.end(), identifier_char)) {
            return {};
        }
        if (!path.empty()) {
            path += '/';
        }
        path += part;
        if (is_upper(part.front())) {
            return path + ".java"; // the outermost class; what follows are nested names or methods
        }
        if (dot == std::string_view::npos) {
            return {};
        }
        start = dot + 1;
    }
}

bool is_dotted_name(std::string_view name) {
    return name.find('.') != std::string_view::npos &&
           std::all_of(name.begin(), name.end(), [](char c) { return identifier_char(c) || c == '.'; });
}

// Java/Kotlin stack frame: "at com.foo.Bar.baz(Bar.java:42)".
bool java_frame(std::string_view trimmed, std::vector<FileMention>& out) {
    if (!starts_with(trimmed, "at ")) {
        return false;
    }
    std::size_t open = trimmed.find('(');
    std::size_t close = trimmed.find(')', open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
        return false;
    }
    std::string_view qualified = trim(trimmed.substr(3, open - 3));
    std::string_view inside = trimmed.substr(open + 1, close - open - 1);
    std::size_t colon = inside.find(':');
    std::string_view file = inside.substr(0, colon);
    if (!is_java_source(file) || qualified.find('/') != std::string_view::npos ||
        !is_dotted_name(qualified)) {
        return false;
    }
    std::uint32_t line = 0;
    if (colon != std::string_view::npos) {
        std::size_t at = colon + 1;
        line = read_number(inside, at);
    }
    std::string package;
    std::size_t start = 0;
    while (true) {
        std::size_t dot = qualified.find('.', start);
        if (dot == std::string_view::npos) {
            break;
        }
        std::string_view part = qualified.substr(start, dot - start);
        if (part.empty() || is_upper(part.front())) {
            break;
        }
        package += std::string(part) + "/";
        start = dot + 1;
    }
    out.push_back({package + std::string(file), line, MentionKind::suffix});
    return true;
}

// unittest: "ERROR: test_y (test_mod.TestClass)" or "FAIL: test_y (pkg.test_mod.TestClass.test_y)".
bool unittest_header(std::string_view line, std::vector<FileMention>& out) {
    if (!starts_with(line, "ERROR: ") && !starts_with(line, "FAIL: ")) {
        return false;
    }
    std::string_view body = trim(line);
    if (body.empty() || body.back() != ')') {
        return false;
    }
    std::size_t open = body.rfind('(');
    if (open == std::string_view::npos) {
        return false;
    }
    std::string_view dotted = body.substr(open + 1, body.size() - open - 2);
    if (!is_dotted_name(dotted)) {
        return false;
    }
    out.push_back({std::string(dotted), 0, MentionKind::python_module});
    return true;
}

// Surefire and Gradle test names: "<<< FAILURE! - in com.foo.BarTest", "testAdd(com.foo.BarTest)",
// "[ERROR]   BarTest.testAdd:25 expected...", "com.foo.BarTest > testAdd() FAILED".
void jvm_test_names(std::string_view line, std::vector<FileMention>& out) {
    std::size_t in = line.find(" - in ");
    if (in != std::string_view::npos && line.find("<<<") != std::string_view::npos) {
        std::string path = class_to_path(line.substr(in + 6));
        if (!path.empty()) {
            out.push_back({path, 0, MentionKind::suffix});
        }
    }
    std::string_view trimmed = trim(line);
    if (trimmed.ends_with("FAILED")) {
        std::size_t arrow = trimmed.find(" > ");
        if (arrow != std::string_view::npos) {
            std::string path = class_to_path(trimmed.substr(0, arrow));
            if (!path.empty()) {
                out.push_back({path, 0, MentionKind::suffix});
            }
        }
    }
    if (starts_with(trimmed, "[ERROR]")) {
        std::string_view rest = trim(trimmed.substr(7));
        // JUnit 4: "testAdd(com.foo.BarTest)  Time elapsed: ..."
        std::size_t open = rest.find('(');
        std::size_t close = rest.find(')');
        if (open != std::string_view::npos && close != std::string_view::npos && open < close && open > 0 &&
            std::all_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(open), identifier_char)) {
            std::string path = class_to_path(rest.substr(open + 1, close - open - 1));
            if (!path.empty() && path.find('/') != std::string::npos) {
                out.push_back({path, 0, MentionKind::suffix});
            }
        }
        // Surefire summary: "BarTest.testAdd:25 expected: <5> but was: <6>"
        std::size_t dot = rest.find('.');
        std::size_t colon = rest.find(':');
        if (dot != std::string_view::npos && colon != std::string_view::npos && dot < colon && dot > 0 &&
            is_upper(rest.front()) &&
            std::all_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(colon),
                        [](char c) { return identifier_char(c) || c == '.'; })) {
            std::size_t at = colon + 1;
            std::uint32_t number = read_number(rest, at);
            if (number > 0) {
                std::string path = class_to_path(rest.substr(0, rest.rfind('.', colon)));
                if (!path.empty()) {
                    out.push_back({path, number, MentionKind::suffix});
                }
            }
        }
    }
}

// Every path-like token with an extension, and the location printed after it.
void generic_paths(std::string_view line, std::vector<FileMention>& out) {
    const std::size_t n = line.size();
    std::size_t i = 0;
    while (i < n) {
        bool drive = is_alpha(line[i]) && i + 2 < n && line[i + 1] == ':' &&
                     (line[i + 2] == '\\' || line[i + 2] == '/') && (i == 0 || !path_char(line[i - 1]));
        if (!drive && !path_char(line[i])) {
            ++i;
            continue;
        }
        std::size_t start = i;
        i += drive ? 3 : 0;
        while (i < n && path_char(line[i])) {
            ++i;
        }
        std::size_t end = i;
        while (end > start && line[end - 1] == '.') {
            --end; // a sentence's full stop
        }
        std::string_view token = line.substr(start, end - start);
        if (starts_with(token, "//") || (start >= 1 && line[start - 1] == '@') || !has_extension(token)) {
            continue;
        }
        std::uint32_t number = 0;
        std::size_t at = end;
        if (at + 1 < n && line[at] == ':' && is_digit(line[at + 1])) {
            ++at;
            number = read_number(line, at);
        } else if (at + 2 < n && line[at] == ':' && line[at + 1] == '[' && is_digit(line[at + 2])) {
            at += 2;
            number = read_number(line, at);
        } else if (at + 1 < n && line[at] == '(' && is_digit(line[at + 1])) {
            ++at;
            std::size_t probe = at;
            std::uint32_t value = read_number(line, probe);
            if (probe < n && (line[probe] == ')' || line[probe] == ',')) {
                number = value;
            }
        }
        out.push_back({std::string(token), number, MentionKind::path});
    }
}

bool excluded(std::string_view path) {
    return path.find("node_modules/") != std::string_view::npos ||
           path.find("site-packages/") != std::string_view::npos ||
           path.find("dist-packages/") != std::string_view::npos || starts_with(path, ".git/") ||
           path.find("/.git/") != std::string_view::npos;
}

bool is_absolute(std::string_view path) {
    return starts_with(path, "/") ||
           (path.size() > 2 && is_alpha(path[0]) && path[1] == ':' && path[2] == '/');
}

// The one path in `files` ending with `suffix`, or "" when there is none or more than one.
std::string unique_suffix(const FileIndex& files, std::string_view suffix) {
    auto found = files.find_by_suffix(suffix, 2);
    return found.size() == 1 ? found.front() : std::string{};
}

std::vector<std::string> resolve_mention(const FileMention& mention, const FileIndex& files,
                                         std::string_view workspace) {
    if (mention.kind == MentionKind::python_module) {
        std::vector<std::string_view> parts;
        std::string_view dotted = mention.path;
        for (std::size_t start = 0;;) {
            std::size_t dot = dotted.find('.', start);
            parts.push_back(dotted.substr(start, dot == std::string_view::npos ? dot : dot - start));
            if (dot == std::string_view::npos) {
                break;
            }
            start = dot + 1;
        }
        for (std::size_t count = parts.size(); count >= 1; --count) {
            std::string candidate;
            for (std::size_t k = 0; k < count; ++k) {
                candidate += (k == 0 ? "" : "/") + std::string(parts[k]);
            }
            candidate += ".py";
            if (files.exists(candidate)) {
                return {candidate};
            }
            if (std::string found = unique_suffix(files, candidate); !found.empty()) {
                return {found};
            }
        }
        return {};
    }
    if (mention.kind == MentionKind::suffix) {
        if (files.exists(mention.path)) {
            return {mention.path};
        }
        if (std::string found = unique_suffix(files, mention.path); !found.empty()) {
            return {found};
        }
        std::size_t slash = mention.path.rfind('/');
        if (slash != std::string::npos) {
            if (std::string found = unique_suffix(files, std::string_view(mention.path).substr(slash + 1));
                !found.empty()) {
                return {found};
            }
        }
        return {};
    }
    std::string path = to_repository_path(mention.path, workspace);
    if (path.empty()) {
        return {};
    }
    if (is_absolute(path)) {
        // Under no known root: the longest tail of at least two components that exists.
        std::size_t slash = path.find('/', path[0] == '/' ? 1 : 3);
        while (slash != std::string::npos) {
            std::string_view rest = std::string_view(path).substr(slash + 1);
            if (rest.find('/') == std::string_view::npos) {
                break;
            }
            if (files.exists(rest)) {
                return {std::string(rest)};
            }
            slash = path.find('/', slash + 1);
        }
        return {};
    }
    if (files.exists(path)) {
        return {path};
    }
    if (std::string found = unique_suffix(files, path); !found.empty()) {
        return {found}; // go test prints "calc_test.go:9:" relative to the package directory
    }
    return {};
}

} // namespace

std::vector<FileMention> find_file_mentions(std::string_view line) {
    std::vector<FileMention> out;
    std::string_view trimmed = trim(line);
    if (trimmed.empty()) {
        return out;
    }
    // Python traceback frame: File "app/x.py", line 12, in f
    std::size_t file = trimmed.find("File \"");
    if (file != std::string_view::npos) {
        std::size_t close = trimmed.find('"', file + 6);
        if (close != std::string_view::npos && close > file + 6) {
            std::string_view path = trimmed.substr(file + 6, close - file - 6);
            std::uint32_t number = 0;
            if (trimmed.substr(close, 8) == "\", line ") {
                std::size_t at = close + 8;
                number = read_number(trimmed, at);
            }
            if (!starts_with(path, "<")) {
                out.push_back({std::string(path), number, MentionKind::path});
            }
            return out;
        }
    }
    if (java_frame(trimmed, out) || unittest_header(line, out)) {
        return out;
    }
    jvm_test_names(line, out);
    generic_paths(line, out);
    return out;
}

std::string to_repository_path(std::string_view raw, std::string_view workspace) {
    std::string path(raw);
    std::replace(path.begin(), path.end(), '\\', '/');
    if (starts_with(path, "file://")) {
        path.erase(0, 7);
    }
    std::string root(workspace);
    std::replace(root.begin(), root.end(), '\\', '/');
    while (root.size() > 1 && root.back() == '/') {
        root.pop_back();
    }
    auto skip_components = [](std::string_view rest, int count) -> std::string {
        for (int k = 0; k < count; ++k) {
            std::size_t slash = rest.find('/');
            if (slash == std::string_view::npos) {
                return {};
            }
            rest.remove_prefix(slash + 1);
        }
        return std::string(rest);
    };
    bool stripped = false;
    if (!root.empty() && starts_with(path, root + "/")) {
        path.erase(0, root.size() + 1);
        stripped = true;
    }
    if (!stripped && starts_with(path, "/github/workspace/")) {
        path.erase(0, 18);
        stripped = true;
    }
    static constexpr std::array<std::string_view, 4> runner_roots = {
        "/home/runner/work/", "/Users/runner/work/", "/__w/", "/home/runner/_work/"};
    for (auto prefix : runner_roots) {
        if (!stripped && starts_with(path, prefix)) {
            path = skip_components(std::string_view(path).substr(prefix.size()), 2);
            stripped = true;
        }
    }
    if (!stripped && path.size() > 5 && is_alpha(path[0]) && path.substr(1, 4) == ":/a/") {
        path = skip_components(std::string_view(path).substr(5), 2); // D:\a\repo\repo\ on Windows runners
        stripped = true;
    }
    if (!stripped) {
        std::size_t work = path.find("/_work/"); // self-hosted runners: <runner>/_work/<repo>/<repo>/
        if (work != std::string::npos) {
            path = skip_components(std::string_view(path).substr(work + 7), 2);
            stripped = true;
        }
    }
    if (stripped && path.empty()) {
        return {};
    }
    // Resolve "." and ".." lexically; a path escaping the root is rejected.
    bool absolute = is_absolute(path);
    std::string prefix;
    std::string_view rest = path;
    if (absolute && path[0] != '/') {
        prefix = path.substr(0, 3);
        rest.remove_prefix(3);
    } else if (absolute) {
        prefix = "/";
    }
    std::vector<std::string_view> parts;
    for (std::size_t start = 0; start <= rest.size();) {
        std::size_t slash = rest.find('/', start);
        std::string_view part = rest.substr(start, slash == std::string_view::npos ? slash : slash - start);
        if (part == "..") {
            if (parts.empty()) {
                return {};
            }
            parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    std::string result = prefix;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        result += (k == 0 ? "" : "/") + std::string(parts[k]);
    }
    return parts.empty() ? std::string{} : result;
}

FileReferenceCollector::FileReferenceCollector(std::size_t max_candidates)
    : m_max_candidates(max_candidates) {}

void FileReferenceCollector::add_line(std::string_view line, int weight) {
    auto mentions = find_file_mentions(line);
    for (std::size_t k = 0; k < mentions.size(); ++k) {
        auto& mention = mentions[k];
        bool seen_in_line = std::any_of(mentions.begin(), mentions.begin() + static_cast<std::ptrdiff_t>(k),
                                        [&](const FileMention& other) { return other.path == mention.path; });
        if (seen_in_line) {
            continue;
        }
        std::string key = std::to_string(static_cast<int>(mention.kind)) + ":" + mention.path;
        auto it = m_candidates.find(key);
        if (it == m_candidates.end()) {
            if (m_candidates.size() >= m_max_candidates) {
                continue;
            }
            std::size_t order = m_candidates.size();
            it = m_candidates.emplace(std::move(key), Candidate{}).first;
            it->second.order = order;
        }
        Candidate& candidate = it->second;
        int worth = mention.line != 0 ? weight : std::max(1, weight / 2);
        candidate.score += worth;
        if (worth > candidate.best_weight || (candidate.mention.line == 0 && mention.line != 0)) {
            candidate.best_weight = std::max(candidate.best_weight, worth);
            candidate.reason.assign(trim(line).substr(0, max_reason_bytes));
            candidate.mention = mention;
        }
    }
}

std::vector<FileReference> FileReferenceCollector::resolve(const FileIndex& files, std::string_view workspace,
                                                           std::size_t max_results) const {
    std::vector<const Candidate*> ordered;
    ordered.reserve(m_candidates.size());
    for (const auto& entry : m_candidates) {
        ordered.push_back(&entry.second);
    }
    std::sort(ordered.begin(), ordered.end(),
              [](const Candidate* a, const Candidate* b) { return a->order < b->order; });

    struct Merged {
        FileReference reference;
        int best_weight = 0;
        std::size_t order = 0;
    };
    std::vector<Merged> merged;
    std::unordered_map<std::string, std::size_t> by_path;
    for (const Candidate* candidate : ordered) {
        for (auto& path : resolve_mention(candidate->mention, files, workspace)) {
            if (excluded(path)) {
                continue;
            }
            auto [it, inserted] = by_path.emplace(path, merged.size());
            if (inserted) {
                merged.push_back({FileReference{path, candidate->mention.line, 0, candidate->reason},
                                  candidate->best_weight, candidate->order});
            }
            Merged& entry = merged[it->second];
            entry.reference.score += candidate->score;
            if (candidate->best_weight > entry.best_weight ||
                (entry.reference.line == 0 && candidate->mention.line != 0)) {
                entry.best_weight = std::max(entry.best_weight, candidate->best_weight);
                entry.reference.line = candidate->mention.line;
                entry.reference.reason = candidate->reason;
            }
        }
    }
    std::stable_sort(merged.begin(), merged.end(), [](const Merged& a, const Merged& b) {
        return a.reference.score != b.reference.score ? a.reference.score > b.reference.score
                                                      : a.order < b.order;
    });
    std::vector<FileReference> result;
    for (std::size_t k = 0; k < merged.size() && k < max_results; ++k) {
        result.push_back(std::move(merged[k].reference));
    }
    return result;
}

} // namespace autofix::logs
