#include "logs/redactor.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>

namespace autofix::logs {
namespace {

struct Span {
    std::size_t begin;
    std::size_t end;
};

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_word(char c) {
    return is_alnum(c) || c == '_';
}

bool is_upper_or_digit(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_icase(std::string_view text, std::size_t at, std::string_view prefix) {
    if (text.size() - at < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (lower(text[at + i]) != prefix[i]) {
            return false;
        }
    }
    return true;
}

bool already_redacted(std::string_view text, std::size_t at) {
    return text.substr(at, Redactor::replacement.size()) == Redactor::replacement;
}

std::size_t run_end(std::string_view text, std::size_t at, bool (*accept)(char)) {
    while (at < text.size() && accept(text[at])) {
        ++at;
    }
    return at;
}

bool token_char(char c) {
    return is_alnum(c) || c == '_';
}
bool key_char(char c) {
    return is_alnum(c) || c == '_' || c == '-';
}
bool anthropic_char(char c) {
    return is_alnum(c) || c == '_' || c == '-';
}

// ghp_/gho_/ghu_/ghs_/ghr_ followed by 20+ characters, or github_pat_ followed by 20+.
std::size_t match_github_token(std::string_view text, std::size_t at) {
    if (at > 0 && is_word(text[at - 1])) {
        return 0;
    }
    std::size_t body = 0;
    if (text.compare(at, 11, "github_pat_") == 0) {
        body = at + 11;
    } else if (text.size() - at >= 4 && text[at + 1] == 'h' && text[at + 3] == '_' &&
               std::strchr("pousr", text[at + 2]) != nullptr && text[at + 2] != '\0') {
        body = at + 4;
    } else {
        return 0;
    }
    std::size_t end = run_end(text, body, token_char);
    return end - body >= 20 ? end : 0;
}

// AWS access key ids: a four-letter prefix and 16 upper-case letters or digits.
std::size_t match_aws_key(std::string_view text, std::size_t at) {
    static constexpr std::array<std::string_view, 11> prefixes = {
        "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "APKA", "AROA"};
    if (text.size() - at < 20 || (at > 0 && is_alnum(text[at - 1]))) {
        return 0;
    }
    std::string_view head = text.substr(at, 4);
    if (std::find(prefixes.begin(), prefixes.end(), head) == prefixes.end()) {
        return 0;
    }
    for (std::size_t i = at + 4; i < at + 20; ++i) {
        if (!is_upper_or_digit(text[i])) {
            return 0;
        }
    }
    if (at + 20 < text.size() && is_alnum(text[at + 20])) {
        return 0;
    }
    return at + 20;
}

std::size_t match_anthropic_key(std::string_view text, std::size_t at) {
    if (text.compare(at, 7, "sk-ant-") != 0 || (at > 0 && is_word(text[at - 1]))) {
        return 0;
    }
    std::size_t end = run_end(text, at + 7, anthropic_char);
    return end - (at + 7) >= 8 ? end : 0;
}

// -----BEGIN ... PRIVATE KEY----- through the matching END marker (or the end of the text).
std::size_t match_private_key(std::string_view text, std::size_t at) {
    if (text.compare(at, 11, "-----BEGIN ") != 0) {
        return 0;
    }
    std::size_t header_end = text.find("-----", at + 11);
    if (header_end == std::string_view::npos || header_end - at > 80) {
        return 0;
    }
    if (text.substr(at, header_end - at).find("PRIVATE KEY") == std::string_view::npos) {
        return 0;
    }
    std::size_t end_marker = text.find("-----END ", header_end + 5);
    if (end_marker == std::string_view::npos) {
        return text.size();
    }
    std::size_t close = text.find("-----", end_marker + 9);
    return close == std::string_view::npos ? text.size() : close + 5;
}

// The value of an Authorization:/Proxy-Authorization:/x-api-key: header, to the end of the line or quote.
Span match_header_value(std::string_view text, std::size_t at) {
    std::size_t name_len = 0;
    if (starts_with_icase(text, at, "authorization:")) {
        name_len = 14;
    } else if (starts_with_icase(text, at, "x-api-key:")) {
        name_len = 10;
    } else {
        return {0, 0};
    }
    if (at > 0 && is_alnum(text[at - 1])) {
        return {0, 0};
    }
    std::size_t begin = at + name_len;
    while (begin < text.size() && (text[begin] == ' ' || text[begin] == '\t')) {
        ++begin;
    }
    if (already_redacted(text, begin)) {
        return {0, 0};
    }
    std::size_t end = begin;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r' && text[end] != '"' &&
           text[end] != '\'') {
        ++end;
    }
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) {
        --end;
    }
    return {begin, end};
}

// user:password in scheme://user:password@host.
Span match_url_userinfo(std::string_view text, std::size_t colon) {
    if (text.compare(colon, 3, "://") != 0 || colon == 0 || !is_alnum(text[colon - 1])) {
        return {0, 0};
    }
    std::size_t begin = colon + 3;
    std::size_t end = begin;
    bool has_colon = false;
    while (end < text.size()) {
        char c = text[end];
        if (c == '@' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' ||
            c == '\'' || c == '<' || c == '>' || c == '`') {
            break;
        }
        has_colon = has_colon || c == ':';
        ++end;
    }
    if (end >= text.size() || text[end] != '@' || !has_colon || end == begin ||
        already_redacted(text, begin)) {
        return {0, 0};
    }
    return {begin, end};
}

bool ends_with_secret_key_name(std::string_view key) {
    static constexpr std::array<std::string_view, 11> names = {
        "password", "passwd",     "token",      "secret",      "api_key",      "apikey",
        "api-key",  "access_key", "secret_key", "private_key", "client_secret"};
    std::string lowered(key);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), lower);
    return std::any_of(names.begin(), names.end(), [&](std::string_view name) {
        return lowered.size() >= name.size() &&
               lowered.compare(lowered.size() - name.size(), name.size(), name) == 0;
    });
}

// The value in key=value where key ends with a secret-like name (password=, GITHUB_TOKEN=, --api-key=).
Span match_assignment(std::string_view text, std::size_t equals) {
    std::size_t key_begin = equals;
    while (key_begin > 0 && key_char(text[key_begin - 1]) && equals - key_begin < 64) {
        --key_begin;
    }
    if (key_begin == equals || !ends_with_secret_key_name(text.substr(key_begin, equals - key_begin))) {
        return {0, 0};
    }
    std::size_t begin = equals + 1;
    if (begin >= text.size()) {
        return {0, 0};
    }
    char quote = 0;
    if (text[begin] == '"' || text[begin] == '\'') {
        quote = text[begin];
        ++begin;
    }
    if (begin >= text.size() || text[begin] == '$' || text[begin] == '=' || text[begin] == '*' ||
        already_redacted(text, begin)) {
        return {0, 0};
    }
    std::size_t end = begin;
    while (end < text.size()) {
        char c = text[end];
        if (quote != 0 ? (c == quote || c == '\n' || c == '\r')
                       : (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '&' || c == ';' ||
                          c == ',' || c == ')' || c == ']' || c == '}' || c == '"' || c == '\'' || c == '<' ||
                          c == '>' || c == '(' || c == '[')) {
            break;
        }
        ++end;
    }
    if (end == begin) {
        return {0, 0};
    }
    std::string_view value = text.substr(begin, end - begin);
    // Source code rather than a secret: a call or subscript, or a keyword constant.
    if (quote == 0 && end < text.size() && (text[end] == '(' || text[end] == '[')) {
        return {0, 0};
    }
    static constexpr std::array<std::string_view, 8> harmless = {"None",  "null", "nil",   "true",
                                                                 "false", "True", "False", "undefined"};
    if (quote == 0 && std::find(harmless.begin(), harmless.end(), value) != harmless.end()) {
        return {0, 0};
    }
    return {begin, end};
}

// Bytes that can start a shape worth a closer look.
constexpr std::array<bool, 256> make_triggers() {
    std::array<bool, 256> table{};
    for (unsigned char c : std::string_view("gAasXx-:=")) {
        table[c] = true;
    }
    return table;
}

constexpr std::array<bool, 256> triggers = make_triggers();

void find_shapes(std::string_view text, std::vector<Span>& spans) {
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!triggers[c]) {
            continue;
        }
        std::size_t end = 0;
        Span span{0, 0};
        switch (c) {
        case 'g':
            end = match_github_token(text, i);
            break;
        case 'A':
            end = match_aws_key(text, i);
            if (end == 0) {
                span = match_header_value(text, i);
            }
            break;
        case 'a':
        case 'X':
        case 'x':
            span = match_header_value(text, i);
            break;
        case 's':
            end = match_anthropic_key(text, i);
            break;
        case '-':
            end = match_private_key(text, i);
            break;
        case ':':
            span = match_url_userinfo(text, i);
            break;
        case '=':
            span = match_assignment(text, i);
            break;
        default:
            break;
        }
        if (end > i) {
            spans.push_back({i, end});
            i = end - 1;
        } else if (span.end > span.begin) {
            spans.push_back(span);
            i = span.end - 1;
        }
    }
}

} // namespace

Redactor::Redactor(std::vector<std::string> secrets) {
    for (auto& secret : secrets) {
        // A multi-line value (a PEM key, a JSON credential) is also matched line by line, since logs and
        // excerpts are handled a line at a time.
        if (secret.find('\n') != std::string::npos) {
            std::size_t start = 0;
            while (start <= secret.size()) {
                std::size_t stop = secret.find('\n', start);
                std::string line =
                    secret.substr(start, stop == std::string::npos ? std::string::npos : stop - start);
                while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
                    line.pop_back();
                }
                if (line.size() >= min_secret_length) {
                    m_secrets.push_back(std::move(line));
                }
                if (stop == std::string::npos) {
                    break;
                }
                start = stop + 1;
            }
        }
        if (secret.size() >= min_secret_length) {
            m_secrets.push_back(std::move(secret));
        }
    }
    std::sort(m_secrets.begin(), m_secrets.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    m_secrets.erase(std::unique(m_secrets.begin(), m_secrets.end()), m_secrets.end());
}

std::string Redactor::redact(std::string_view text) {
    Redaction result = redact_counted(text);
    m_count += result.count;
    return std::move(result.text);
}

Redaction Redactor::redact_counted(std::string_view text) const {
    std::vector<Span> spans;
    for (const auto& secret : m_secrets) {
        // Horspool skips ahead by up to the secret's length; find() would stop at every common first byte.
        const std::boyer_moore_horspool_searcher searcher(secret.begin(), secret.end());
        for (auto at = std::search(text.begin(), text.end(), searcher); at != text.end();
             at = std::search(at + static_cast<std::ptrdiff_t>(secret.size()), text.end(), searcher)) {
            auto begin = static_cast<std::size_t>(at - text.begin());
            spans.push_back({begin, begin + secret.size()});
        }
    }
    find_shapes(text, spans);
    if (spans.empty()) {
        return {std::string(text), 0};
    }
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    Redaction result;
    result.text.reserve(text.size());
    std::size_t written = 0;
    std::size_t i = 0;
    while (i < spans.size()) {
        Span merged = spans[i++];
        while (i < spans.size() && spans[i].begin < merged.end) {
            merged.end = std::max(merged.end, spans[i].end);
            ++i;
        }
        result.text.append(text.substr(written, merged.begin - written));
        result.text.append(replacement);
        written = merged.end;
        ++result.count;
    }
    result.text.append(text.substr(written));
    return result;
}

} // namespace autofix::logs
