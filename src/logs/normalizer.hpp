#pragma once

#include "logs/redactor.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace autofix::logs {

/// What a normalised line was in the raw log.
enum class LineMarker {
    none,         // ordinary output
    section,      // a ##[group]/::group:: title, rendered as "=== title ==="
    error_marker, // ##[error]/::error:: (the runner's "Process completed with exit code 1." among them)
    redacted,     // a private key block collapsed into one "[REDACTED]" line
};

/// One normalised line handed to the sink; `text` is valid only during the call.
struct NormalizedLine {
    std::string_view text;
    LineMarker marker = LineMarker::none;
    std::string_view title;     // the section title when marker == section
    std::size_t redactions = 0; // secrets already replaced in `text` (key blocks, cut lines)
};

/// Limits of the normaliser.
struct NormalizerOptions {
    std::size_t max_line_bytes = 2000;     // longer lines are cut and marked "[... N bytes cut ...]"
    std::size_t max_key_block_lines = 200; // a private key block longer than this is not a key
};

/// Turns a raw CI log, fed in chunks of any size, into clean lines: strips ANSI escapes, Actions timestamps
/// and the BOM, resolves `\r` progress overwrites and CRLF, replaces invalid UTF-8 with U+FFFD, drops control
/// characters, turns ##[group]/##[error]/::error:: workflow markers into readable lines, swallows private key
/// blocks, and caps line length. Memory is bounded by the line cap, never by the log.
class LineNormalizer {
public:
    using Sink = std::function<void(const NormalizedLine&)>;

    /// A normaliser sending each finished line to `sink`; `redactor` (optional, not owned) cleans lines
    /// before they are cut, so that a secret straddling the cut never leaks half of itself.
    LineNormalizer(NormalizerOptions options, Sink sink, const Redactor* redactor = nullptr);

    /// Consumes the next chunk of the raw log; finished lines go to the sink.
    void feed(std::string_view chunk);

    /// Flushes the last unterminated line and any open key block; call once at the end.
    void finish();

    /// True when nothing of a line is pending (no partial line, carriage return or key block, not the first
    /// line), so that a whole line may take the quiet path (quiet_text, count_quiet_line).
    bool at_line_start() const {
        return !m_first_line && !m_has_content && !m_pending_cr && !m_in_key_block && m_raw.empty();
    }

    /// For one whole raw line (without its '\n') at a line start: sets `text` to its clean text (a view of
    /// `raw` when nothing needs cleaning, else of `scratch`) and returns true when feeding it would send
    /// exactly that text to the sink as an ordinary line (no workflow marker, no cut, no carriage return, no
    /// key block) and change nothing else; false when the line must be fed.
    /// `chunk_has_cr` and `chunk_has_begin`: whether the chunk holding `raw` has a '\r' or a "BEGIN "
    /// anywhere (when false, the line is not searched for them).
    bool quiet_text(std::string_view raw, std::string& scratch, std::string_view& text,
                    bool chunk_has_cr = true, bool chunk_has_begin = true) const;

    /// Counts a line that took the quiet path: `bytes` raw bytes, its '\n' included.
    void count_quiet_line(std::size_t bytes) {
        m_bytes_in += bytes;
        ++m_lines_in;
    }

    /// Raw bytes fed so far.
    std::uint64_t bytes_in() const { return m_bytes_in; }

    /// Raw lines seen so far (including dropped ones such as ##[endgroup]).
    std::uint64_t lines_in() const { return m_lines_in; }

private:
    void append(const char* data, std::size_t size);
    void end_line();
    void process(std::string_view raw);
    void emit(std::string_view text, LineMarker marker, std::string_view title, std::size_t redactions);

    NormalizerOptions m_options;
    Sink m_sink;
    const Redactor* m_redactor;
    std::size_t m_raw_cap;
    std::string m_raw;
    std::uint64_t m_dropped = 0;
    bool m_pending_cr = false;
    bool m_has_content = false;
    bool m_first_line = true;
    bool m_in_key_block = false;
    std::size_t m_key_block_lines = 0;
    std::string m_key_block_prefix;
    std::string m_clean;
    std::string m_out;
    std::uint64_t m_bytes_in = 0;
    std::uint64_t m_lines_in = 0;
};

/// Appends `text` cleaned as clean_line does to `out` (cleared first); `out` keeps its capacity.
void clean_line_into(std::string_view text, std::string& out);

/// `text` with ANSI escape sequences and control characters (but tabs) removed and invalid UTF-8
/// replaced by U+FFFD (one per run); never fails.
std::string clean_line(std::string_view text);

/// The length of an Actions timestamp prefix ("2024-01-15T10:23:45.1234567Z ") at the start of `line`, or 0.
std::size_t timestamp_prefix_length(std::string_view line);

} // namespace autofix::logs
