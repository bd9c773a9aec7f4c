#pragma once

#include "logs/excerpt_named.hpp"
#include "logs/gram_filter.hpp"
#include "logs/normalizer.hpp"
#include "logs/redactor.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace autofix::logs {

/// What a log line may call one repository file: its base name ("wallet.py") alone or after its own
/// directory ("lib/wallet.py", not "other/wallet.py"), for a JVM source file its class name when it cannot
/// be an English word ("JsonCompileImplV2"; "Server" is not used), for a Python module its dotted name
/// ("lib.wallet"; a package's __init__.py: "compile.markdown").
struct FileNames {
    std::string base;
    std::string parent; // the directory holding it ("" at the root)
    std::string class_name;
    std::string dotted;
};

/// The names of the repository file at `path`.
FileNames file_names(std::string_view path);

/// True when `text` names the file: one of its names stands as a whole word (a base name not glued to a
/// longer name nor under another directory, a class name not part of a longer identifier).
bool names_file(std::string_view text, const FileNames& names);

/// True for a line that only reports success or progress ("test_x (pkg.T) ... ok", "PASSED", "Tests run:
/// 3, Failures: 0, Errors: 0"): it names a file without saying anything about the failure.
bool reports_success(std::string_view text);

/// A second read of a log, once the files are ranked, for the lines naming the top files wherever they are
/// (the first read mines only lines near an error): it normalises and numbers lines exactly as the failure
/// context's pipeline does, and a line that holds none of the names is rejected after one pass over its
/// bytes (a gram filter), so the cost stays linear and no line is copied unless it names a file.
class NamedLineScan {
public:
    /// A scan for lines naming `paths` (best first: a line's rank is its file's index), keeping at most
    /// `per_file` distinct lines per file (the first half and the latest half of them), each cut to
    /// `max_line_bytes`; `normalizer` as the first read had.
    NamedLineScan(const std::vector<std::string>& paths, NormalizerOptions normalizer,
                  const Redactor* redactor, std::size_t per_file = 256, std::size_t max_line_bytes = 240);

    /// Consumes the next chunk of the raw log.
    void feed(std::string_view chunk);

    /// The lines found, in log order (call once, after the last chunk).
    std::vector<NamedLine> finish();

private:
    void look(std::string_view text);

    std::vector<FileNames> m_files;
    GramFilter m_filter;
    std::size_t m_per_file;
    std::size_t m_max_line_bytes;
    std::uint64_t m_number = 0;
    /// The lines kept for one file: the first ones, then the latest ones in a ring of reused slots.
    struct Kept {
        std::vector<NamedLine> first;
        std::vector<NamedLine> latest;
        std::size_t next = 0; // the ring's oldest slot once it is full
    };
    std::vector<Kept> m_kept;
    std::unordered_set<std::uint64_t> m_seen; // hashes of the texts kept so far
    LineNormalizer m_normalizer;
    std::string m_scratch;
};

} // namespace autofix::logs
