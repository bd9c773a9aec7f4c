#include "logs/file_references.hpp"

#include "logs/file_inference.hpp"
#include "logs/text_view.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace autofix::logs {
namespace {

constexpr std::size_t max_reason_bytes = 240;
constexpr double block_decay = 0.5;        // what a mention is worth per failure block that followed it
constexpr double repeat_worth = 0.25;      // a repeat within one block adds this share of its weight
constexpr std::size_t max_kept_lines = 12; // lines naming one mention that are kept for the excerpt
constexpr int max_repeats = 2;             // repeats within one block that add to a mention's score
constexpr std::size_t max_options = 8;
constexpr int min_shared_failures = 3; // failures naming one source file that make it their shared cause //
                                       // files one ambiguous suffix may stand for

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

using text::starts_with;
using text::trim;

bool is_absolute(std::string_view path) {
    return starts_with(path, "/") ||
           (path.size() > 2 && is_alpha(path[0]) && path[1] == ':' && path[2] == '/');
}

std::string_view basename_of(std::string_view path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

void add_options(std::vector<std::string>& options, std::vector<std::string> found) {
    for (auto& path : found) {
        if (std::find(options.begin(), options.end(), path) == options.end()) {
            options.push_back(std::move(path));
        }
    }
}

// The files a path suffix may stand for: the exact path, else every path ending with it.
std::vector<std::string> suffix_options(const FileIndex& files, std::string_view suffix) {
    if (files.exists(suffix)) {
        return {std::string(suffix)};
    }
    return files.find_by_suffix(suffix, max_options);
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        std::size_t at = text.find(separator, start);
        parts.emplace_back(text.substr(start, at == std::string_view::npos ? at : at - start));
        if (at == std::string_view::npos) {
            break;
        }
        start = at + 1;
    }
    return parts;
}

constexpr std::array<std::string_view, 4> jvm_extensions = {".java", ".kt", ".scala", ".groovy"};

// A JVM class path without extension ("com/foo/Bar") as the source files it may be.
std::vector<std::string> jvm_options(const FileIndex& files, std::string_view stem) {
    std::vector<std::string> options;
    for (auto extension : jvm_extensions) {
        add_options(options, suffix_options(files, std::string(stem) + std::string(extension)));
    }
    if (options.empty() && stem.find('/') != std::string_view::npos) {
        for (auto extension : jvm_extensions) {
            add_options(options,
                        suffix_options(files, std::string(basename_of(stem)) + std::string(extension)));
        }
    }
    return options;
}

// A dotted name as a Python module ("pkg.mod.Class" -> pkg/mod.py) or a JVM class ("com.x.Foo$In.m" ->
// com/x/Foo.java): the longest prefix that is a file.
std::vector<std::string> dotted_options(const FileIndex& files, std::string_view dotted, bool python_only) {
    std::vector<std::string> parts = split(dotted, '.');
    for (auto& part : parts) {
        part = part.substr(0, part.find('$'));
    }
    std::size_t min_parts = python_only ? 1 : 2;
    for (std::size_t count = parts.size(); count >= 1 && count >= std::min(min_parts, parts.size());
         --count) {
        std::string stem;
        bool empty_part = false;
        for (std::size_t k = 0; k < count; ++k) {
            empty_part = empty_part || parts[k].empty();
            stem += (k == 0 ? "" : "/") + parts[k];
        }
        if (empty_part) {
            continue;
        }
        if (count < 2 && !python_only) {
            break;
        }
        auto python = suffix_options(files, stem + ".py");
        if (!python.empty()) {
            return python;
        }
        if (!python_only && is_upper(parts[count - 1].front())) {
            std::vector<std::string> options;
            for (auto extension : jvm_extensions) {
                add_options(options, suffix_options(files, stem + std::string(extension)));
            }
            if (!options.empty()) {
                return options;
            }
        }
    }
    return {};
}

// A Go import path as the files of the package directory that ends with it (tests first).
std::vector<std::string> go_options(const std::vector<std::string>& tree, std::string_view package) {
    std::vector<std::string> parts = split(package, '/');
    for (std::size_t keep = parts.size(); keep >= 1; --keep) {
        std::string suffix;
        for (std::size_t k = parts.size() - keep; k < parts.size(); ++k) {
            suffix += (suffix.empty() ? "" : "/") + parts[k];
        }
        std::vector<std::string> tests;
        std::vector<std::string> sources;
        for (const auto& path : tree) {
            std::size_t slash = path.rfind('/');
            std::string_view dir =
                slash == std::string::npos ? std::string_view{} : std::string_view(path).substr(0, slash);
            if (!path.ends_with(".go") ||
                !(dir == suffix || (dir.size() > suffix.size() && dir.ends_with(suffix) &&
                                    dir[dir.size() - suffix.size() - 1] == '/'))) {
                continue;
            }
            (path.ends_with("_test.go") ? tests : sources).push_back(path);
        }
        if (!tests.empty() || !sources.empty()) {
            tests.insert(tests.end(), sources.begin(), sources.end());
            if (tests.size() > 4) {
                tests.resize(4);
            }
            return tests;
        }
    }
    return {};
}

// The artifactId a pom.xml declares for its own project (not its parent's); empty when none.
std::string_view declared_artifact(std::string_view pom) {
    std::size_t parent_end = pom.find("</parent>");
    std::size_t from =
        pom.find("<parent>") < parent_end && parent_end != std::string_view::npos ? parent_end : 0;
    std::size_t open = pom.find("<artifactId>", from);
    if (open == std::string_view::npos) {
        return {};
    }
    open += 12;
    std::size_t close = pom.find("</artifactId>", open);
    return close == std::string_view::npos ? std::string_view{} : trim(pom.substr(open, close - open));
}

// The module directory whose pom.xml declares `artifact` (the name Maven prints after "on project"), read
// from at most max_poms build files.
std::vector<std::string> declared_module(const FileIndex& files, std::string_view artifact) {
    constexpr std::size_t max_poms = 64;
    constexpr std::size_t max_pom_bytes = 8192;
    for (const auto& pom : files.find_by_suffix("pom.xml", max_poms)) {
        if (pom == "pom.xml" || is_vendored_path(pom)) {
            continue;
        }
        auto text = files.read(pom, max_pom_bytes);
        if (text && declared_artifact(*text) == artifact) {
            return {pom};
        }
    }
    return {};
}

// A Maven/Gradle module as its build file.
std::vector<std::string> module_options(const FileIndex& files, std::string_view module) {
    static constexpr std::array<std::string_view, 3> build_files = {"pom.xml", "build.gradle",
                                                                    "build.gradle.kts"};
    for (auto build : build_files) {
        std::string path =
            module == "." ? std::string(build) : std::string(module) + "/" + std::string(build);
        if (files.exists(path)) {
            return {path};
        }
    }
    for (auto build : build_files) {
        auto found = files.find_by_suffix(std::string(basename_of(module)) + "/" + std::string(build), 2);
        if (found.size() == 1) {
            return found;
        }
    }
    // The pom.xml that declares the artifact names its directory, whatever the directory is called.
    if (auto declared = declared_module(files, module); !declared.empty()) {
        return declared;
    }
    // Artifacts are often named <project>-<directory> ("rinsim-ui" in ui/): the tails of the name after a
    // '-'.
    for (std::size_t dash = module.find('-'); dash != std::string_view::npos;
         dash = module.find('-', dash + 1)) {
        std::string_view tail = module.substr(dash + 1);
        for (auto build : build_files) {
            std::string path = std::string(tail) + "/" + std::string(build);
            if (!tail.empty() && files.exists(path)) {
                return {path};
            }
        }
    }
    for (auto build : build_files) {
        if (files.exists(build)) {
            return {std::string(build)}; // a single-module build names its artifact, not its directory
        }
    }
    return {};
}

std::vector<std::string> resolve_mention(const FileMention& mention, const FileIndex& files,
                                         std::string_view workspace, const std::vector<std::string>& tree) {
    switch (mention.kind) {
    case MentionKind::python_module:
        return dotted_options(files, mention.path, true);
    case MentionKind::dotted:
        return dotted_options(files, mention.path, false);
    case MentionKind::jvm_class:
        return jvm_options(files, mention.path);
    case MentionKind::go_package:
        return go_options(tree, mention.path);
    case MentionKind::build_module:
        return module_options(files, mention.path);
    case MentionKind::suffix: {
        auto options = suffix_options(files, mention.path);
        if (options.empty() && mention.path.find('/') != std::string::npos) {
            options = suffix_options(files, basename_of(mention.path));
        }
        return options;
    }
    case MentionKind::path:
        break;
    }
    if (is_vendored_path(mention.path)) {
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
    // go test prints "calc_test.go:9:" relative to the package directory.
    auto options = suffix_options(files, path);
    // A generated or copied tree ("build/x/src/a.py", a project generated from a template): the longest tail
    // of at least two components that is a file.
    for (std::size_t slash = path.find('/'); options.empty() && slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
        std::string_view rest = std::string_view(path).substr(slash + 1);
        if (rest.find('/') == std::string_view::npos) {
            break;
        }
        options = suffix_options(files, rest);
    }
    return options;
}

// Components two paths share from the root.
std::size_t shared_dirs(std::string_view a, std::string_view b) {
    std::size_t shared = 0;
    std::size_t k = 0;
    while (k < a.size() && k < b.size() && a[k] == b[k]) {
        if (a[k] == '/') {
            ++shared;
        }
        ++k;
    }
    return shared;
}

} // namespace

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
    static constexpr std::array<std::string_view, 6> runner_roots = {
        "/home/runner/work/",  "/Users/runner/work/", "/__w/",
        "/home/runner/_work/", "/home/travis/build/", "/builds/"};
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

void FileReferenceCollector::forget_weakest() {
    std::vector<double> scores;
    scores.reserve(m_candidates.size());
    auto current = [this](const Candidate& candidate) {
        return (candidate.past + candidate.block_best + candidate.block_extra) *
               std::pow(block_decay, static_cast<double>(m_block - candidate.block));
    };
    for (const auto& entry : m_candidates) {
        scores.push_back(current(entry.second));
    }
    auto middle = scores.begin() + static_cast<std::ptrdiff_t>(scores.size() / 2);
    std::nth_element(scores.begin(), middle, scores.end());
    const double threshold = *middle;
    std::size_t to_forget = scores.size() / 2;
    for (auto it = m_candidates.begin(); it != m_candidates.end() && to_forget > 0;) {
        if (current(it->second) <= threshold) {
            it = m_candidates.erase(it);
            --to_forget;
        } else {
            ++it;
        }
    }
}

void FileReferenceCollector::add_line(std::string_view line, int weight, bool dotted, std::uint64_t number) {
    auto mentions = find_file_mentions(line, dotted);
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
                forget_weakest();
                if (m_candidates.size() >= m_max_candidates) {
                    continue;
                }
            }
            std::size_t order = m_next_order++;
            it = m_candidates.emplace(std::move(key), Candidate{}).first;
            it->second.order = order;
            it->second.block = m_block;
        }
        Candidate& candidate = it->second;
        int worth = mention.line != 0 ? weight : std::max(1, weight / 2);
        if (mention.kind == MentionKind::build_module) {
            worth = 1; // the module of a failed goal: its build file is worth a look, after the rest
        }
        if (candidate.block != m_block) {
            candidate.past = (candidate.past + candidate.block_best + candidate.block_extra) *
                             std::pow(block_decay, static_cast<double>(m_block - candidate.block));
            candidate.block = m_block;
            candidate.block_best = 0;
            candidate.block_extra = 0;
            candidate.hits_in_block = 0;
            candidate.failures_in_block = 0;
        }
        if (candidate.failure != m_failure || candidate.failures_in_block == 0) {
            candidate.failure = m_failure;
            ++candidate.failures_in_block;
        }
        int weaker = std::min(worth, candidate.block_best);
        if (candidate.hits_in_block > 0 && candidate.hits_in_block <= max_repeats) {
            candidate.block_extra += weaker * repeat_worth;
        }
        candidate.block_best = std::max(candidate.block_best, worth);
        ++candidate.hits_in_block;
        if (number != 0 && (candidate.lines.empty() ||
                            candidate.lines.back().second != trim(line).substr(0, max_reason_bytes))) {
            if (candidate.lines.size() >= max_kept_lines) {
                candidate.lines.erase(candidate.lines.begin() + max_kept_lines / 2);
            }
            candidate.lines.emplace_back(number, std::string(trim(line).substr(0, max_reason_bytes)));
        }
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
    bool wants_tree = false;
    for (const auto& entry : m_candidates) {
        ordered.push_back(&entry.second);
        wants_tree = wants_tree || entry.second.mention.kind == MentionKind::go_package;
    }
    std::sort(ordered.begin(), ordered.end(),
              [](const Candidate* a, const Candidate* b) { return a->order < b->order; });
    const std::vector<std::string> tree = wants_tree ? files.list(200000) : std::vector<std::string>{};

    struct Merged {
        FileReference reference;
        double score = 0;
        int best_weight = 0;
        std::size_t order = 0;
        int failures = 0; // distinct failures of the final block that named it
    };
    std::vector<Merged> merged;
    std::unordered_map<std::string, std::size_t> by_path;
    auto merge = [&](const Candidate& candidate, const std::string& path) {
        auto [it, inserted] = by_path.emplace(path, merged.size());
        if (inserted) {
            merged.push_back({FileReference{path, candidate.mention.line, 0, candidate.reason, false, {}}, 0,
                              candidate.best_weight, candidate.order});
        }
        Merged& entry = merged[it->second];
        for (const auto& kept : candidate.lines) {
            if (entry.reference.log_lines.size() < 2 * max_kept_lines) {
                entry.reference.log_lines.push_back(kept);
            }
        }
        entry.score += (candidate.past + candidate.block_best + candidate.block_extra) *
                       std::pow(block_decay, static_cast<double>(m_block - candidate.block));
        entry.order = std::min(entry.order, candidate.order);
        if (candidate.block == m_block) {
            entry.failures = std::max(entry.failures, candidate.failures_in_block);
        }
        if (candidate.best_weight > entry.best_weight ||
            (entry.reference.line == 0 && candidate.mention.line != 0)) {
            entry.best_weight = std::max(entry.best_weight, candidate.best_weight);
            entry.reference.line = candidate.mention.line;
            entry.reference.reason = candidate.reason;
        }
    };
    // Unambiguous mentions first; they settle the ambiguous ones by proximity.
    std::vector<std::pair<const Candidate*, std::vector<std::string>>> ambiguous;
    for (const Candidate* candidate : ordered) {
        std::vector<std::string> options = resolve_mention(candidate->mention, files, workspace, tree);
        options.erase(std::remove_if(options.begin(), options.end(),
                                     [](const std::string& path) { return is_vendored_path(path); }),
                      options.end());
        bool many = options.size() > 1 && candidate->mention.kind != MentionKind::go_package;
        if (many) {
            ambiguous.emplace_back(candidate, std::move(options));
            continue;
        }
        for (const auto& path : options) {
            merge(*candidate, path);
        }
    }
    std::vector<std::string> anchors;
    for (const auto& entry : merged) {
        anchors.push_back(entry.reference.path);
    }
    for (auto& [candidate, options] : ambiguous) {
        std::size_t best_shared = 0;
        std::size_t best = options.size();
        bool tie = false;
        for (std::size_t k = 0; k < options.size(); ++k) {
            std::size_t shared = 0;
            for (const auto& anchor : anchors) {
                shared = std::max(shared, shared_dirs(options[k], anchor));
            }
            if (shared > best_shared) {
                best_shared = shared;
                best = k;
                tie = false;
            } else if (shared == best_shared && shared > 0) {
                tie = true;
            }
        }
        if (best < options.size() && !tie) {
            merge(*candidate, options[best]);
        }
    }
    // A source file that more failures of the final block name than any one test file does (the failing tests
    // of several test files lead to it) is what they share: each failure past the first adds a share of its
    // weight.
    int test_failures = 0;
    for (const auto& entry : merged) {
        if (is_test_path(entry.reference.path)) {
            test_failures = std::max(test_failures, entry.failures);
        }
    }
    for (auto& entry : merged) {
        if (entry.failures >= min_shared_failures && entry.failures > test_failures &&
            !is_test_path(entry.reference.path)) {
            entry.score += repeat_worth * entry.best_weight * (entry.failures - 1);
        }
    }
    std::stable_sort(merged.begin(), merged.end(), [](const Merged& a, const Merged& b) {
        return a.score != b.score ? a.score > b.score : a.order < b.order;
    });
    std::vector<FileReference> result;
    for (std::size_t k = 0; k < merged.size() && k < max_results; ++k) {
        merged[k].reference.score = std::max(1, static_cast<int>(std::lround(merged[k].score)));
        result.push_back(std::move(merged[k].reference));
    }
    return result;
}

} // namespace autofix::logs
