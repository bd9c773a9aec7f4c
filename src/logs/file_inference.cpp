#include "logs/file_inference.hpp"

#include "logs/inference_support.hpp"
#include "logs/repository_search.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace autofix::logs {
namespace {

using namespace inference;

constexpr std::size_t max_tree_files = 200000;
constexpr std::size_t tested_candidates = 5;          // top named tests whose module is looked for
constexpr std::size_t weak_dependency_after_test = 3; // named files before build files on a weak signal
constexpr std::size_t max_lint_configs = 3; // lint configuration files listed (config, suppressions)

// The repository's own Python modules and Java classes a test imports that are not tests.
std::vector<std::string> imported_sources(const FileIndex& files, const std::string& test) {
    std::vector<std::string> found;
    auto text = files.read(test, max_read_bytes);
    if (!text) {
        return found;
    }
    std::size_t start = 0;
    while (start < text->size() && found.size() < 16) {
        std::size_t end = text->find('\n', start);
        std::string_view line =
            std::string_view(*text).substr(start, end == std::string::npos ? end : end - start);
        start = end == std::string::npos ? text->size() : end + 1;
        std::string_view name;
        if (line.starts_with("from ")) {
            name =
                line.substr(5, line.find(" import") == std::string_view::npos ? 0 : line.find(" import") - 5);
        } else if (line.starts_with("import ")) {
            name = line.substr(7);
            name = name.substr(0, name.find_first_of(" ;,"));
        }
        if (name.empty() || name.front() == '.') {
            continue;
        }
        std::string stem(name.substr(0, name.find_first_of(" ;")));
        std::replace(stem.begin(), stem.end(), '.', '/');
        for (std::string_view extension : {".py", ".java", ".kt"}) {
            auto options = files.find_by_suffix(stem + std::string(extension), 2);
            if (options.size() == 1 && !is_test_path(options.front())) {
                found.push_back(options.front());
                break;
            }
        }
    }
    return found;
}

// The module under test of each of the top named test files.
void modules_under_test(const std::vector<FileReference>& named, const FileIndex& files,
                        std::vector<Placement>& out) {
    for (std::size_t index = 0; index < named.size() && index < tested_candidates; ++index) {
        const std::string& test = named[index].path;
        if (!is_test_path(test)) {
            continue;
        }
        std::string module;
        for (const auto& name : tested_file_names(test)) {
            auto options = files.find_by_suffix(name, 32);
            options.erase(std::remove_if(options.begin(), options.end(),
                                         [](const std::string& p) { return is_test_path(p); }),
                          options.end());
            module = closest(options, source_twin(test));
            if (!module.empty()) {
                break;
            }
        }
        std::string why = "module under test of " + test + " (naming convention)";
        if (module.empty()) {
            std::string stem(basename_of(test));
            for (const auto& imported : imported_sources(files, test)) {
                std::string_view imported_stem = basename_of(imported);
                imported_stem = imported_stem.substr(0, imported_stem.rfind('.'));
                if (imported_stem.size() >= 3 && contains(stem, imported_stem)) {
                    module = imported;
                    why = "module under test of " + test + " (imported by it)";
                    break;
                }
            }
        }
        if (!module.empty()) {
            out.push_back({{module, 0, 0, "inferred: " + why, true, {}}, index + 1});
        }
    }
}

bool is_dependency_file(std::string_view path) {
    static constexpr std::array<std::string_view, 23> names = {
        "pom.xml",        "build.gradle",    "build.gradle.kts", "settings.gradle",   "gradle.properties",
        "setup.py",       "setup.cfg",       "pyproject.toml",   "Pipfile",           "Pipfile.lock",
        "poetry.lock",    "environment.yml", "package.json",     "package-lock.json", "yarn.lock",
        "pnpm-lock.yaml", "go.mod",          "go.sum",           "Cargo.toml",        "Cargo.lock",
        "Gemfile",        "Gemfile.lock",    "composer.json"};
    std::string_view base = basename_of(path);
    if (std::find(names.begin(), names.end(), base) != names.end()) {
        return true;
    }
    return base.ends_with(".txt") && (base.starts_with("requirements") || contains(path, "requirements/"));
}

// The ecosystem a dependency failure is about, from the line that reported it: "python", "node", "jvm",
// or "" when it does not say.
std::string_view ecosystem_of(std::string_view reason) {
    std::string lower(reason);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (contains(lower, "npm") || contains(lower, "yarn") || contains(lower, "pnpm") ||
        contains(lower, "cannot find module")) {
        return "node";
    }
    if (contains(lower, "pip") || contains(lower, "distribution") || contains(lower, "module named") ||
        contains(lower, "versionconflict") || contains(lower, "wheel") || contains(lower, "requirement")) {
        return "python";
    }
    if (contains(lower, "artifact") || contains(lower, "maven") || contains(lower, "gradle") ||
        contains(lower, "dependencies for project") || contains(lower, "noclassdeffound")) {
        return "jvm";
    }
    return {};
}

bool in_ecosystem(std::string_view path, std::string_view ecosystem) {
    std::string_view base = basename_of(path);
    if (ecosystem == "node") {
        return base == "package.json" || base == "package-lock.json" || base == "yarn.lock" ||
               base == "pnpm-lock.yaml";
    }
    if (ecosystem == "python") {
        return base.ends_with(".txt") || base == "setup.py" || base == "setup.cfg" ||
               base == "pyproject.toml" || base.starts_with("Pipfile") || base == "poetry.lock" ||
               base == "environment.yml";
    }
    if (ecosystem == "jvm") {
        return base == "pom.xml" || contains(base, "gradle");
    }
    return true;
}

// How likely a dependency file is the one a fix edits: requirements and manifests before lock files.
int dependency_rank(std::string_view path) {
    std::string_view base = basename_of(path);
    if (base.ends_with(".lock") || base == "package-lock.json" || base == "go.sum" ||
        base == "pnpm-lock.yaml") {
        return 2;
    }
    if (base == "setup.cfg" || base == "settings.gradle" || base == "gradle.properties") {
        return 1;
    }
    return 0;
}

void dependency_files(const std::vector<std::string>& tree, const std::vector<FileReference>& named,
                      const std::string& reason, std::size_t first_position, std::vector<Placement>& out) {
    std::vector<std::string> found;
    for (const auto& path : tree) {
        if (is_dependency_file(path) && !is_vendored_path(path)) {
            found.push_back(path);
        }
    }
    std::string near = named.empty() ? std::string{} : named.front().path;
    std::string_view ecosystem = ecosystem_of(reason);
    if (ecosystem.empty() && !near.empty()) {
        // The reason does not say: the language of the file the log names first does.
        std::string_view extension = extension_of(near);
        ecosystem = extension == ".py"                                                    ? "python"
                    : extension == ".java" || extension == ".kt" || extension == ".scala" ? "jvm"
                    : extension == ".js" || extension == ".ts" || extension == ".tsx"     ? "node"
                                                                                          : "";
    }
    if (!ecosystem.empty()) {
        found.erase(std::remove_if(found.begin(), found.end(),
                                   [&](const std::string& path) { return !in_ecosystem(path, ecosystem); }),
                    found.end());
    }
    std::stable_sort(found.begin(), found.end(), [&](const std::string& a, const std::string& b) {
        int rank_a = dependency_rank(a) + (in_ecosystem(a, ecosystem) ? 0 : 10);
        int rank_b = dependency_rank(b) + (in_ecosystem(b, ecosystem) ? 0 : 10);
        if (rank_a != rank_b) {
            return rank_a < rank_b;
        }
        std::size_t shared_a = shared_dirs(a, near);
        std::size_t shared_b = shared_dirs(b, near);
        if (shared_a != shared_b) {
            return shared_a > shared_b;
        }
        return depth_of(a) != depth_of(b) ? depth_of(a) < depth_of(b) : a.size() < b.size();
    });
    for (std::size_t k = 0; k < found.size() && k < 3; ++k) {
        out.push_back({{found[k],
                        0,
                        0,
                        "inferred: dependency file (the build failed on a dependency: " + reason + ")",
                        true,
                        {}},
                       first_position + k});
    }
}

bool is_lint_config(std::string_view tool, std::string_view path) {
    std::string_view base = basename_of(path);
    bool python = tool == "flake8" || tool == "pycodestyle" || tool == "pep8" || tool == "pyflakes" ||
                  tool == "pylint" || tool == "pydocstyle" || tool == "ruff" || tool == "mypy" ||
                  tool == "isort" || tool == "black";
    if (python) {
        return base == "setup.cfg" || base == "tox.ini" || base == ".flake8" || base == ".pylintrc" ||
               base == "pylintrc" || base == "pyproject.toml" || base == "ruff.toml" ||
               base == ".ruff.toml" || base == "mypy.ini" || base == ".pep8" || base == ".isort.cfg";
    }
    if (tool == "checkstyle") {
        return base.ends_with(".xml") && (contains(base, "checkstyle") || contains(base, "suppression"));
    }
    if (tool == "eslint" || tool == "prettier" || tool == "stylelint") {
        return base.starts_with(".eslintrc") || base.starts_with("eslint.config") ||
               base.starts_with(".prettierrc") || base.starts_with(".stylelintrc") || base == ".eslintignore";
    }
    if (tool == "rubocop") {
        return base == ".rubocop.yml";
    }
    if (tool == "golangci-lint") {
        return base.starts_with(".golangci");
    }
    if (tool == "clippy") {
        return base == "clippy.toml" || base == ".clippy.toml";
    }
    if (tool == "ktlint" || tool == "detekt") {
        return base == ".editorconfig" || base.starts_with("detekt");
    }
    if (tool == "license") {
        return contains(base, "license") || contains(base, "LICENSE") || contains(base, "header");
    }
    return false;
}

void lint_configs(const std::vector<std::string>& tree, const FailureSignals& signals,
                  std::size_t named_count, std::vector<Placement>& out) {
    std::vector<std::string> found;
    for (const auto& path : tree) {
        if (is_lint_config(signals.lint_tool(), path) && !is_vendored_path(path)) {
            found.push_back(path);
        }
    }
    // The shallowest first; at one depth the plainest (shortest) name: `suppressions.xml` before
    // `sevntu_suppressions.xml`.
    std::stable_sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
        if (depth_of(a) != depth_of(b)) {
            return depth_of(a) < depth_of(b);
        }
        return basename_of(a).size() < basename_of(b).size();
    });
    for (std::size_t k = 0; k < found.size() && k < max_lint_configs; ++k) {
        out.push_back({{found[k],
                        0,
                        0,
                        "inferred: " + signals.lint_tool() + " configuration (" + signals.lint_line() + ")",
                        true,
                        {}},
                       std::min<std::size_t>(named_count, 2) + k});
    }
}

} // namespace

bool is_test_path(std::string_view path) {
    std::string_view base = basename_of(path);
    std::string_view stem = base.substr(0, base.find('.'));
    return base.starts_with("test_") || stem.ends_with("_test") || stem.ends_with("_tests") ||
           contains(base, ".test.") || contains(base, ".spec.") || stem.ends_with("Test") ||
           stem.ends_with("Tests") || stem.ends_with("IT") || stem.ends_with("Spec") ||
           (stem.starts_with("Test") && stem.size() > 4) || path.starts_with("tests/") ||
           path.starts_with("test/") || contains(path, "/tests/") || contains(path, "/test/") ||
           contains(path, "/__tests__/");
}

std::vector<std::string> tested_file_names(std::string_view test_path) {
    std::string_view base = basename_of(test_path);
    std::size_t dot = base.find('.');
    std::string_view stem = base.substr(0, dot);
    std::string_view extension =
        dot == std::string_view::npos ? std::string_view{} : base.substr(base.rfind('.'));
    std::vector<std::string> names;
    auto add = [&](std::string_view name) {
        if (!name.empty()) {
            names.push_back(std::string(name) + std::string(extension));
        }
    };
    if (contains(base, ".test.") || contains(base, ".spec.")) {
        add(stem);
    } else if (stem.starts_with("test_")) {
        add(stem.substr(5));
    } else if (stem.ends_with("_test") || stem.ends_with("_tests")) {
        add(stem.substr(0, stem.rfind('_')));
    } else if (stem.ends_with("Tests")) {
        add(stem.substr(0, stem.size() - 5));
    } else if (stem.ends_with("Test") || stem.ends_with("Spec")) {
        add(stem.substr(0, stem.size() - 4));
    } else if (stem.ends_with("IT")) {
        add(stem.substr(0, stem.size() - 2));
    } else if (stem.starts_with("Test") && stem.size() > 4) {
        add(stem.substr(4));
    }
    return names;
}

std::vector<FileReference> infer_files(const FailureSignals& signals, std::vector<FileReference> named,
                                       const FileIndex& files, std::size_t max_results) {
    std::vector<Placement> placements;
    modules_under_test(named, files, placements);

    bool dependency = !signals.dependency().empty();
    std::string dependency_reason = signals.dependency();
    std::vector<std::string> external_modules;
    for (const auto& module : signals.missing_modules()) {
        if (external_module(files, module)) {
            external_modules.push_back(module);
            if (!dependency) {
                dependency = true;
                dependency_reason = "No module named " + module;
            }
        }
    }
    if (!dependency && !signals.import_failure().empty()) {
        dependency =
            true; // a failed import may be a missing or changed dependency: worth a look, after the top
        dependency_reason = signals.import_failure();
    }
    bool throwers = signals.test_failed() && !signals.exceptions().empty();
    bool wants_tree = dependency || !signals.lint_tool().empty() || !signals.missing_symbols().empty() ||
                      !external_modules.empty() || throwers;
    const std::vector<std::string> tree =
        wants_tree ? files.list(max_tree_files) : std::vector<std::string>{};
    if (dependency) {
        // A reported dependency failure puts the build files first; a failed import is weaker evidence (after
        // the first named file), and a JVM ClassNotFoundException while tests fail weaker still (tests
        // provoke and log such exceptions themselves): the build files then come after the first few named
        // files.
        bool logged_class_load =
            signals.test_failed() && contains(signals.import_failure(), "ClassNotFoundException");
        std::size_t first_position = !signals.dependency().empty() || named.empty() ? 0
                                     : logged_class_load ? weak_dependency_after_test
                                                         : 1;
        dependency_files(tree, named, dependency_reason, first_position, placements);
    }
    if (!signals.lint_tool().empty()) {
        lint_configs(tree, signals, named.size(), placements);
    }
    if (!signals.missing_symbols().empty()) {
        symbol_declarations(tree, signals, named, files, placements);
    }
    if (throwers) {
        exception_throwers(tree, signals, named, files, placements);
    }
    if (!external_modules.empty()) {
        module_references(tree, external_modules, named, files, placements);
    }

    // Insert from the back so that earlier positions stay valid; a file already named moves up when its
    // inferred place is better. Places past the end are the end: of those, the furthest goes in first, so
    // that the nearer ones stay ahead of it.
    const std::size_t end = named.size();
    std::stable_sort(placements.begin(), placements.end(), [end](const Placement& a, const Placement& b) {
        std::size_t at_a = std::min(a.position, end);
        std::size_t at_b = std::min(b.position, end);
        return at_a != at_b ? at_a > at_b : a.position > end && a.position > b.position;
    });
    for (auto& placement : placements) {
        auto existing = std::find_if(named.begin(), named.end(), [&](const FileReference& r) {
            return r.path == placement.reference.path;
        });
        std::size_t position = std::min({placement.position, end, named.size()});
        if (existing != named.end()) {
            auto index = static_cast<std::size_t>(existing - named.begin());
            if (index <= position) {
                continue;
            }
            FileReference moved = std::move(*existing);
            moved.reason += " | " + placement.reference.reason;
            named.erase(existing);
            placement.reference = std::move(moved);
        }
        placement.reference.score = position < named.size() ? named[position].score : 1;
        named.insert(named.begin() + static_cast<std::ptrdiff_t>(position), std::move(placement.reference));
    }
    if (named.size() > max_results) {
        named.resize(max_results);
    }
    return named;
}

} // namespace autofix::logs
