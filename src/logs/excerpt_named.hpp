#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace autofix::logs {

/// A log line that names one of the top-ranked files: its normalised line number, its text and the rank of
/// the file it names (0 = the first file).
struct NamedLine {
    std::uint64_t number = 0;
    std::string text;
    std::size_t rank = 0;
};

/// Chooses which lines naming the top files the excerpt shows within `budget` bytes (a line costs its size
/// plus a newline). Identical texts count once. The files take turns in proportion to their rank (the
/// first file's room weighs 1, the second's 1/2, the third's 1/3, ...), so the budget is not spent on one
/// file whose name fills hundreds of lines, yet the first file gets the most; each file offers first one
/// line of each shape (numbers, hexadecimal ones too, folded; the shortest stands for its shape), shorter
/// before longer, then the rest the same way. A line that does not fit is passed over for shorter ones. The
/// result is in log order.
std::vector<NamedLine> select_named_lines(std::vector<NamedLine> lines, std::size_t budget);

} // namespace autofix::logs
