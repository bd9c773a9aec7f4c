#include "logs/file_mentions.hpp"

#include "logs/text_view.hpp"

#include <algorithm>
#include <cstddef>

namespace autofix::logs {
namespace {

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
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}

bool path_char(char c) {
    return is_alnum(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == '\\' || c == '+' || c == '~';
}

bool identifier_char(char c) {
    return is_alnum(c) || c == '_' || c == '$';
}

using text::starts_with;
using text::trim;

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

bool is_jvm_source(std::string_view file) {
    return file.ends_with(".java") || file.ends_with(".kt") || file.ends_with(".scala") ||
           file.ends_with(".groovy");
}

// "com.foo.BarTest", "com.foo.BarTest$Inner" or "com.foo.BarTest.method" -> "com/foo/BarTest" (the
// outermost class, without extension); "" when it is not a class name.
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
            return path; // the outermost class; what follows are nested names or methods
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

void push_class(std::string_view qualified, std::uint32_t line, std::vector<FileMention>& out) {
    std::string path = class_to_path(qualified);
    if (!path.empty()) {
        out.push_back({std::move(path), line, MentionKind::jvm_class});
    }
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
    if (!is_jvm_source(file) || qualified.find('/') != std::string_view::npos || !is_dotted_name(qualified)) {
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

// Removes a leading "[ERROR]"/"[INFO]"-style tag and a surefire "Run 2:" rerun prefix.
std::string_view strip_tags(std::string_view text) {
    text = trim(text);
    while (starts_with(text, "[")) {
        std::size_t close = text.find(']');
        if (close == std::string_view::npos || close > 12) {
            break;
        }
        text = trim(text.substr(close + 1));
    }
    if (starts_with(text, "Run ")) {
        std::size_t colon = text.find(':');
        if (colon != std::string_view::npos && colon < 10) {
            text = trim(text.substr(colon + 1));
        }
    }
    return text;
}

// Surefire and Gradle test names: "<<< FAILURE! - in com.foo.BarTest", "testAdd(com.foo.BarTest)",
// "BarTest.testAdd:25 expected...", "com.foo.BarTest > testAdd() FAILED".
void jvm_test_names(std::string_view line, std::vector<FileMention>& out) {
    std::size_t in = line.find(" - in ");
    if (in != std::string_view::npos && line.find("<<<") != std::string_view::npos) {
        push_class(line.substr(in + 6), 0, out);
    }
    std::string_view trimmed = trim(line);
    if (trimmed.ends_with("FAILED")) {
        std::size_t arrow = trimmed.find(" > ");
        if (arrow != std::string_view::npos) {
            push_class(strip_tags(trimmed.substr(0, arrow)), 0, out);
        }
    }
    std::string_view rest = strip_tags(trimmed);
    // JUnit 4: "testAdd(com.foo.BarTest)  Time elapsed: ..." or "testAdd(com.foo.BarTest): message"
    std::size_t open = rest.find('(');
    std::size_t close = rest.find(')');
    if (open != std::string_view::npos && close != std::string_view::npos && open < close && open > 0 &&
        std::all_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(open),
                    [](char c) { return identifier_char(c) || c == '.' || c == '['; })) {
        std::string_view inside = rest.substr(open + 1, close - open - 1);
        if (is_dotted_name(inside)) {
            push_class(inside, 0, out);
        }
    }
    // Surefire summary: "BarTest.testAdd:25 expected: <5> but was: <6>" (also "com.x.BarTest.testAdd:25")
    std::size_t colon = rest.find(':');
    if (colon != std::string_view::npos && colon > 0 && rest.find('.') < colon &&
        std::all_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(colon),
                    [](char c) { return identifier_char(c) || c == '.'; })) {
        std::size_t at = colon + 1;
        std::uint32_t number = read_number(rest, at);
        std::size_t method_dot = rest.rfind('.', colon);
        if (number > 0 && method_dot != std::string_view::npos) {
            push_class(rest.substr(0, method_dot), number, out);
        }
    }
}

// An object file of a compiler or linker line ("CMakeFiles/app.dir/src/x.cpp.o", "x.o") as its source.
std::string object_source(std::string_view token) {
    std::string_view stem = token;
    if (stem.ends_with(".o")) {
        stem.remove_suffix(2);
    } else if (stem.ends_with(".obj")) {
        stem.remove_suffix(4);
    } else {
        return {};
    }
    std::string path(stem);
    std::size_t cmake = path.find("CMakeFiles/");
    if (cmake != std::string::npos) {
        std::size_t dir = path.find(".dir/", cmake);
        if (dir != std::string::npos) {
            path = path.substr(0, cmake) + path.substr(dir + 5);
        }
    }
    return has_extension(path) ? path : std::string{};
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
        if (starts_with(token, "//") || (start >= 1 && (line[start - 1] == '@' || line[start - 1] == ':')) ||
            !has_extension(token)) {
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
        } else if (at + 2 < n && line[at] == ' ' && is_digit(line[at + 1])) {
            // webpack/vite "ERROR in ./src/a.ts 12:5"
            std::size_t probe = at + 1;
            std::uint32_t value = read_number(line, probe);
            if (probe < n && line[probe] == ':' && probe + 1 < n && is_digit(line[probe + 1])) {
                number = value;
            }
        }
        if (std::string source = object_source(token); !source.empty()) {
            out.push_back({std::move(source), 0, MentionKind::path});
            continue;
        }
        out.push_back({std::string(token), number, MentionKind::path});
    }
}

// Dotted names anywhere in the line: "nikola.metadata_extractors.Meta", "org.x.FooTest$Inner",
// "<app.models.User object at 0x..>". Tokens that are paths, URLs, hosts or versions are left to the
// other rules.
void dotted_names(std::string_view line, std::vector<FileMention>& out) {
    const std::size_t n = line.size();
    std::size_t i = 0;
    while (i < n) {
        if (!(is_alpha(line[i]) || line[i] == '_') ||
            (i > 0 &&
             (identifier_char(line[i - 1]) || line[i - 1] == '.' || line[i - 1] == '/' ||
              line[i - 1] == '\\' || line[i - 1] == '-' || line[i - 1] == '@' || line[i - 1] == ':'))) {
            ++i;
            continue;
        }
        std::size_t start = i;
        int segments = 1;
        bool valid = true;
        while (i < n && (identifier_char(line[i]) || line[i] == '.')) {
            if (line[i] == '.') {
                if (i + 1 >= n || !(is_alpha(line[i + 1]) || line[i + 1] == '_')) {
                    break;
                }
                ++segments;
            }
            ++i;
        }
        std::string_view token = line.substr(start, i - start);
        if (i < n && (line[i] == '/' || line[i] == '\\' || line[i] == '-' || line[i] == '@')) {
            valid = false; // part of a path, a host or an address
        }
        if (valid && segments >= 2 && token.size() <= 200 && token.find("..") == std::string_view::npos &&
            (is_lower(token.front()) || token.front() == '_') && !has_extension(token)) {
            out.push_back({std::string(token), 0, MentionKind::dotted});
        }
        while (i < n && (identifier_char(line[i]) || line[i] == '.')) {
            ++i;
        }
    }
}

// Go: "FAIL\tgithub.com/o/r/pkg\t0.01s", "FAIL github.com/o/r/pkg [build failed]", "# github.com/o/r/pkg".
void go_packages(std::string_view trimmed, std::vector<FileMention>& out) {
    std::string_view rest;
    if (starts_with(trimmed, "FAIL\t") || starts_with(trimmed, "FAIL ")) {
        rest = trim(trimmed.substr(5));
    } else if (starts_with(trimmed, "# ")) {
        rest = trim(trimmed.substr(2));
    } else {
        return;
    }
    std::size_t end = rest.find_first_of(" \t");
    std::string_view package = rest.substr(0, end);
    if (package.find('/') == std::string_view::npos || has_extension(package) ||
        !std::all_of(package.begin(), package.end(),
                     [](char c) { return identifier_char(c) || c == '.' || c == '/' || c == '-'; })) {
        return;
    }
    out.push_back({std::string(package), 0, MentionKind::go_package});
}

// Maven "Failed to execute goal ... on project core: ..." and Gradle "Execution failed for task
// ':app:sub:test'." / "> Task :app:compileJava FAILED": the module whose build file configures the step.
void build_modules(std::string_view line, std::vector<FileMention>& out) {
    std::size_t project = line.find(" on project ");
    if (project != std::string_view::npos && line.find("Failed to execute goal") != std::string_view::npos) {
        std::string_view name = line.substr(project + 12);
        name = name.substr(0, name.find_first_of(": "));
        if (!name.empty()) {
            out.push_back({std::string(name), 0, MentionKind::build_module});
        }
        return;
    }
    std::string_view task;
    if (std::size_t at = line.find("Execution failed for task '"); at != std::string_view::npos) {
        task = line.substr(at + 27);
        task = task.substr(0, task.find('\''));
    } else if (std::size_t at2 = line.find("> Task :");
               at2 != std::string_view::npos && line.ends_with("FAILED")) {
        task = line.substr(at2 + 7);
        task = task.substr(0, task.find(' '));
    }
    if (task.size() < 2 || task.front() != ':') {
        return;
    }
    std::size_t last = task.rfind(':');
    std::string module(task.substr(1, last == 0 ? 0 : last - 1));
    std::replace(module.begin(), module.end(), ':', '/');
    out.push_back({module.empty() ? std::string(".") : module, 0, MentionKind::build_module});
}

} // namespace

bool is_vendored_path(std::string_view path) {
    return path.find("node_modules/") != std::string_view::npos ||
           path.find("site-packages/") != std::string_view::npos ||
           path.find("dist-packages/") != std::string_view::npos || starts_with(path, ".git/") ||
           path.find("/.git/") != std::string_view::npos || starts_with(path, "vendor/") ||
           path.find("/vendor/") != std::string_view::npos ||
           path.find("/.m2/repository/") != std::string_view::npos ||
           path.find("/.cargo/registry/") != std::string_view::npos ||
           path.find("/go/pkg/mod/") != std::string_view::npos ||
           path.find("/.gradle/caches/") != std::string_view::npos ||
           path.find("/lib/python2") != std::string_view::npos ||
           path.find("/lib/python3") != std::string_view::npos ||
           path.find("/.pyenv/") != std::string_view::npos ||
           path.find("/virtualenv/") != std::string_view::npos;
}

std::vector<FileMention> find_file_mentions(std::string_view line, bool dotted) {
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
    go_packages(trimmed, out);
    build_modules(trimmed, out);
    jvm_test_names(line, out);
    generic_paths(line, out);
    if (out.empty() && dotted) {
        dotted_names(line, out);
    }
    return out;
}

} // namespace autofix::logs
