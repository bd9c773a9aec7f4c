#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::agent {

/// Which line ending a text uses for the lines it gains.
enum class LineEnding { lf, crlf };

/// A text file as the editor works on it: the byte-order mark apart, every "\r\n" read as "\n", and the
/// original ending of each line kept, so that an edit can write back the bytes outside it unchanged.
class TextFile {
public:
    /// Reads `bytes`: strips a UTF-8 byte-order mark and records each line's ending. A lone '\r' stays text.
    static TextFile parse(std::string_view bytes);

    /// The text with "\n" line endings only and no byte-order mark, as shown to the model.
    const std::string& text() const { return m_text; }

    /// The ending new lines get: CRLF when most of the file's line endings are CRLF, else LF.
    LineEnding dominant() const { return m_dominant; }

    /// Returns the file's bytes after replacing `length` bytes of text() at `offset` by `replacement` (a text
    /// with "\n" endings): the mark and every line ending outside the replaced span are kept as they were,
    /// the lines of `replacement` end in the dominant style.
    std::string replace(std::size_t offset, std::size_t length, std::string_view replacement) const;

    /// Returns the file's bytes unchanged (the inverse of parse).
    std::string bytes() const { return replace(0, 0, {}); }

private:
    std::string m_bom;
    std::string m_text;
    std::vector<bool> m_crlf; // one flag per '\n' of m_text: true when it was "\r\n"
    LineEnding m_dominant = LineEnding::lf;
};

/// Returns `text` with every "\r\n" turned into "\n" (how old_str, new_str and insert text are matched).
std::string to_lf(std::string_view text);

/// Returns `text` (with "\n" endings) written with `ending`.
std::string with_ending(std::string_view text, LineEnding ending);

/// Returns the ending most of the texts in `samples` use (CRLF only when CRLF lines outnumber LF lines).
LineEnding prevailing_ending(const std::vector<std::string>& samples);

} // namespace autofix::agent
