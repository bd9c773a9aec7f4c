#include "logs/normalizer.hpp"

#include <cstdint>
#include <cstring>

namespace autofix::logs {
namespace {

constexpr std::string_view replacement_char = "\xEF\xBF\xBD";

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// The number of leading bytes of `bytes` that are printable ASCII (0x20-0x7E), eight at a time.
std::size_t printable_prefix(const unsigned char* bytes, std::size_t n) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, bytes + i, 8);
        // A byte below 0x20, or one with its high bit set once 1 is added (0x7F and above).
        const std::uint64_t low = (word - ones * 0x20) & ~word & highs;
        const std::uint64_t high = (word | (word + ones)) & highs;
        if ((low | high) != 0) {
            break;
        }
    }
    while (i < n && bytes[i] >= 0x20 && bytes[i] < 0x7F) {
        ++i;
    }
    return i;
}

// Appends `text` to `out` cleaned: no escapes, no control characters, valid UTF-8. Printable runs are
// copied whole.
void clean_into(std::string_view text, std::string& out) {
    out.clear();
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    bool last_replaced = false;
    std::size_t i = 0;
    while (i < n) {
        if (const std::size_t run = printable_prefix(bytes + i, n - i); run > 0) {
            out.append(text.substr(i, run));
            last_replaced = false;
            i += run;
            if (i == n) {
                break;
            }
        }
        unsigned char c = bytes[i];
        if (c == 0x1B) { // ESC: CSI "ESC [ params final", OSC "ESC ] ... BEL|ESC \", or a two-byte escape
            if (i + 1 < n && bytes[i + 1] == '[') {
                i += 2;
                while (i < n && !(bytes[i] >= 0x40 && bytes[i] <= 0x7E)) {
                    ++i;
                }
                ++i;
            } else if (i + 1 < n && bytes[i + 1] == ']') {
                i += 2;
                while (i < n && bytes[i] != 0x07 &&
                       !(bytes[i] == 0x1B && i + 1 < n && bytes[i + 1] == '\\')) {
                    ++i;
                }
                i += (i < n && bytes[i] == 0x1B) ? 2 : 1;
            } else {
                i += 2;
            }
            continue;
        }
        if (c < 0x80) {
            if (c >= 0x20 && c != 0x7F) {
                out.push_back(static_cast<char>(c));
                last_replaced = false;
            } else if (c == '\t') {
                out.push_back('\t');
                last_replaced = false;
            }
            ++i;
            continue;
        }
        // A multi-byte UTF-8 sequence: validate lead, continuation bytes, overlongs and surrogates.
        std::size_t length = 0;
        unsigned char min_second = 0x80;
        unsigned char max_second = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            min_second = c == 0xE0 ? 0xA0 : 0x80;
            max_second = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            min_second = c == 0xF0 ? 0x90 : 0x80;
            max_second = c == 0xF4 ? 0x8F : 0xBF;
        }
        bool valid =
            length != 0 && i + length <= n && bytes[i + 1] >= min_second && bytes[i + 1] <= max_second;
        for (std::size_t k = 2; valid && k < length; ++k) {
            valid = bytes[i + k] >= 0x80 && bytes[i + k] <= 0xBF;
        }
        if (valid) {
            out.append(text.substr(i, length));
            last_replaced = false;
            i += length;
        } else {
            if (!last_replaced) {
                out.append(replacement_char);
                last_replaced = true;
            }
            ++i;
        }
    }
}

// The longest prefix of `text` no longer than `limit` bytes that does not split a UTF-8 sequence.
std::size_t utf8_cut(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) {
        return text.size();
    }
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return cut;
}

// The first byte is compared inline: most lines differ there, and the library compare is a call.
[[gnu::always_inline]] inline bool starts_with(std::string_view text, std::string_view prefix) {
    return prefix.empty() ||
           (!text.empty() && text.front() == prefix.front() && text.substr(0, prefix.size()) == prefix);
}

// "file=src/a.py,line=3,col=5" from a ::error:: command, as "src/a.py:3:5: ", or "" without a file.
std::string workflow_command_location(std::string_view params) {
    std::string file;
    std::string line;
    std::string col;
    while (!params.empty()) {
        std::size_t comma = params.find(',');
        std::string_view item = params.substr(0, comma);
        std::size_t equals = item.find('=');
        if (equals != std::string_view::npos) {
            std::string_view key = item.substr(0, equals);
            std::string_view value = item.substr(equals + 1);
            if (key == "file") {
                file = value;
            } else if (key == "line") {
                line = value;
            } else if (key == "col") {
                col = value;
            }
        }
        if (comma == std::string_view::npos) {
            break;
        }
        params.remove_prefix(comma + 1);
    }
    if (file.empty()) {
        return {};
    }
    std::string location = file;
    if (!line.empty()) {
        location += ":" + line;
        if (!col.empty()) {
            location += ":" + col;
        }
    }
    return location + ": ";
}

} // namespace

void clean_line_into(std::string_view text, std::string& out) {
    clean_into(text, out);
}

bool LineNormalizer::quiet_text(std::string_view raw, std::string& scratch, std::string_view& text,
                                bool chunk_has_cr, bool chunk_has_begin) const {
    if (raw.size() > m_raw_cap) {
        return false; // a cut line
    }
    raw.remove_prefix(timestamp_prefix_length(raw));
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
    bool cleaned = false;
    if (printable_prefix(bytes, raw.size()) == raw.size()) {
        text = raw; // nothing to clean: the raw bytes are the text
    } else if (chunk_has_cr && std::memchr(raw.data(), '\r', raw.size()) != nullptr) {
        return false; // a carriage-return overwrite
    } else {
        clean_into(raw, scratch);
        text = scratch;
        cleaned = true; // cleaning may join "BEGIN " across a removed escape
    }
    if (text.size() > m_options.max_line_bytes) {
        return false;
    }
    if (!text.empty() && (text[0] == '#' || text[0] == ':' || text[0] == '[') &&
        (starts_with(text, "##[") || starts_with(text, "::") || starts_with(text, "[command]"))) {
        return false; // a workflow marker
    }
    // A private key block may start here ("-----BEGIN "); 'B' is rarer in logs than '-'.
    if (!cleaned && !chunk_has_begin) {
        return true;
    }
    for (std::size_t at = text.find("BEGIN "); at != std::string_view::npos;
         at = text.find("BEGIN ", at + 1)) {
        if (at >= 5 && text.substr(at - 5, 5) == "-----") {
            return false;
        }
    }
    return true;
}

std::string clean_line(std::string_view text) {
    std::string out;
    clean_into(text, out);
    return out;
}

std::size_t timestamp_prefix_length(std::string_view line) {
    // YYYY-MM-DDTHH:MM:SS[.fraction]Z followed by one space
    // The first 16 bytes are tested as two little-endian words: the digit bytes (mask 0xFF) must read 0x30
    // to 0x39, the others must equal the shape's separators.
    static constexpr std::size_t shape_size = 19;
    if (line.size() < shape_size + 1) {
        return 0;
    }
    auto matches = [](const char* at, std::uint64_t digit_mask, std::uint64_t separators) {
        constexpr std::uint64_t high_nibbles = 0xF0F0F0F0F0F0F0F0ULL;
        constexpr std::uint64_t low_nibbles = 0x0F0F0F0F0F0F0F0FULL;
        std::uint64_t word = 0;
        std::memcpy(&word, at, 8);
        const std::uint64_t high = ((word & high_nibbles) ^ 0x3030303030303030ULL) & digit_mask;
        const std::uint64_t over_nine =
            ((word & low_nibbles) + 0x0606060606060606ULL) & 0x1010101010101010ULL;
        return high == 0 && (over_nine & digit_mask) == 0 && (word & ~digit_mask) == separators;
    };
    // "dddd-dd-" then "ddTdd:dd" (byte 0 is the lowest).
    if (!matches(line.data(), 0x00FFFF00FFFFFFFFULL, 0x2D00002D00000000ULL) ||
        !matches(line.data() + 8, 0xFFFF00FFFF00FFFFULL, 0x00003A0000540000ULL) || line[16] != ':' ||
        !is_digit(line[17]) || !is_digit(line[18])) {
        return 0;
    }
    std::size_t i = shape_size;
    if (i < line.size() && line[i] == '.') {
        ++i;
        while (i < line.size() && is_digit(line[i])) {
            ++i;
        }
    }
    if (i >= line.size() || line[i] != 'Z') {
        return 0;
    }
    ++i;
    if (i < line.size() && line[i] == ' ') {
        ++i;
    }
    return i;
}

LineNormalizer::LineNormalizer(NormalizerOptions options, Sink sink, const Redactor* redactor)
    : m_options(options), m_sink(std::move(sink)), m_redactor(redactor),
      m_raw_cap(options.max_line_bytes * 4 + 4096) {}

void LineNormalizer::feed(std::string_view chunk) {
    m_bytes_in += chunk.size();
    std::size_t pos = 0;
    const std::size_t n = chunk.size();
    while (pos < n) {
        if (m_pending_cr) {
            if (chunk[pos] == '\n') {
                m_pending_cr = false;
                ++pos;
                end_line();
                continue;
            }
            if (chunk[pos] == '\r') {
                ++pos;
                continue;
            }
            // A bare carriage return: the terminal would overwrite the line, so keep only what follows.
            m_pending_cr = false;
            m_raw.clear();
            m_dropped = 0;
        }
        const char* begin = chunk.data() + pos;
        std::size_t rest = n - pos;
        const void* newline = std::memchr(begin, '\n', rest);
        std::size_t segment =
            newline != nullptr ? static_cast<std::size_t>(static_cast<const char*>(newline) - begin) : rest;
        const void* cr = std::memchr(begin, '\r', segment);
        if (cr != nullptr) {
            segment = static_cast<std::size_t>(static_cast<const char*>(cr) - begin);
        }
        append(begin, segment);
        pos += segment;
        if (pos < n) {
            if (chunk[pos] == '\n') {
                end_line();
            } else {
                m_pending_cr = true;
                m_has_content = true;
            }
            ++pos;
        }
    }
}

void LineNormalizer::append(const char* data, std::size_t size) {
    if (size == 0) {
        return;
    }
    m_has_content = true;
    std::size_t room = m_raw.size() < m_raw_cap ? m_raw_cap - m_raw.size() : 0;
    std::size_t take = size < room ? size : room;
    m_raw.append(data, take);
    m_dropped += size - take;
}

void LineNormalizer::end_line() {
    ++m_lines_in;
    process(m_raw);
    m_raw.clear();
    m_dropped = 0;
    m_has_content = false;
    m_pending_cr = false;
}

void LineNormalizer::finish() {
    if (m_has_content || !m_raw.empty()) {
        end_line();
    }
    if (m_in_key_block) {
        m_in_key_block = false;
        std::string line = m_key_block_prefix + std::string(Redactor::replacement);
        emit(line, LineMarker::redacted, {}, 1);
    }
}

void LineNormalizer::process(std::string_view raw) {
    if (m_first_line) {
        m_first_line = false;
        if (starts_with(raw, "\xEF\xBB\xBF")) {
            raw.remove_prefix(3);
        }
    }
    raw.remove_prefix(timestamp_prefix_length(raw));
    clean_into(raw, m_clean);
    std::string_view text = m_clean;

    if (m_in_key_block) {
        ++m_key_block_lines;
        bool ends = text.find("-----END ") != std::string_view::npos;
        if (ends || m_key_block_lines > m_options.max_key_block_lines) {
            m_in_key_block = false;
            std::string line = m_key_block_prefix + std::string(Redactor::replacement);
            emit(line, LineMarker::redacted, {}, 1);
        }
        return;
    }
    std::size_t begin = text.find("-----BEGIN ");
    if (begin != std::string_view::npos && text.find("PRIVATE KEY", begin) != std::string_view::npos &&
        text.find("-----END ", begin) == std::string_view::npos) {
        m_in_key_block = true;
        m_key_block_lines = 0;
        m_key_block_prefix.assign(text.substr(0, std::min<std::size_t>(begin, m_options.max_line_bytes)));
        return;
    }

    // Workflow markers: ##[name]rest as printed by the runner, ::name params::rest as echoed by steps.
    if (starts_with(text, "##[")) {
        std::size_t close = text.find(']');
        if (close != std::string_view::npos) {
            std::string_view name = text.substr(3, close - 3);
            std::string_view rest = text.substr(close + 1);
            if (name == "group" || name == "section") {
                emit(rest, LineMarker::section, rest, 0);
            } else if (name == "endgroup" || name == "debug") {
                // no text of its own
            } else if (name == "error") {
                emit("Error: " + std::string(rest), LineMarker::error_marker, {}, 0);
            } else if (name == "warning") {
                emit("Warning: " + std::string(rest), LineMarker::none, {}, 0);
            } else if (name == "notice") {
                emit("Notice: " + std::string(rest), LineMarker::none, {}, 0);
            } else if (name == "command") {
                emit("$ " + std::string(rest), LineMarker::none, {}, 0);
            } else {
                emit(rest, LineMarker::none, {}, 0);
            }
            return;
        }
    }
    if (starts_with(text, "[command]")) {
        emit("$ " + std::string(text.substr(9)), LineMarker::none, {}, 0);
        return;
    }
    if (starts_with(text, "::")) {
        std::size_t close = text.find("::", 2);
        if (close != std::string_view::npos) {
            std::string_view command = text.substr(2, close - 2);
            std::string_view rest = text.substr(close + 2);
            std::size_t space = command.find(' ');
            std::string_view name = command.substr(0, space);
            std::string_view params =
                space == std::string_view::npos ? std::string_view{} : command.substr(space + 1);
            if (name == "group") {
                emit(rest, LineMarker::section, rest, 0);
                return;
            }
            if (name == "endgroup" || name == "debug" || name == "add-mask" || name == "stop-commands") {
                return; // an add-mask value is a secret: drop the whole line
            }
            if (name == "error" || name == "warning" || name == "notice") {
                std::string label = name == "error"     ? "Error: "
                                    : name == "warning" ? "Warning: "
                                                        : "Notice: ";
                emit(label + workflow_command_location(params) + std::string(rest),
                     name == "error" ? LineMarker::error_marker : LineMarker::none, {}, 0);
                return;
            }
        }
    }
    emit(text, LineMarker::none, {}, 0);
}

void LineNormalizer::emit(std::string_view text, LineMarker marker, std::string_view title,
                          std::size_t redactions) {
    const std::size_t limit = m_options.max_line_bytes;
    NormalizedLine line{text, marker, title, redactions};
    std::string rendered;
    if (marker == LineMarker::section) {
        std::string_view capped = title.substr(0, utf8_cut(title, limit));
        rendered = "=== " + std::string(capped) + " ===";
        line.text = rendered;
        line.title = std::string_view(rendered).substr(4, capped.size());
    } else if (text.size() > limit || m_dropped > 0) {
        std::uint64_t cut_bytes = m_dropped;
        std::string_view source = text;
        Redaction redacted;
        if (m_redactor != nullptr) {
            redacted = m_redactor->redact_counted(text);
            source = redacted.text;
            line.redactions += redacted.count;
        }
        std::size_t keep = utf8_cut(source, limit);
        cut_bytes += source.size() - keep;
        m_out.assign(source.substr(0, keep));
        m_out += " [... " + std::to_string(cut_bytes) + " bytes cut ...]";
        line.text = m_out;
    }
    m_sink(line);
}

} // namespace autofix::logs
