#pragma once
// A prefilter for substring searches over many lines: a line that holds none of a set of needles is
// rejected after one pass over its bytes, so the exact (slower) rules run only on the few lines that may
// match.

#include <array>
#include <cstdint>
#include <string_view>

namespace autofix::logs {

/// A 64K-bit table of hashed 4-byte grams, the rarest four bytes of every needle added. Grams are folded
/// (every byte OR 0x20, which lower-cases letters), so a line is tested as it is, without a lower-cased
/// copy, and a needle matched in any letter case passes. No false negatives; false positives only cost time.
class GramFilter {
public:
    /// Adds a needle; one shorter than four bytes lets every non-empty line through.
    void add(std::string_view needle);

    /// False only when `text` cannot contain any needle added.
    bool may_match(std::string_view text) const;

private:
    static constexpr std::uint32_t fold = 0x20202020U;

    static std::uint32_t hash(std::uint32_t gram) { return (gram * 2654435761U) >> 16; }

    // The table's bit for a (folded) gram: 0 or 1.
    std::uint64_t bit(std::uint32_t gram) const {
        const std::uint32_t h = hash(gram);
        return (m_bits[h >> 6] >> (h & 63)) & 1U;
    }

    // The pair table's bit for the low two bytes of a (folded) word: 0 or 1.
    std::uint64_t pair_bit(std::uint64_t word) const {
        const auto pair = static_cast<std::uint32_t>(word & 0xFFFFU);
        return (m_pairs[pair >> 6] >> (pair & 63)) & 1U;
    }

    std::array<std::uint64_t, 1024> m_bits{};
    std::array<std::uint64_t, 1024> m_pairs{}; // the first two bytes of every gram, directly indexed
    bool m_short = false;
};

} // namespace autofix::logs
