#include "logs/repository_search.hpp"

#include "logs/file_inference.hpp"

#include <algorithm>
#include <array>

namespace autofix::logs::inference {
namespace {

constexpr std::size_t max_search_bytes = 32 * 1024 * 1024; // a symbol search reads at most this much
constexpr std::size_t max_module_places = 16;              // places of one module name looked at

bool is_source(std::string_view path) {
    static constexpr std::array<std::string_view, 18> extensions = {
        ".java", ".kt",  ".scala", ".groovy", ".py", ".go",  ".rs", ".c",  ".h",
        ".cc",   ".cpp", ".hpp",   ".cs",     ".ts", ".tsx", ".js", ".rb", ".swift"};
    std::string_view extension = extension_of(path);
    return std::find(extensions.begin(), extensions.end(), extension) != extensions.end();
}

// The line (1-based) of a definition of `symbol` in `text`, 0 when there is none.
std::uint32_t definition_line(std::string_view text, std::string_view symbol) {
    static constexpr std::array<std::string_view, 14> keywords = {
        "class ", "interface ", "enum ", "record ",   "object ", "trait ", "struct ",
        "def ",   "func ",      "fn ",   "function ", "type ",   "const ", "typedef "};
    std::size_t at = text.find(symbol);
    while (at != std::string_view::npos) {
        bool bounded = (at == 0 || !is_identifier_char(text[at - 1])) &&
                       (at + symbol.size() >= text.size() || !is_identifier_char(text[at + symbol.size()]));
        if (bounded) {
            std::size_t line_start = text.rfind('\n', at);
            line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
            std::string_view before = text.substr(line_start, at - line_start);
            bool defines = std::any_of(keywords.begin(), keywords.end(),
                                       [&](std::string_view keyword) { return before.ends_with(keyword); });
            // Go methods "func (r *T) Name(", C/C++ "int name(" at the line start are definitions too.
            defines = defines || (before.starts_with("func (") && before.ends_with(") "));
            if (defines) {
                return static_cast<std::uint32_t>(
                    std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1);
            }
        }
        at = text.find(symbol, at + symbol.size());
    }
    return 0;
}

// The line (1-based) where `text` refers to the module `name` by an import or as an entry of a list of module
// names (Django's INSTALLED_APPS: a line that is only `'name',`), 0 when it does not.
std::uint32_t module_reference_line(std::string_view text, std::string_view name) {
    std::uint32_t number = 1;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(start, end - start);
        std::size_t first = line.find_first_not_of(" \t");
        line = first == std::string_view::npos ? std::string_view{} : line.substr(first);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == ',')) {
            line.remove_suffix(1);
        }
        auto imports = [&](std::string_view keyword) {
            if (!line.starts_with(keyword)) {
                return false;
            }
            std::string_view rest = line.substr(keyword.size());
            return rest.starts_with(name) &&
                   (rest.size() == name.size() || rest[name.size()] == ' ' || rest[name.size()] == '.');
        };
        bool listed = line.size() == name.size() + 2 && (line.front() == '\'' || line.front() == '"') &&
                      line.back() == line.front() && line.substr(1, name.size()) == name;
        if (imports("import ") || imports("from ") || listed) {
            return number;
        }
        start = end + 1;
        ++number;
    }
    return 0;
}

} // namespace

void symbol_declarations(const std::vector<std::string>& tree, const FailureSignals& signals,
                         const std::vector<FileReference>& named, const FileIndex& files,
                         std::vector<Placement>& out) {
    std::string near = named.empty() ? std::string{} : named.front().path;
    std::string_view language = extension_of(near);
    std::size_t read_total = 0;
    std::size_t done = 0;
    for (const auto& [symbol, line] : signals.missing_symbols()) {
        if (done >= 3) {
            break;
        }
        ++done;
        std::string found;
        std::uint32_t found_line = 0;
        if (symbol.front() >= 'A' && symbol.front() <= 'Z') {
            std::vector<std::string> options;
            for (std::string_view extension :
                 {".java", ".kt", ".scala", ".groovy", ".ts", ".tsx", ".cs", ".swift", ".py"}) {
                auto more = files.find_by_suffix(symbol + std::string(extension), 8);
                options.insert(options.end(), more.begin(), more.end());
            }
            found = closest(options, near);
        }
        if (found.empty()) {
            // The directory of the file the log names first is searched first: a duplicate or a sibling
            // declaration is most often next to it.
            std::string_view near_dir = std::string_view(near).substr(0, near.rfind('/') + 1);
            std::vector<const std::string*> ordered;
            ordered.reserve(tree.size());
            for (int pass = 0; pass < 2; ++pass) {
                for (const auto& path : tree) {
                    bool same_dir = !near_dir.empty() && path.starts_with(near_dir) &&
                                    path.find('/', near_dir.size()) == std::string::npos;
                    if (same_dir == (pass == 0)) {
                        ordered.push_back(&path);
                    }
                }
            }
            for (const std::string* entry : ordered) {
                const std::string& path = *entry;
                if (!is_source(path) || is_vendored_path(path) || path == near ||
                    (!language.empty() && is_source(near) && extension_of(path) != language &&
                     !(language == ".c" || language == ".cpp" || language == ".h" || language == ".hpp"))) {
                    continue;
                }
                if (read_total >= max_search_bytes) {
                    break;
                }
                auto text = files.read(path, max_read_bytes);
                if (!text) {
                    continue;
                }
                read_total += text->size();
                if (!contains(*text, symbol)) {
                    continue;
                }
                if (std::uint32_t number = definition_line(*text, symbol); number != 0) {
                    found = path;
                    found_line = number;
                    break;
                }
            }
        }
        if (!found.empty()) {
            out.push_back(
                {{found, found_line, 0, "inferred: declares `" + symbol + "` (" + line + ")", true, {}},
                 named.empty() ? std::size_t{0} : std::size_t{1}});
        }
    }
}

void exception_throwers(const std::vector<std::string>& tree, const FailureSignals& signals,
                        const std::vector<FileReference>& named, const FileIndex& files,
                        std::vector<Placement>& out) {
    constexpr std::size_t max_package_files = 60;
    constexpr std::size_t max_throwers = 2;
    constexpr int min_reports = 3;
    std::string exception;
    std::string declared;
    int best = 0;
    int second = 0;
    for (const auto& [name, count] : signals.exceptions()) {
        std::string relative = name;
        std::replace(relative.begin(), relative.end(), '.', '/');
        auto found = files.find_by_suffix(relative + ".java", 2);
        if (found.size() != 1 || is_test_path(found.front())) {
            continue;
        }
        if (count > best) {
            second = best;
            best = count;
            exception = name;
            declared = found.front();
        } else {
            second = std::max(second, count);
        }
    }
    if (best < min_reports || best < 2 * second) {
        return;
    }
    std::string_view dir = std::string_view(declared).substr(0, declared.rfind('/') + 1);
    std::string needle = "new " + exception.substr(exception.rfind('.') + 1) + "(";
    std::vector<std::string> throwers;
    std::size_t seen = 0;
    for (const auto& path : tree) {
        if (!path.starts_with(dir) || path.find('/', dir.size()) != std::string::npos || path == declared ||
            extension_of(path) != ".java") {
            continue;
        }
        if (++seen > max_package_files) {
            return;
        }
        auto text = files.read(path, max_read_bytes);
        if (text && contains(*text, needle)) {
            throwers.push_back(path);
        }
    }
    if (throwers.empty() || throwers.size() > max_throwers) {
        return; // none, or too many to choose from
    }
    for (auto& thrower : throwers) {
        out.push_back(
            {{thrower, 0, 0, "inferred: throws " + exception + ", which failing tests report", true, {}},
             named.empty() ? std::size_t{0} : std::size_t{1}});
    }
}

void module_references(const std::vector<std::string>& tree, const std::vector<std::string>& modules,
                       const std::vector<FileReference>& named, const FileIndex& files,
                       std::vector<Placement>& out) {
    std::size_t read_total = 0;
    for (std::size_t k = 0; k < modules.size() && k < 2; ++k) {
        const std::string& module = modules[k];
        std::string found;
        std::uint32_t found_line = 0;
        for (const auto& path : tree) {
            if (extension_of(path) != ".py" || is_vendored_path(path) || is_test_path(path) ||
                read_total >= max_search_bytes) {
                continue;
            }
            auto text = files.read(path, max_read_bytes);
            if (!text) {
                continue;
            }
            read_total += text->size();
            if (!contains(*text, module)) {
                continue;
            }
            if (std::uint32_t number = module_reference_line(*text, module); number != 0) {
                found = path;
                found_line = number;
                break;
            }
        }
        bool already = std::any_of(named.begin(), named.end(),
                                   [&](const FileReference& reference) { return reference.path == found; });
        if (!found.empty() && !already) {
            out.push_back({{found,
                            found_line,
                            0,
                            "inferred: imports or lists the missing module `" + module + "`",
                            true,
                            {}},
                           named.empty() ? std::size_t{0} : std::size_t{1}});
        }
    }
}

bool external_module(const FileIndex& files, const std::string& module) {
    std::string top = module.substr(0, module.find('.'));
    auto importable = [&](const std::string& path, std::size_t suffix) {
        std::string parent = path.size() > suffix ? path.substr(0, path.size() - suffix - 1) : std::string{};
        return parent.empty() || basename_of(parent) == "src" || files.exists(parent + "/setup.py") ||
               files.exists(parent + "/setup.cfg") || files.exists(parent + "/pyproject.toml") ||
               files.exists(parent + "/manage.py");
    };
    for (const std::string& suffix : {top + ".py", top + "/__init__.py"}) {
        for (const auto& path : files.find_by_suffix(suffix, max_module_places)) {
            if (importable(path, suffix.size())) {
                return false;
            }
        }
    }
    return true;
}
} // namespace autofix::logs::inference
