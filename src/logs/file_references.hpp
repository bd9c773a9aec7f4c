#pragma once

#include "logs/file_index.hpp"
#include "logs/file_mentions.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace autofix::logs {

/// A work-tree file the log points at (or that the repository suggests): repository-relative path, line (0
/// if none), score (higher is more relevant) and reason (the log line that named it best, or why it was
/// inferred).
struct FileReference {
    std::string path;
    std::uint32_t line = 0;
    int score = 0;
    std::string reason;
    bool inferred = false; // not named by the log: found from the repository (reason says how)
    std::vector<std::pair<std::uint64_t, std::string>> log_lines{}; // a few lines naming it: (number, text)
};

/// `path` relative to the repository root: backslashes made '/', the workspace (when given) or a runner
/// root (/home/runner/work/<r>/<r>/, /home/travis/build/<o>/<r>/, /github/workspace/, /__w/<r>/<r>/,
/// D:\a\<r>\<r>\, .../_work/<r>/<r>/, /builds/<g>/<p>/) stripped, "." and ".." resolved. Still absolute when
/// under no known root; "" when it escapes the root.
std::string to_repository_path(std::string_view path, std::string_view workspace = {});

/// Collects mentions from the lines it is shown (bounded number of distinct candidates) and resolves them
/// against the work tree at the end. Mentions are grouped in failure blocks: a mention made in an earlier
/// block is worth half as much per block that followed, so the final error block outranks the warnings and
/// errors before it. Within a block a file is worth its strongest mention, and the first two other
/// mentions add a quarter of theirs.
class FileReferenceCollector {
public:
    /// A collector keeping at most `max_candidates` distinct mentions (later new ones are ignored).
    explicit FileReferenceCollector(std::size_t max_candidates = 4000);

    /// Records the mentions of `line`, each worth `weight` (half without a line number); dotted names
    /// ("pkg.mod.Class") only with `dotted`. When the cap is reached the weakest half is forgotten.
    void add_line(std::string_view line, int weight, bool dotted = true, std::uint64_t number = 0);

    /// Starts a new failure block: what came before counts for less.
    void start_block() { ++m_block; }

    /// Marks the start of another failure (an error line): a source file named by several failures of the
    /// final block (not a test file) is what they share, and its score grows with their number.
    void start_failure() { ++m_failure; }

    /// The mentioned files that exist in `files`, merged per path, best first (score, then first seen), at
    /// most `max_results`; vendored files (node_modules, site-packages, vendor/) are skipped, and a suffix
    /// matching several files is settled by proximity to the files named unambiguously, or dropped.
    std::vector<FileReference> resolve(const FileIndex& files, std::string_view workspace,
                                       std::size_t max_results) const;

    /// The number of distinct mentions held.
    std::size_t size() const { return m_candidates.size(); }

private:
    void forget_weakest();

    struct Candidate {
        FileMention mention;
        double past = 0;         // what earlier blocks left, decayed to `block`
        std::uint64_t block = 0; // the block of the latest mention
        int block_best = 0;      // the strongest mention in that block
        double block_extra = 0;  // repeats in that block
        int hits_in_block = 0;
        std::uint64_t failure = 0; // the latest failure that named it
        int failures_in_block = 0; // distinct failures of its latest block that named it
        int best_weight = 0;
        std::string reason;
        std::size_t order = 0;
        std::vector<std::pair<std::uint64_t, std::string>> lines; // the first and the latest lines naming it
    };

    std::size_t m_max_candidates;
    std::uint64_t m_block = 0;
    std::uint64_t m_failure = 0;
    std::size_t m_next_order = 0;
    std::unordered_map<std::string, Candidate> m_candidates;
};

} // namespace autofix::logs
