#include "agent/line_endings.hpp"

#include <algorithm>
#include <utility>

namespace autofix::agent {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// Counts the line endings of `text`: {CRLF, LF alone}.
std::pair<std::size_t, std::size_t> count_endings(std::string_view text) {
    std::size_t crlf = 0;
    std::size_t lf = 0;
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (text[at] == '\n') {
            (at > 0 && text[at - 1] == '\r' ? crlf : lf) += 1;
        }
    }
    return {crlf, lf};
}

} // namespace

TextFile TextFile::parse(std::string_view bytes) {
    TextFile file;
    if (bytes.starts_with(utf8_bom)) {
        file.m_bom = std::string(utf8_bom);
        bytes.remove_prefix(utf8_bom.size());
    }
    file.m_text.reserve(bytes.size());
    std::size_t crlf = 0;
    for (std::size_t at = 0; at < bytes.size(); ++at) {
        if (bytes[at] == '\r' && at + 1 < bytes.size() && bytes[at + 1] == '\n') {
            continue; // the '\n' that follows records it
        }
        if (bytes[at] == '\n') {
            const bool was_crlf = at > 0 && bytes[at - 1] == '\r';
            file.m_crlf.push_back(was_crlf);
            crlf += was_crlf ? 1 : 0;
        }
        file.m_text.push_back(bytes[at]);
    }
    file.m_dominant = crlf * 2 > file.m_crlf.size() ? LineEnding::crlf : LineEnding::lf;
    return file;
}

std::string TextFile::replace(std::size_t offset, std::size_t length, std::string_view replacement) const {
    offset = std::min(offset, m_text.size());
    length = std::min(length, m_text.size() - offset);
    std::string out = m_bom;
    out.reserve(m_bom.size() + m_text.size() + m_crlf.size() + replacement.size() * 2);
    std::size_t line = 0; // index into m_crlf of the next '\n' of m_text
    const auto copy_original = [&](std::size_t from, std::size_t to) {
        for (std::size_t at = from; at < to; ++at) {
            if (m_text[at] == '\n' && m_crlf[line++]) {
                out.push_back('\r');
            }
            out.push_back(m_text[at]);
        }
    };
    copy_original(0, offset);
    for (std::size_t at = offset; at < offset + length; ++at) {
        line += m_text[at] == '\n' ? 1 : 0; // the replaced span's endings are dropped with it
    }
    out += with_ending(to_lf(replacement), m_dominant);
    copy_original(offset + length, m_text.size());
    return out;
}

std::string to_lf(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (!(text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n')) {
            out.push_back(text[at]);
        }
    }
    return out;
}

std::string with_ending(std::string_view text, LineEnding ending) {
    if (ending == LineEnding::lf) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (const char c : text) {
        if (c == '\n') {
            out.push_back('\r');
        }
        out.push_back(c);
    }
    return out;
}

LineEnding prevailing_ending(const std::vector<std::string>& samples) {
    std::size_t crlf = 0;
    std::size_t lf = 0;
    for (const std::string& sample : samples) {
        const auto [c, l] = count_endings(sample);
        crlf += c;
        lf += l;
    }
    return crlf > lf ? LineEnding::crlf : LineEnding::lf;
}

} // namespace autofix::agent
