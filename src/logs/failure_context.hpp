#pragma once

#include "core/error.hpp"
#include "logs/excerpt.hpp"
#include "logs/failure_triage.hpp"
#include "logs/file_index.hpp"
#include "logs/file_references.hpp"
#include "logs/normalizer.hpp"
#include "logs/redactor.hpp"

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::logs {

/// How the pipeline reads a log: `chunked` finds each chunk's lines and takes ordinary ones (no marker, no
/// rule matches, nothing pending) straight to the excerpt; `line_by_line` passes every line through the
/// normaliser's sink. Both give the same context (tests/unit/logs/chunked_scan_test.cpp checks it).
enum class ScanMode { chunked, line_by_line };

/// What prepare_failure_context needs besides the log.
struct FailureContextOptions {
    std::size_t budget_tokens = 8000;  // excerpt budget, estimated as bytes/4
    std::vector<std::string> secrets;  // exact values to redact (tokens, keys, extra inputs)
    std::string workspace;             // the checkout's absolute path (GITHUB_WORKSPACE), stripped from paths
    std::size_t max_files = 20;        // file references returned at most
    std::size_t max_line_bytes = 2000; // longer lines are cut and marked
    std::size_t context_before = 3;    // lines kept before an error line
    std::size_t context_after = 6;     // lines kept after an error line
    ScanMode scan = ScanMode::chunked;
};

/// How much went in and how much was kept.
struct FailureContextStats {
    std::uint64_t bytes_in = 0;   // raw bytes read
    std::uint64_t lines_in = 0;   // raw lines read
    std::uint64_t lines_kept = 0; // normalised lines shown in the excerpt
};

/// What the fix session is told about a failure: the excerpt (normalised, cut to the budget, redacted), its
/// estimated tokens, how many secrets were replaced, the failed step, and the work-tree files the log
/// points at, best first.
struct FailureContext {
    std::string excerpt;
    std::size_t excerpt_tokens = 0;
    std::size_t redactions = 0;
    std::string failed_step;
    bool whole = false; // the whole (normalised) log fitted the budget
    std::vector<FileReference> files;
    FailureContextStats stats;
    TriageSignals triage; // the signatures of each failure class seen in the whole log, and its signature
};

/// The streaming form of prepare_failure_context: feed chunks of any size, then finish once. Memory is
/// bounded by the budget and the line cap, not by the log.
class LogPipeline {
public:
    /// A pipeline with `options` (copied).
    explicit LogPipeline(FailureContextOptions options);
    ~LogPipeline();
    LogPipeline(const LogPipeline&) = delete;
    LogPipeline& operator=(const LogPipeline&) = delete;

    /// Consumes the next chunk of the raw log.
    void feed(std::string_view chunk);

    /// The failure context; `files` (optional) keeps only references to files that exist, none without it.
    /// `again` (optional): the same log from its start, read a second time for the lines naming the top
    /// files anywhere in it (without it only the lines near errors that named them can be shown).
    FailureContext finish(const FileIndex* files, std::istream* again = nullptr);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

/// Reads `log` to its end in one streaming pass and returns its failure context; a stream that fails
/// mid-way yields the context of what was read. A seekable `log` is read a second time, once the files are
/// ranked, for the lines naming the top ones (NamedLineScan).
FailureContext prepare_failure_context(std::istream& log, const FailureContextOptions& options,
                                       const FileIndex* files);

/// Like prepare_failure_context for the log file at `path`; fails (io) when it cannot be opened.
core::Expected<FailureContext> prepare_failure_context_from_file(const std::string& path,
                                                                 const FailureContextOptions& options,
                                                                 const FileIndex* files);

/// The file references as a markdown list ("- `src/x.py:12` — reason"), for prompts and summaries.
std::string format_file_references(const std::vector<FileReference>& files);

} // namespace autofix::logs
