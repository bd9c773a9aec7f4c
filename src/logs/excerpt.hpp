#pragma once

#include "logs/excerpt_named.hpp"
#include "logs/line_classifier.hpp"
#include "logs/normalizer.hpp"
#include "logs/redactor.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace autofix::logs {

/// How much of a log an excerpt keeps.
struct ExcerptOptions {
    std::size_t budget_tokens = 8000;  // estimated as bytes/4 (see token_estimate.hpp)
    std::size_t context_before = 3;    // lines kept before an error line
    std::size_t context_after = 6;     // lines kept after an error line (frames extend this)
    std::size_t max_window_lines = 80; // lines one error window may hold
};

/// A redacted excerpt of a log within its token budget.
struct Excerpt {
    std::string text;
    std::size_t redactions = 0;
    std::string failed_step; // the step (group title) that failed, "" when unknown
    std::uint64_t lines = 0; // normalised lines seen
    std::uint64_t lines_kept =
        0;              // of those, lines shown in `text` (a collapsed repeat counts as all it stands for)
    bool whole = false; // the log fitted the budget and is shown whole
};

/// Chooses what of a normalised log to show within a token budget, in one pass with memory bounded by the
/// budget: a digest of every distinct error line (each cut to a few hundred bytes, identical ones collapsed
/// into one with a "[xN]" count; when they outgrow their share the first error and the latest ones stay), a
/// ring of recent lines for context before an error, a bounded set of error windows evicted by priority
/// (error > summary; the latest step first; then the earliest error), a tail for the summary at the end,
/// consecutive repeats collapsed, and "[... N lines cut ...]" where lines were left out. A log that fits the
/// budget is passed whole.
class Excerpter {
public:
    /// Called for each line as it enters an error window, and for warnings (weak mentions).
    using KeptSink = std::function<void(std::string_view text, const LineClass& line_class)>;

    /// An excerpter; `on_kept` (optional) sees lines worth mining for file references.
    explicit Excerpter(ExcerptOptions options, KeptSink on_kept = {});

    /// Takes the next normalised line and its class.
    void add(const NormalizedLine& line, const LineClass& line_class);

    /// The excerpt, every kept line passed through `redactor`; never longer than the budget. `named` are
    /// lines naming the files that matter most, shown after the error lines as select_named_lines chooses
    /// them within what is left of their share.
    Excerpt finish(const Redactor& redactor, const std::vector<NamedLine>& named = {});

    /// The number of normalised lines taken so far (the number of the last one).
    std::uint64_t lines() const { return m_number; }

private:
    /// A line as it passes through: its text is only valid during the call.
    struct LineRef {
        std::uint64_t number = 0;
        std::uint64_t span = 1;
        std::string_view text;
        std::size_t redactions = 0;
    };
    struct StoredLine {
        std::uint64_t number = 0; // first normalised line it stands for
        std::uint64_t span = 1;   // how many lines it stands for (a collapsed repeat stands for many)
        std::string text;
        std::size_t redactions = 0;
    };
    struct Window {
        std::vector<StoredLine> lines;
        std::size_t bytes = 0;
        int priority = 0;
        bool boosted = false; // in the section that the runner marked as failed
        std::uint64_t section = 0;
        std::string title;
        std::uint64_t first = 0;
        std::uint64_t last = 0;
        std::size_t after_remaining = 0;
    };

    struct DigestLine {
        StoredLine line;
        std::uint64_t count = 1; // times the identical line was seen
        std::uint64_t hash = 0;
        std::uint64_t section = 0;
    };

    /// The recent lines (an error window's context before it), in a fixed set of reused slots.
    struct Ring {
        std::vector<StoredLine> slots;
        std::size_t head = 0; // the oldest line
        std::size_t size = 0;
    };
    /// The last lines within the budget, their texts back to back in one reused buffer (no allocation per
    /// line); `first` is the oldest entry still in the tail.
    struct TailEntry {
        std::uint64_t number = 0;
        std::uint64_t span = 1;
        std::size_t redactions = 0;
        std::size_t begin = 0;
        std::size_t size = 0;
    };

    void process(const LineRef& line, const LineClass& line_class, LineMarker marker, std::string_view title);
    void push_ring(const LineRef& line);
    void push_tail(const LineRef& line);
    std::deque<StoredLine> tail_lines() const;
    void add_digest(const LineRef& line);
    std::vector<StoredLine> digest_selection(const Redactor& redactor, std::size_t budget) const;
    void flush_repeats();
    bool append(Window& window, const LineRef& line, const LineClass& line_class);
    void open_window(const LineRef& line, const LineClass& line_class);
    void enforce_budget();
    std::size_t weakest_window() const;
    void evict(std::size_t index);
    std::string render(const std::vector<const Window*>& windows, const std::deque<StoredLine>& tail,
                       std::size_t tail_from, const std::vector<StoredLine>& digest,
                       std::uint64_t& lines_kept) const;

    ExcerptOptions m_options;
    KeptSink m_on_kept;
    std::size_t m_budget_bytes;
    std::size_t m_window_budget;
    std::size_t m_max_window_bytes;

    std::uint64_t m_number = 0;
    bool m_whole_active = true;
    std::size_t m_whole_bytes = 0;
    std::vector<StoredLine> m_whole;

    std::string m_previous;
    bool m_has_previous = false;
    std::uint64_t m_repeat = 0;
    std::uint64_t m_repeat_first = 0;

    Ring m_ring;
    std::string m_tail_text;
    std::vector<TailEntry> m_tail;
    std::size_t m_tail_first = 0;
    std::size_t m_tail_bytes = 0;
    std::vector<Window> m_windows;
    std::optional<std::size_t> m_open;
    std::size_t m_window_bytes = 0;
    std::uint64_t m_last_windowed = 0;
    std::unordered_set<std::uint64_t> m_seen_errors;
    std::vector<DigestLine> m_digest;
    std::unordered_map<std::uint64_t, std::size_t> m_digest_index;
    std::size_t m_digest_bytes = 0;

    std::uint64_t m_section = 0;
    std::string m_section_title;
    std::string m_step_title;
    std::string m_failed_step;
};

} // namespace autofix::logs
