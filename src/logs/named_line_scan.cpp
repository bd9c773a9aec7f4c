// The second read of a log for the lines naming the top-ranked files (see named_line_scan.hpp).
#include "logs/named_line_scan.hpp"

#include <algorithm>
#include <cstring>

namespace autofix::logs {
namespace {

bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// `needle` occurs in `text` with neither `before(c)` true of the byte before it nor `after(c)` of the byte
// after it.
template <typename Before, typename After>
bool find_bounded(std::string_view text, std::string_view needle, Before before, After after) {
    if (needle.empty()) {
        return false;
    }
    for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
        bool open = at == 0 || !before(text[at - 1]);
        std::size_t end = at + needle.size();
        bool closed = end == text.size() || !after(text[end]);
        if (open && closed) {
            return true;
        }
    }
    return false;
}

std::uint64_t text_hash(std::string_view text) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

bool uppercase(char c) {
    return c >= 'A' && c <= 'Z';
}

// `label` in `text` followed by the count 0 ("Failures: 0").
bool zero_count(std::string_view text, std::string_view label) {
    std::size_t at = text.find(label);
    return at != std::string_view::npos && at + label.size() < text.size() &&
           text[at + label.size()] == '0' &&
           (at + label.size() + 1 == text.size() || !word_char(text[at + label.size() + 1]));
}

} // namespace

FileNames file_names(std::string_view path) {
    FileNames names;
    std::size_t slash = path.rfind('/');
    names.base = std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
    std::string_view dir = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
    std::size_t dir_slash = dir.rfind('/');
    names.parent = std::string(dir_slash == std::string_view::npos ? dir : dir.substr(dir_slash + 1));
    std::size_t dot = names.base.rfind('.');
    if (dot == std::string::npos || dot == 0) {
        return names;
    }
    std::string_view stem = std::string_view(names.base).substr(0, dot);
    std::string_view ext = std::string_view(names.base).substr(dot + 1);
    if (ext == "java" || ext == "kt" || ext == "scala" || ext == "groovy") {
        // A class name with two capitals (FooTest) is not a word; one-word names (Server) are.
        if (stem.size() >= 4 && std::count_if(stem.begin(), stem.end(), uppercase) >= 2) {
            names.class_name = std::string(stem);
        }
    } else if (ext == "py" && !names.parent.empty()) {
        if (stem != "__init__") {
            names.dotted = names.parent + "." + std::string(stem);
        } else if (dir_slash != std::string_view::npos) { // a package is named by its directory
            std::string_view up = dir.substr(0, dir_slash);
            std::size_t up_slash = up.rfind('/');
            up = up_slash == std::string_view::npos ? up : up.substr(up_slash + 1);
            names.dotted = std::string(up) + "." + names.parent;
        }
    }
    return names;
}

bool names_file(std::string_view text, const FileNames& names) {
    auto path_char = [](char c) {
        return word_char(c) || c == '.' || c == '-' || c == '/' || c == '\\';
    };
    auto name_char = [](char c) {
        return word_char(c) || c == '-';
    };
    if (find_bounded(text, names.base, path_char, name_char)) {
        return true; // the bare base name
    }
    if (!names.parent.empty()) {
        for (char separator : {'/', '\\'}) {
            std::string under = names.parent + separator + names.base;
            if (find_bounded(
                    text, under, [](char c) { return word_char(c) || c == '.' || c == '-'; }, name_char)) {
                return true; // under its own directory
            }
        }
    }
    if (!names.class_name.empty() && find_bounded(text, names.class_name, word_char, word_char)) {
        return true;
    }
    return !names.dotted.empty() && find_bounded(text, names.dotted, word_char, word_char);
}

bool reports_success(std::string_view text) {
    std::string_view end = text.substr(0, text.find_last_not_of(" \t") + 1);
    if (end.ends_with("... ok") || end.ends_with("... OK") || end.ends_with(" PASSED") ||
        end.ends_with(" SKIPPED")) {
        return true;
    }
    if (find_bounded(text, "PASSED", word_char, word_char)) {
        return true;
    }
    return text.find("Tests run: ") != std::string_view::npos && zero_count(text, "Failures: ") &&
           zero_count(text, "Errors: ");
}

NamedLineScan::NamedLineScan(const std::vector<std::string>& paths, NormalizerOptions normalizer,
                             const Redactor* redactor, std::size_t per_file, std::size_t max_line_bytes)
    : m_per_file(per_file), m_max_line_bytes(max_line_bytes), m_kept(paths.size()),
      m_normalizer(
          normalizer, [this](const NormalizedLine& line) { look(line.text); }, redactor) {
    for (const auto& path : paths) {
        m_files.push_back(file_names(path));
        const FileNames& names = m_files.back();
        for (const std::string* name : {&names.base, &names.class_name, &names.dotted}) {
            if (!name->empty()) {
                m_filter.add(*name);
            }
        }
    }
}

void NamedLineScan::feed(std::string_view chunk) {
    // Whole lines that need no more than cleaning are looked at directly (the pipeline's quiet path numbers
    // them the same way); the rest go through the normaliser.
    const char* data = chunk.data();
    const std::size_t n = chunk.size();
    const bool has_cr = std::memchr(data, '\r', n) != nullptr;
    const bool has_begin = chunk.find("BEGIN ") != std::string_view::npos;
    std::size_t pos = 0;
    while (pos < n) {
        const auto* newline = static_cast<const char*>(std::memchr(data + pos, '\n', n - pos));
        const std::size_t end = newline != nullptr ? static_cast<std::size_t>(newline - data) : n;
        std::string_view text;
        if (newline != nullptr && m_normalizer.at_line_start() &&
            m_normalizer.quiet_text(std::string_view(data + pos, end - pos), m_scratch, text, has_cr,
                                    has_begin)) {
            m_normalizer.count_quiet_line(end - pos + 1);
            look(text);
            pos = end + 1;
            continue;
        }
        const std::size_t stop = newline != nullptr ? end + 1 : n;
        m_normalizer.feed(std::string_view(data + pos, stop - pos));
        pos = stop;
    }
}

void NamedLineScan::look(std::string_view text) {
    ++m_number;
    if (m_files.empty() || !m_filter.may_match(text)) {
        return;
    }
    for (std::size_t rank = 0; rank < m_files.size(); ++rank) {
        if (!names_file(text, m_files[rank])) {
            continue;
        }
        if (reports_success(text)) {
            return;
        }
        std::size_t start = text.find_first_not_of(" \t");
        std::string kept(text.substr(start == std::string_view::npos ? text.size() : start));
        if (kept.size() > m_max_line_bytes) {
            std::size_t cut = m_max_line_bytes;
            while (cut > 0 && (static_cast<unsigned char>(kept[cut]) & 0xC0) == 0x80) {
                --cut;
            }
            kept.resize(cut);
            kept += " [...]";
        }
        if (!m_seen.insert(text_hash(kept)).second) {
            return; // shown once is enough
        }
        Kept& file = m_kept[rank];
        const std::size_t first_cap = m_per_file / 2;
        const std::size_t latest_cap = m_per_file - first_cap;
        NamedLine line{m_number, std::move(kept), rank};
        if (file.first.size() < first_cap) {
            file.first.push_back(std::move(line));
        } else if (file.latest.size() < latest_cap) {
            file.latest.push_back(std::move(line));
        } else if (latest_cap > 0) {
            file.latest[file.next] = std::move(line); // the oldest of the latest ones leaves
            file.next = (file.next + 1) % latest_cap;
        }
        return;
    }
}

std::vector<NamedLine> NamedLineScan::finish() {
    m_normalizer.finish();
    std::vector<NamedLine> lines;
    for (auto& file : m_kept) {
        for (auto& line : file.first) {
            lines.push_back(std::move(line));
        }
        for (auto& line : file.latest) {
            lines.push_back(std::move(line));
        }
    }
    std::sort(lines.begin(), lines.end(),
              [](const NamedLine& a, const NamedLine& b) { return a.number < b.number; });
    return lines;
}

} // namespace autofix::logs
