#include "logs/excerpt.hpp"

#include "logs/token_estimate.hpp"

#include <algorithm>

namespace autofix::logs {
namespace {

constexpr std::size_t max_seen_errors = 8192;
constexpr std::size_t marker_bytes = 40;       // room for one "[... N lines cut ...]" line
constexpr std::size_t digest_line_bytes = 240; // an error line in the digest is cut to this
constexpr std::size_t digest_share = 60;       // percent of the budget the error digest may fill
constexpr std::size_t named_share = 80;        // ... and with the lines naming the top files

std::uint64_t exact_hash(std::string_view text) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

// `text` cut to `limit` bytes on a UTF-8 boundary.
std::string cut_utf8(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) {
        return std::string(text);
    }
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return std::string(text.substr(0, cut)) + " [...]";
}

// A hash of `text` with digit runs folded, so "error at 0x12" and "error at 0x34" count as the same error.
std::uint64_t error_signature(std::string_view text) {
    std::uint64_t hash = 1469598103934665603ULL;
    bool in_digits = false;
    for (char c : text) {
        bool digit = c >= '0' && c <= '9';
        if (digit && in_digits) {
            continue;
        }
        in_digits = digit;
        hash ^= static_cast<unsigned char>(digit ? '#' : c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::string cut_marker(std::uint64_t lines) {
    return "[... " + std::to_string(lines) + (lines == 1 ? " line cut ...]" : " lines cut ...]");
}

// The first byte is compared inline: most lines differ there, and the library compare is a call.
bool starts_with(std::string_view text, std::string_view prefix) {
    return prefix.empty() ||
           (!text.empty() && text.front() == prefix.front() && text.substr(0, prefix.size()) == prefix);
}

} // namespace

Excerpter::Excerpter(ExcerptOptions options, KeptSink on_kept)
    : m_options(options), m_on_kept(std::move(on_kept)),
      m_budget_bytes(token_budget_bytes(options.budget_tokens)), m_window_budget(m_budget_bytes * 65 / 100),
      m_max_window_bytes(std::max<std::size_t>(m_window_budget / 2, 1)) {}

void Excerpter::add(const NormalizedLine& line, const LineClass& line_class) {
    ++m_number;
    if (m_whole_active) {
        m_whole_bytes += line.text.size() + 1;
        if (m_whole_bytes > m_budget_bytes + 1) {
            m_whole_active = false;
            m_whole = {};
        } else {
            m_whole.push_back({m_number, 1, std::string(line.text), line.redactions});
        }
    }
    if (m_has_previous && line.marker == LineMarker::none && line.text == m_previous) {
        if (m_repeat == 0) {
            m_repeat_first = m_number;
        }
        ++m_repeat;
        return;
    }
    flush_repeats();
    m_previous.assign(line.text);
    m_has_previous = true;
    process(LineRef{m_number, 1, line.text, line.redactions}, line_class, line.marker, line.title);
}

void Excerpter::flush_repeats() {
    if (m_repeat == 0) {
        return;
    }
    const std::string text = "[... previous line repeated " + std::to_string(m_repeat) +
                             (m_repeat == 1 ? " time ...]" : " times ...]");
    const LineRef line{m_repeat_first, m_repeat, text, 0};
    m_repeat = 0;
    process(line, LineClass{}, LineMarker::none, {});
}

void Excerpter::process(const LineRef& line, const LineClass& line_class, LineMarker marker,
                        std::string_view title) {
    if (marker == LineMarker::section) {
        ++m_section;
        m_section_title.assign(title);
        if (starts_with(title, "Run ") || m_step_title.empty()) {
            m_step_title.assign(title);
        }
    }
    if (marker == LineMarker::error_marker) {
        if (m_failed_step.empty()) {
            m_failed_step = !m_step_title.empty() ? m_step_title : m_section_title;
        }
        for (auto& window : m_windows) {
            window.boosted = window.boosted || window.section == m_section;
        }
    }

    bool kept = false;
    bool opens = line_class.priority >= 2 || marker == LineMarker::error_marker;
    if (opens) {
        std::uint64_t signature = error_signature(line.text);
        if (m_open) {
            kept = append(m_windows[*m_open], line, line_class);
            if (kept) {
                m_windows[*m_open].after_remaining = m_options.context_after;
            } else {
                m_open.reset(); // full: this line starts a window of its own
            }
        }
        if (!kept && (marker == LineMarker::error_marker || m_seen_errors.count(signature) == 0)) {
            open_window(line, line_class);
            kept = true;
        }
        if (m_seen_errors.size() < max_seen_errors) {
            m_seen_errors.insert(signature);
        }
        if (line_class.priority >= 3 || marker == LineMarker::error_marker) {
            add_digest(line);
        }
    } else if (m_open) {
        Window& window = m_windows[*m_open];
        if (window.after_remaining > 0) {
            kept = append(window, line, line_class);
            --window.after_remaining;
        } else if (line_class.kind == LineKind::frame) {
            kept = append(window, line, line_class);
        }
        if (!kept) {
            m_open.reset();
        }
    }
    if (!kept && line_class.priority == 1 && m_on_kept) {
        m_on_kept(line.text, line_class);
    }

    push_ring(line);
    push_tail(line);
    enforce_budget();
}

void Excerpter::add_digest(const LineRef& line) {
    std::uint64_t hash = exact_hash(line.text);
    auto found = m_digest_index.find(hash);
    if (found != m_digest_index.end()) {
        ++m_digest[found->second].count;
        return;
    }
    StoredLine kept{line.number, 1, cut_utf8(line.text, digest_line_bytes), line.redactions};
    m_digest_bytes += kept.text.size() + 1;
    m_digest.push_back({std::move(kept), 1, hash, m_section});
    m_digest_index.emplace(hash, m_digest.size() - 1);
    // Bounded memory: past twice the budget, forget lines from the middle (the first error and the latest
    // ones matter most).
    if (m_digest_bytes > 2 * m_budget_bytes && m_digest.size() > 2) {
        while (m_digest_bytes > m_budget_bytes + m_budget_bytes / 2 && m_digest.size() > 2) {
            std::size_t middle = m_digest.size() / 2;
            m_digest_bytes -= m_digest[middle].line.text.size() + 1;
            m_digest.erase(m_digest.begin() + static_cast<std::ptrdiff_t>(middle));
        }
        m_digest_index.clear();
        for (std::size_t k = 0; k < m_digest.size(); ++k) {
            m_digest_index.emplace(m_digest[k].hash, k);
        }
    }
}

std::vector<Excerpter::StoredLine> Excerpter::digest_selection(const Redactor& redactor,
                                                               std::size_t budget) const {
    std::vector<StoredLine> lines;
    for (const auto& entry : m_digest) {
        StoredLine line = entry.line;
        line.span = 1;
        if (entry.count > 1) {
            line.text += " [x" + std::to_string(entry.count) + "]";
        }
        Redaction redacted = redactor.redact_counted(line.text);
        if (redacted.count > 0) {
            line.text = std::move(redacted.text);
            line.redactions += redacted.count;
        }
        lines.push_back(std::move(line));
    }
    std::size_t total = 0;
    for (const auto& line : lines) {
        total += line.text.size() + 1;
    }
    if (total <= budget || lines.empty()) {
        return lines;
    }
    // The first error of the last step that had errors, then the latest ones while they fit.
    std::size_t first = lines.size() - 1;
    while (first > 0 && m_digest[first - 1].section == m_digest.back().section) {
        --first;
    }
    std::vector<StoredLine> chosen;
    std::size_t used = lines[first].text.size() + 1;
    if (used <= budget) {
        chosen.push_back(lines[first]);
    }
    for (std::size_t k = lines.size(); k-- > 0;) {
        if (k == first) {
            continue;
        }
        std::size_t size = lines[k].text.size() + 1;
        if (used + size <= budget) {
            chosen.push_back(lines[k]);
            used += size;
        }
    }
    std::sort(chosen.begin(), chosen.end(),
              [](const StoredLine& a, const StoredLine& b) { return a.number < b.number; });
    return chosen;
}

bool Excerpter::append(Window& window, const LineRef& line, const LineClass& line_class) {
    std::size_t size = line.text.size() + 1;
    if (!window.lines.empty() &&
        (window.bytes + size > m_max_window_bytes || window.lines.size() >= m_options.max_window_lines)) {
        return false;
    }
    window.lines.push_back({line.number, line.span, std::string(line.text), line.redactions});
    window.bytes += size;
    window.priority = std::max(window.priority, line_class.priority);
    window.last = line.number + line.span - 1;
    m_window_bytes += size;
    m_last_windowed = window.last;
    if (m_on_kept) {
        m_on_kept(line.text, line_class);
    }
    return true;
}

void Excerpter::open_window(const LineRef& line, const LineClass& line_class) {
    Window window;
    window.section = m_section;
    window.title = m_section_title;
    window.after_remaining = m_options.context_after;
    m_windows.push_back(std::move(window));
    m_open = m_windows.size() - 1;
    Window& opened = m_windows.back();
    bool first = true;
    for (std::size_t k = 0; k < m_ring.size; ++k) {
        const StoredLine& before = m_ring.slots[(m_ring.head + k) % m_ring.slots.size()];
        if (before.number > m_last_windowed) {
            if (first) {
                opened.first = before.number;
                first = false;
            }
            append(opened, LineRef{before.number, before.span, before.text, before.redactions},
                   classify_line(before.text));
        }
    }
    if (first) {
        opened.first = line.number;
    }
    opened.lines.reserve(opened.lines.size() + 1);
    // The error line itself always enters, even alone over the per-window cap.
    std::size_t size = line.text.size() + 1;
    opened.lines.push_back({line.number, line.span, std::string(line.text), line.redactions});
    opened.bytes += size;
    opened.priority = std::max(opened.priority, line_class.priority);
    opened.last = line.number + line.span - 1;
    m_window_bytes += size;
    m_last_windowed = opened.last;
    if (m_on_kept) {
        m_on_kept(line.text, line_class);
    }
}

std::size_t Excerpter::weakest_window() const {
    std::size_t weakest = 0;
    auto weaker = [](const Window& a, const Window& b) {
        int rank_a = a.priority + (a.boosted ? 1 : 0);
        int rank_b = b.priority + (b.boosted ? 1 : 0);
        if (rank_a != rank_b) {
            return rank_a < rank_b;
        }
        if (a.section != b.section) {
            return a.section < b.section; // the latest step is the one that failed
        }
        return a.first > b.first; // within a step the first error is the cause
    };
    for (std::size_t k = 1; k < m_windows.size(); ++k) {
        if (weaker(m_windows[k], m_windows[weakest])) {
            weakest = k;
        }
    }
    return weakest;
}

void Excerpter::evict(std::size_t index) {
    m_window_bytes -= m_windows[index].bytes;
    m_windows.erase(m_windows.begin() + static_cast<std::ptrdiff_t>(index));
    if (m_open) {
        if (*m_open == index) {
            m_open.reset();
        } else if (*m_open > index) {
            --*m_open;
        }
    }
}

void Excerpter::enforce_budget() {
    while (m_window_bytes > m_window_budget && !m_windows.empty()) {
        evict(weakest_window());
    }
}

std::string Excerpter::render(const std::vector<const Window*>& windows, const std::deque<StoredLine>& tail,
                              std::size_t tail_from, const std::vector<StoredLine>& digest,
                              std::uint64_t& lines_kept) const {
    // Windows and tail lines merged by line number; a tail line a window already shows is skipped.
    struct Item {
        const StoredLine* line;
        const Window* window;
    };
    std::vector<Item> items;
    for (const auto& line : digest) {
        items.push_back({&line, nullptr}); // first: at the same line a digest entry carries its repeat count
    }
    for (const Window* window : windows) {
        for (const auto& line : window->lines) {
            items.push_back({&line, window});
        }
    }
    for (std::size_t k = tail_from; k < tail.size(); ++k) {
        items.push_back({&tail[k], nullptr});
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const Item& a, const Item& b) { return a.line->number < b.line->number; });

    std::string out;
    lines_kept = 0;
    if (!m_failed_step.empty()) {
        out += "[failed step: " + m_failed_step + "]\n";
    }
    std::uint64_t emitted = 0;
    std::string_view last_title;
    const Window* last_window = nullptr;
    for (const Item& item : items) {
        const StoredLine& line = *item.line;
        if (line.number <= emitted) {
            continue; // shown already
        }
        if (line.number > emitted + 1) {
            out += cut_marker(line.number - emitted - 1) + "\n";
        }
        if (item.window != nullptr && item.window != last_window) {
            const std::string& title = item.window->title;
            if (!title.empty() && title != last_title && line.text != "=== " + title + " ===") {
                out += "=== " + title + " ===\n";
            }
            last_title = title;
            last_window = item.window;
        }
        out += line.text;
        out += '\n';
        emitted = line.number + line.span - 1;
        lines_kept += line.span;
    }
    if (emitted < m_number) {
        out += cut_marker(m_number - emitted) + "\n";
    }
    if (!out.empty()) {
        out.pop_back();
    }
    return out;
}

Excerpt Excerpter::finish(const Redactor& redactor, const std::vector<NamedLine>& named) {
    flush_repeats();
    m_open.reset();
    Excerpt result;
    result.lines = m_number;
    result.failed_step = redactor.redact_counted(m_failed_step).text;
    if (result.failed_step.empty() && !m_windows.empty()) {
        std::size_t best = 0;
        for (std::size_t k = 1; k < m_windows.size(); ++k) {
            if (m_windows[k].priority > m_windows[best].priority ||
                (m_windows[k].priority == m_windows[best].priority &&
                 m_windows[k].section > m_windows[best].section)) {
                best = k;
            }
        }
        result.failed_step = redactor.redact_counted(m_windows[best].title).text;
    }
    m_failed_step = result.failed_step;
    for (auto& window : m_windows) {
        window.title = redactor.redact_counted(window.title).text;
    }

    if (m_whole_active) {
        std::string text;
        std::size_t redactions = 0;
        for (const auto& line : m_whole) {
            Redaction redacted = redactor.redact_counted(line.text);
            text += redacted.text;
            text += '\n';
            redactions += redacted.count + line.redactions;
        }
        if (!text.empty()) {
            text.pop_back();
        }
        if (text.size() <= m_budget_bytes) {
            result.text = std::move(text);
            result.redactions = redactions;
            result.lines_kept = m_number;
            result.whole = true;
            return result;
        }
    }

    // Redact what may be shown, then fit it: windows first, the tail takes what is left (at least a quarter).
    auto redact_line = [&](StoredLine& line) {
        Redaction redacted = redactor.redact_counted(line.text);
        if (redacted.count > 0) {
            line.text = std::move(redacted.text);
            line.redactions += redacted.count;
        }
    };
    std::sort(m_windows.begin(), m_windows.end(),
              [](const Window& a, const Window& b) { return a.first < b.first; });
    for (auto& window : m_windows) {
        window.bytes = 0;
        for (auto& line : window.lines) {
            redact_line(line);
            window.bytes += line.text.size() + 1;
        }
    }
    std::deque<StoredLine> tail = tail_lines();
    for (auto& line : tail) {
        redact_line(line);
    }

    std::vector<const Window*> chosen;
    for (const auto& window : m_windows) {
        chosen.push_back(&window);
    }
    auto weaker = [](const Window& a, const Window& b) {
        int rank_a = a.priority + (a.boosted ? 1 : 0);
        int rank_b = b.priority + (b.boosted ? 1 : 0);
        if (rank_a != rank_b) {
            return rank_a < rank_b;
        }
        return a.section != b.section ? a.section < b.section : a.first > b.first;
    };
    // Windows first, leaving the tail at least a quarter of the budget (or what the tail holds, if less).
    std::size_t tail_total = 0;
    for (const auto& line : tail) {
        tail_total += line.text.size() + 1;
    }
    const std::size_t min_tail = std::min(tail_total + marker_bytes, m_budget_bytes / 4);
    std::uint64_t lines_kept = 0;
    std::vector<StoredLine> digest = digest_selection(redactor, m_budget_bytes * digest_share / 100);
    std::size_t digest_bytes = 0;
    for (const auto& line : digest) {
        digest_bytes += line.text.size() + 1;
    }
    std::vector<NamedLine> candidates;
    std::unordered_set<std::uint64_t> numbers; // a line is offered once (both reads of the log may name it)
    for (const auto& line : digest) {
        numbers.insert(line.number);
    }
    for (const auto& named_line : named) {
        if (!numbers.insert(named_line.number).second) {
            continue;
        }
        candidates.push_back(
            {named_line.number, cut_utf8(named_line.text, digest_line_bytes), named_line.rank});
    }
    const std::size_t named_budget = m_budget_bytes * named_share / 100;
    for (auto& chosen_line : select_named_lines(
             std::move(candidates), named_budget > digest_bytes ? named_budget - digest_bytes : 0)) {
        StoredLine line{chosen_line.number, 1, std::move(chosen_line.text), 0};
        Redaction redacted = redactor.redact_counted(line.text);
        if (redacted.count > 0) {
            line.text = std::move(redacted.text);
            line.redactions = redacted.count;
        }
        digest.push_back(std::move(line));
    }
    std::sort(digest.begin(), digest.end(),
              [](const StoredLine& a, const StoredLine& b) { return a.number < b.number; });
    std::string text = render(chosen, tail, tail.size(), digest, lines_kept);
    while (!chosen.empty() && text.size() + min_tail > m_budget_bytes) {
        auto weakest = std::min_element(chosen.begin(), chosen.end(),
                                        [&](const Window* a, const Window* b) { return weaker(*a, *b); });
        chosen.erase(weakest);
        text = render(chosen, tail, tail.size(), digest, lines_kept);
    }
    std::size_t room =
        m_budget_bytes > text.size() + marker_bytes ? m_budget_bytes - text.size() - marker_bytes : 0;
    auto shown_by_window = [&](const StoredLine& line) {
        return std::any_of(chosen.begin(), chosen.end(),
                           [&](const Window* window) {
                               return line.number >= window->first && line.number <= window->last;
                           }) ||
               std::any_of(digest.begin(), digest.end(),
                           [&](const StoredLine& shown) { return shown.number == line.number; });
    };
    std::size_t tail_from = tail.size();
    std::size_t tail_bytes = 0;
    while (tail_from > 0) {
        const StoredLine& line = tail[tail_from - 1];
        std::size_t cost = shown_by_window(line) ? 0 : line.text.size() + 1;
        if (tail_bytes + cost > room) {
            break;
        }
        tail_bytes += cost;
        --tail_from;
    }
    text = render(chosen, tail, tail_from, digest, lines_kept);
    while (text.size() > m_budget_bytes && (tail_from < tail.size() || !chosen.empty() || !digest.empty())) {
        if (tail_from < tail.size()) {
            ++tail_from;
        } else if (!chosen.empty()) {
            chosen.erase(std::min_element(chosen.begin(), chosen.end(),
                                          [&](const Window* a, const Window* b) { return weaker(*a, *b); }));
        } else {
            digest.erase(digest.begin() + static_cast<std::ptrdiff_t>(digest.size() / 2));
        }
        text = render(chosen, tail, tail_from, digest, lines_kept);
    }
    if (text.size() > m_budget_bytes) {
        // Only the header and markers are left and still too long (a tiny budget): cut on a UTF-8 boundary.
        std::size_t cut = m_budget_bytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        text.resize(cut);
    }
    for (const Window* window : chosen) {
        for (const auto& line : window->lines) {
            result.redactions += line.redactions;
        }
    }
    for (const auto& line : digest) {
        bool in_window = std::any_of(chosen.begin(), chosen.end(), [&](const Window* window) {
            return line.number >= window->first && line.number <= window->last;
        });
        result.redactions += in_window ? 0 : line.redactions;
    }
    for (std::size_t k = tail_from; k < tail.size(); ++k) {
        result.redactions += shown_by_window(tail[k]) ? 0 : tail[k].redactions;
    }
    result.text = std::move(text);
    result.lines_kept = lines_kept;
    return result;
}

} // namespace autofix::logs
