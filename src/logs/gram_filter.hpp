#pragma once
// A prefilter for substring searches over many lines: a line that holds none of a set of needles is
// rejected after one pass over its bytes, so the exact (slower) rules run only on the few lines that may
// match.

#include <array>
#include <cstdint>
#include <string_view>

namespace autofix::logs {

/// A table of hashed 4-byte grams, the rarest four bytes of every needle added, each gram marked with the
/// groups (up to 8) of the needles it stands for. Grams are folded (every byte OR 0x20, which lower-cases
/// letters), so a line is tested as it is, without a lower-cased copy, and a needle matched in any letter
/// case passes. No false negatives; false positives only cost time.
class GramFilter {
public:
    /// Adds a needle of group `group` (0-7); one shorter than four bytes lets every non-empty line through
    /// (all groups).
    void add(std::string_view needle, unsigned group = 0);

    /// False only when `text` cannot contain any needle added.
    bool may_match(std::string_view text) const { return groups(text) != 0; }

    /// The groups (bit g for group g) whose needles `text` may contain, in one pass over its bytes; a group
    /// whose bit is clear has no needle in `text`.
    unsigned groups(std::string_view text) const;

private:
    static constexpr std::uint32_t fold = 0x20202020U;

    static std::uint32_t hash(std::uint32_t gram) { return (gram * 2654435761U) >> 16; }

    // The groups of a (folded) gram.
    unsigned mask(std::uint32_t gram) const { return m_masks[hash(gram)]; }

    // The pair table's bit for the low two bytes of a (folded) word: 1 when they are the first or the second
    // pair of bytes of a needle's gram.
    std::uint64_t pair_bit(std::uint64_t word) const {
        const auto pair = static_cast<std::uint32_t>(word & 0xFFFFU);
        return (m_pairs[pair >> 6] >> (pair & 63)) & 1U;
    }

    std::array<std::uint8_t, 1U << 16> m_masks{}; // by hashed gram: the groups of the needles it stands for
    std::array<std::uint64_t, 1024> m_pairs{}; // the first and second pairs of every gram, directly indexed
    unsigned m_short = 0;                      // the groups with a needle shorter than a gram
    unsigned m_all = 0;                        // every group with a needle
};

} // namespace autofix::logs
