#include "logs/gram_filter.hpp"

#include <cstddef>
#include <cstring>

namespace autofix::logs {
namespace {

// How common a byte is in log text (English letter frequency; spaces are everywhere).
int commonness(char c) {
    static constexpr std::string_view by_frequency = "etaoinshrdlcumwfgypbvkjxqz";
    if (c == ' ') {
        return 10;
    }
    std::size_t rank = by_frequency.find(c);
    return rank == std::string_view::npos ? 0 : static_cast<int>(by_frequency.size() - rank) / 2;
}

// How common a pair of bytes is in log text (the scan looks a gram up by its first or second pair): the
// common English bigrams in any letter case, and the punctuation around every version and option.
int pair_commonness(char first, char second) {
    static constexpr std::string_view bigrams = "thheinerantionreesenatndtiorteofedisital"
                                                "arstntngsehaasouiolevecomedehiriroicneea"
                                                "racelichllbemasiomurcaeltaladinsfohopeec"
                                                "prnoctusotiltrlyncetutssorsunlowageieadd"
                                                "umpmolldulooloadpackgecknyfrtspaimmiai";
    static constexpr std::string_view punctuation = " (==: , (f";
    auto lower = [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    first = lower(first);
    second = lower(second);
    for (std::size_t at = 0; at + 1 < punctuation.size(); at += 2) {
        if (punctuation[at] == first && punctuation[at + 1] == second) {
            return 10;
        }
    }
    for (std::size_t at = 0; at + 1 < bigrams.size(); at += 2) {
        if (bigrams[at] == first && bigrams[at + 1] == second) {
            return 4 + static_cast<int>((bigrams.size() - at) / 40);
        }
    }
    return 0;
}

} // namespace

void GramFilter::add(std::string_view needle, unsigned group) {
    const unsigned bit = 1U << group;
    m_all |= bit;
    if (needle.size() < 4) {
        m_short |= bit;
        return;
    }
    // The needle's rarest 4-byte gram.
    std::size_t best = 0;
    int best_score = 1 << 30;
    for (std::size_t i = 0; i + 4 <= needle.size(); ++i) {
        // Grams of words every build log is full of would let most lines through.
        static constexpr std::string_view log_vocabulary =
            "building cmake make tests running compiling module file function downloading installing "
            "requirements request required";
        int score = log_vocabulary.find(needle.substr(i, 4)) != std::string_view::npos ? 100 : 0;
        for (std::size_t k = i; k < i + 4; ++k) {
            score += commonness(needle[k]);
        }
        // The scan looks a gram up by its first or its second pair of bytes: both should be rare.
        score += pair_commonness(needle[i], needle[i + 1]) + pair_commonness(needle[i + 1], needle[i + 2]);
        if (score < best_score) {
            best_score = score;
            best = i;
        }
    }
    std::uint32_t gram = 0;
    std::memcpy(&gram, needle.data() + best, 4);
    m_masks[hash(gram | fold)] |= static_cast<std::uint8_t>(bit);
    // The gram's first and second pairs of bytes: a gram at an odd position has its second pair at the even
    // position after it, so that groups() looks up pairs at even positions only.
    for (const std::uint32_t pair : {(gram | fold) & 0xFFFFU, ((gram | fold) >> 8) & 0xFFFFU}) {
        m_pairs[pair >> 6] |= std::uint64_t{1} << (pair & 63);
    }
}

unsigned GramFilter::groups(std::string_view text) const {
    if (text.empty()) {
        return 0;
    }
    unsigned found = m_short; // too short for grams: let the rules decide
    if (text.size() < 4) {
        return m_all;
    }
    const char* data = text.data();
    const std::size_t last = text.size() - 4;
    std::size_t i = 0;
    // Four positions per step from one 8-byte load, one branch for the four. A pair of bytes at an even
    // position indexes a table directly (no hash): when neither pair of the step is the first or second
    // pair of a needle's gram, no gram starts at the step's four positions, nor at the one before it
    // (whose second pair is the step's first).
    for (; i + 8 <= text.size(); i += 4) {
        std::uint64_t word = 0;
        std::memcpy(&word, data + i, 8);
        word |= std::uint64_t{fold} << 32 | fold;
        if ((pair_bit(word) | pair_bit(word >> 16)) == 0) {
            continue;
        }
        found |= mask(static_cast<std::uint32_t>(word)) | mask(static_cast<std::uint32_t>(word >> 8)) |
                 mask(static_cast<std::uint32_t>(word >> 16)) | mask(static_cast<std::uint32_t>(word >> 24));
        if (i > 0) {
            std::uint32_t before = 0;
            std::memcpy(&before, data + i - 1, 4);
            found |= mask(before | fold);
        }
        if (found == m_all) {
            return found;
        }
    }
    // The rest one position at a time, from the position before (its second pair was not looked up).
    for (i = i > 0 ? i - 1 : 0; i <= last; ++i) {
        std::uint32_t gram = 0;
        std::memcpy(&gram, data + i, 4);
        found |= mask(gram | fold);
    }
    return found;
}

} // namespace autofix::logs
