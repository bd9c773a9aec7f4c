#include "core/commit_gate.hpp"

#include "core/glob.hpp"
#include "core/test_markers.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace autofix::core {
namespace {

constexpr std::size_t quoted_chars = 120; // of a line quoted in a reason
constexpr double rename_similarity = 0.6; // share of lines a deleted and an added file must have in common

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

bool blank(const std::string& line) {
    return line.find_first_not_of(" \t\r\f\v") == std::string::npos;
}

// The lines of `from` that `minus` does not account for, as a multiset, in `from`'s order.
std::vector<std::string> multiset_minus(const std::vector<std::string>& from,
                                        const std::vector<std::string>& minus) {
    std::map<std::string, int> available;
    for (const auto& line : minus) {
        ++available[line];
    }
    std::vector<std::string> rest;
    for (const auto& line : from) {
        auto found = available.find(line);
        if (found != available.end() && found->second > 0) {
            --found->second;
        } else {
            rest.push_back(line);
        }
    }
    return rest;
}

std::size_t non_blank(const std::vector<std::string>& lines) {
    return static_cast<std::size_t>(
        std::count_if(lines.begin(), lines.end(), [](const auto& l) { return !blank(l); }));
}

// Deleted files whose lines come back in an added file become one renamed file.
std::vector<FileLines> pair_renames(const std::vector<FileLines>& files) {
    std::vector<FileLines> result;
    std::vector<bool> used(files.size(), false);
    for (std::size_t d = 0; d < files.size(); ++d) {
        if (files[d].status != FileStatus::deleted) {
            continue;
        }
        for (std::size_t a = 0; a < files.size(); ++a) {
            if (used[a] || files[a].status != FileStatus::added) {
                continue;
            }
            const std::size_t before = non_blank(files[d].removed);
            const std::size_t after = non_blank(files[a].added);
            const std::size_t unmatched = non_blank(multiset_minus(files[a].added, files[d].removed));
            const std::size_t common = after - unmatched;
            const std::size_t larger = std::max(before, after);
            if (larger > 0 &&
                static_cast<double>(common) >= rename_similarity * static_cast<double>(larger)) {
                FileLines renamed;
                renamed.path = files[a].path;
                renamed.old_path = files[d].path;
                renamed.status = FileStatus::renamed;
                renamed.added = multiset_minus(files[a].added, files[d].removed);
                renamed.removed = multiset_minus(files[d].removed, files[a].added);
                result.push_back(std::move(renamed));
                used[a] = used[d] = true;
                break;
            }
        }
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (!used[i]) {
            result.push_back(files[i]);
        }
    }
    return result;
}

std::string quoted(const std::string& line) {
    std::string text = line;
    text.erase(0, text.find_first_not_of(" \t"));
    if (text.size() > quoted_chars) {
        text = text.substr(0, quoted_chars) + "...";
    }
    return "`" + text + "`";
}

// The code part of each line (comments removed), in order.
std::vector<std::string> code_lines(const std::vector<std::string>& lines, const std::string& path) {
    const CommentStyle style = comment_style(path);
    std::vector<std::string> codes;
    codes.reserve(lines.size());
    for (const auto& line : lines) {
        codes.push_back(code_part(line, style));
    }
    return codes;
}

class Review {
public:
    explicit Review(const GatePolicy& policy) : m_policy(policy) {}

    void file(const FileLines& file) {
        const std::vector<std::string> added = code_lines(file.added, file.path);
        const std::vector<std::string> removed = code_lines(file.removed, file.path);
        deletion(file);
        skip_markers(file, added, removed);
        if (file.status != FileStatus::deleted && is_test_path(file.path)) {
            assertions(file, added, removed);
        }
        coverage(file, added, removed);
        ci_configuration(file, added, removed);
    }

    std::vector<GateRefusal> finish() {
        std::size_t added = 0;
        std::size_t removed = 0;
        for (const auto& count : m_assertions) {
            added += count.added;
            removed += count.removed;
        }
        if (removed > added) {
            for (const auto& count : m_assertions) {
                if (count.removed > count.added) {
                    add(GateRule::removes_assertions, count.path,
                        "removes " + std::to_string(count.removed) + " assertion line(s) and adds " +
                            std::to_string(count.added) + " (the change's test files lose " +
                            std::to_string(removed - added) + " in all), e.g. " + quoted(count.example));
                }
            }
        }
        std::vector<GateRefusal> kept;
        for (auto& refusal : m_refusals) {
            if (!allowed(refusal.path)) {
                kept.push_back(std::move(refusal));
            }
        }
        return kept;
    }

private:
    struct AssertionCount {
        std::string path;
        std::string old_path;
        std::size_t added = 0;
        std::size_t removed = 0;
        std::string example; // a removed assertion
    };

    bool allowed(const std::string& path) const {
        const auto matches = [&](const std::string& candidate) {
            return !candidate.empty() &&
                   std::any_of(m_policy.allowed_globs.begin(), m_policy.allowed_globs.end(),
                               [&](const std::string& glob) { return glob_match(glob, candidate); });
        };
        const auto old = m_old_paths.find(path);
        return matches(path) || (old != m_old_paths.end() && matches(old->second));
    }

    void add(GateRule rule, const std::string& path, std::string reason) {
        m_refusals.push_back({rule, path, std::move(reason)});
    }

    void deletion(const FileLines& file) {
        if (!file.old_path.empty()) {
            m_old_paths[file.path] = file.old_path;
        }
        if (file.status == FileStatus::deleted && is_test_path(file.path)) {
            add(GateRule::deletes_test_file, file.path, "deletes (or empties) the test file");
        } else if (file.status == FileStatus::renamed && is_test_path(file.old_path) &&
                   !is_test_path(file.path)) {
            add(GateRule::deletes_test_file, file.path,
                "renames the test file " + file.old_path + " to a name test runners do not collect");
        }
    }

    void skip_markers(const FileLines& file, const std::vector<std::string>& added,
                      const std::vector<std::string>& removed) {
        std::map<std::string, int> balance;
        std::map<std::string, std::string> example;
        for (std::size_t i = 0; i < added.size(); ++i) {
            if (const auto marker = skip_marker(added[i], file.path)) {
                if (++balance[*marker] > 0 && !example.contains(*marker)) {
                    example[*marker] = file.added[i];
                }
            }
        }
        for (const auto& code : removed) {
            if (const auto marker = skip_marker(code, file.path)) {
                --balance[*marker];
            }
        }
        std::string found;
        for (const auto& [marker, count] : balance) {
            if (count > 0 && example.contains(marker)) {
                found += (found.empty() ? "" : "; ") + marker + ": " + quoted(example[marker]);
            }
        }
        if (!found.empty()) {
            add(GateRule::adds_skip_marker, file.path,
                "adds a marker that skips or deselects tests (" + found + ")");
        }
    }

    void assertions(const FileLines& file, const std::vector<std::string>& added,
                    const std::vector<std::string>& removed) {
        AssertionCount count{file.path, file.old_path, 0, 0, {}};
        for (const auto& code : added) {
            count.added += is_assertion(code) ? 1 : 0;
        }
        for (std::size_t i = 0; i < removed.size(); ++i) {
            if (is_assertion(removed[i])) {
                ++count.removed;
                if (count.example.empty()) {
                    count.example = file.removed[i];
                }
            }
        }
        if (count.added > 0 || count.removed > 0) {
            m_assertions.push_back(std::move(count));
        }
    }

    void coverage(const FileLines& file, const std::vector<std::string>& added,
                  const std::vector<std::string>& removed) {
        std::map<std::string, std::vector<double>> before;
        std::map<std::string, std::vector<double>> after;
        for (const auto& code : removed) {
            for (const auto& threshold : coverage_thresholds(code, file.path)) {
                before[threshold.key].push_back(threshold.value);
            }
        }
        for (const auto& code : added) {
            for (const auto& threshold : coverage_thresholds(code, file.path)) {
                after[threshold.key].push_back(threshold.value);
            }
        }
        std::string found;
        const auto text = [](double value) {
            std::ostringstream out;
            out << value;
            return out.str();
        };
        for (const auto& [key, values] : before) {
            const std::vector<double>& now = after[key];
            for (std::size_t i = 0; i < values.size(); ++i) {
                if (i >= now.size()) {
                    found += (found.empty() ? "" : "; ") + key + " " + text(values[i]) + " removed";
                } else if (now[i] < values[i]) {
                    found +=
                        (found.empty() ? "" : "; ") + key + " " + text(values[i]) + " -> " + text(now[i]);
                }
            }
        }
        if (!found.empty()) {
            add(GateRule::lowers_coverage, file.path, "lowers a coverage threshold (" + found + ")");
        }
    }

    void ci_configuration(const FileLines& file, const std::vector<std::string>& added,
                          const std::vector<std::string>& removed) {
        if (file.path == m_policy.config_file || file.old_path == m_policy.config_file) {
            add(GateRule::edits_test_command, file.path,
                "changes the action's own configuration, which holds the test command and this gate's "
                "settings; it is the repository owner's to change");
            return;
        }
        const bool ci = is_ci_config(file.path) || is_ci_config(file.old_path);
        if (ci) {
            int balance = 0;
            std::string example;
            for (std::size_t i = 0; i < added.size(); ++i) {
                if (sets_continue_on_error(added[i])) {
                    ++balance;
                    example = example.empty() ? file.added[i] : example;
                }
            }
            for (const auto& code : removed) {
                balance -= sets_continue_on_error(code) ? 1 : 0;
            }
            if (balance > 0) {
                add(GateRule::continue_on_error, file.path,
                    "lets a failing step pass (" + quoted(example) + "), so CI would no longer fail on it");
            }
        }
        std::string changed;
        const auto look = [&](const std::vector<std::string>& codes, const std::vector<std::string>& lines,
                              const char* sign) {
            for (std::size_t i = 0; i < codes.size() && changed.empty(); ++i) {
                const bool runner = ci && test_runner(codes[i], m_policy.test_command).has_value();
                if (runner || is_package_test_script(codes[i], file.path)) {
                    changed = std::string(sign) + " " + quoted(lines[i]);
                }
            }
        };
        look(removed, file.removed, "removes");
        look(added, file.added, "adds");
        if (!changed.empty()) {
            add(GateRule::edits_test_command, file.path,
                "changes how CI runs the tests (" + changed +
                    "); the test command is not the fix's to change");
        }
    }

    const GatePolicy& m_policy;
    std::vector<GateRefusal> m_refusals;
    std::vector<AssertionCount> m_assertions;
    std::map<std::string, std::string> m_old_paths; // new path -> old path of renamed files
};

} // namespace

FileLines file_lines(std::string path, const std::optional<std::string>& before,
                     const std::optional<std::string>& after) {
    FileLines file;
    file.path = std::move(path);
    const std::vector<std::string> old_lines = before ? split_lines(*before) : std::vector<std::string>{};
    const std::vector<std::string> new_lines = after ? split_lines(*after) : std::vector<std::string>{};
    if (!before) {
        file.status = FileStatus::added;
    } else if (!after || (non_blank(new_lines) == 0 && non_blank(old_lines) > 0)) {
        file.status = FileStatus::deleted;
    }
    file.added = multiset_minus(new_lines, old_lines);
    file.removed = multiset_minus(old_lines, new_lines);
    return file;
}

std::vector<GateRefusal> review_change(const std::vector<FileLines>& files, const GatePolicy& policy) {
    Review review(policy);
    for (const FileLines& file : pair_renames(files)) {
        review.file(file);
    }
    return review.finish();
}

const char* to_string(GateRule rule) {
    switch (rule) {
    case GateRule::deletes_test_file:
        return "deletes_test_file";
    case GateRule::adds_skip_marker:
        return "adds_skip_marker";
    case GateRule::removes_assertions:
        return "removes_assertions";
    case GateRule::lowers_coverage:
        return "lowers_coverage";
    case GateRule::continue_on_error:
        return "continue_on_error";
    case GateRule::edits_test_command:
        return "edits_test_command";
    }
    return "unknown";
}

std::string describe_refusals(const std::vector<GateRefusal>& refusals) {
    std::string text =
        "submit_fix refused: this change would weaken the tests or CI instead of fixing the code, "
        "so it is not committed.\n";
    for (const auto& refusal : refusals) {
        text += "- " + refusal.path + ": " + refusal.reason + "\n";
    }
    text +=
        "Make the failing tests pass by fixing the code they test, not by changing what the tests check or "
        "how CI runs them. Undo these edits with str_replace_based_edit_tool, then call submit_fix again.";
    return text;
}

} // namespace autofix::core
