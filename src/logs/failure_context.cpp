#include "logs/failure_context.hpp"

#include "logs/file_inference.hpp"
#include "logs/line_classifier.hpp"
#include "logs/line_needles.hpp"
#include "logs/named_line_scan.hpp"
#include "logs/token_estimate.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>

namespace autofix::logs {
namespace {

constexpr std::size_t read_chunk_bytes = 1 << 20;
constexpr std::uint64_t block_gap_lines = 30;  // lines without an error that end a failure block
constexpr std::uint64_t error_reach_lines = 8; // ordinary lines after an error that still belong to it
constexpr int ant_location_weight = 2;         // a build-file location in Ant's BuildException chain
constexpr std::size_t named_files = 5;         // top files whose naming lines the excerpt makes room for

// How much a mention on a line of this class is worth when ranking files.
int mention_weight(const LineClass& line_class) {
    switch (line_class.kind) {
    case LineKind::error:
    case LineKind::failure:
        return 10;
    case LineKind::summary:
        return 6;
    case LineKind::frame:
        return 4;
    case LineKind::warning:
        return 1;
    case LineKind::plain:
        break;
    }
    return 3;
}

// pytest's repr of the receiver in a traceback, "self = <pkg.mod.Class object at 0x7f..>": it names the
// module of the object whose method failed (a subclass that does not implement what its base requires).
bool receiver_repr(std::string_view text) {
    std::size_t start = text.find_first_not_of(" \t");
    return start != std::string_view::npos && text.substr(start).starts_with("self = <") &&
           text.find(" object at 0x") != std::string_view::npos;
}

} // namespace

struct LogPipeline::State {
    explicit State(FailureContextOptions opts)
        : options(std::move(opts)), redactor(options.secrets),
          excerpter(ExcerptOptions{options.budget_tokens, options.context_before, options.context_after, 80}),
          normalizer(
              NormalizerOptions{options.max_line_bytes, 200},
              [this](const NormalizedLine& line) {
                  const unsigned groups = needle_groups(line.text);
                  LineClass line_class = classify(line.text, groups);
                  excerpter.add(line, line_class);
                  mine(line.text, line_class);
                  triage.observe(line.text, groups);
              },
              &redactor) {}

    // Takes a chunk: whole lines that are ordinary go straight to the excerpt (the normaliser's quiet path:
    // no copy into its line buffer, no call through its sink); anything else, and any line begun in an
    // earlier chunk, is fed to the normaliser.
    void feed(std::string_view chunk) {
        if (options.scan == ScanMode::line_by_line) {
            normalizer.feed(chunk);
            return;
        }
        const char* data = chunk.data();
        const std::size_t n = chunk.size();
        // Once per chunk: a chunk without any '\r' or "BEGIN " spares each of its lines those searches.
        chunk_has_cr = std::memchr(data, '\r', n) != nullptr;
        chunk_has_begin = chunk.find("BEGIN ") != std::string_view::npos;
        std::size_t pos = 0;
        while (pos < n) {
            const auto* newline = static_cast<const char*>(std::memchr(data + pos, '\n', n - pos));
            const std::size_t end = newline != nullptr ? static_cast<std::size_t>(newline - data) : n;
            if (newline == nullptr || !normalizer.at_line_start() ||
                !take_quiet(std::string_view(data + pos, end - pos))) {
                const std::size_t stop = newline != nullptr ? end + 1 : n;
                normalizer.feed(std::string_view(data + pos, stop - pos));
                pos = stop;
                continue;
            }
            pos = end + 1;
        }
    }

    // The quiet path of one whole line: true when it was ordinary and has been taken exactly as the
    // normaliser's sink would have taken it.
    bool take_quiet(std::string_view raw) {
        std::string_view quiet;
        if (!normalizer.quiet_text(raw, quiet_scratch, quiet, chunk_has_cr, chunk_has_begin)) {
            return false;
        }
        const unsigned groups = needle_groups(quiet); // one pass for the classifier and the triage
        const LineClass line_class = classify_line(quiet, groups);
        if (line_class.kind != LineKind::plain || line_class.priority != 0) {
            return false;
        }
        normalizer.count_quiet_line(raw.size() + 1);
        excerpter.add(NormalizedLine{quiet, LineMarker::none, {}, 0}, line_class);
        mine(quiet, line_class);
        triage.observe(quiet,
                       groups); // plain lines decide triage too: "No space left on device", "test_x PASSED"
        return true;
    }

    // Every line is mined for files, worth what its class says: errors most, the lines just after an error
    // (its message, its frames) next, ordinary output least. An error after a stretch without any starts a
    // new failure block, so the last block outranks what came before it. Stack frames: Python prints the
    // innermost call last, Java/JS/Go first; either way that frame weighs most.
    void mine(std::string_view text, const LineClass& line_class) {
        if (line_class.priority >= 1 || signals.wants_next_line()) {
            signals.observe(text, line_class);
        }
        ++since_error;
        int weight = mention_weight(line_class);
        if (line_class.priority >= 3 && line_class.kind != LineKind::frame) {
            if (since_error > block_gap_lines && line_class.kind == LineKind::error) {
                references.start_block(); // a summary of failed tests ("FAILED x::t") does not start one
            }
            since_error = 0;
            frame_run = 0;
            references.start_failure();
        } else if (line_class.kind == LineKind::frame) {
            if (line_class.priority >= 3) {
                since_error = 0; // a traceback's locator: what follows belongs to the failure
            }
            ++frame_run;
            bool innermost_last = text.find("File \"") != std::string_view::npos;
            weight += innermost_last ? std::min(frame_run, 6) : std::max(0, 6 - frame_run);
        } else if (line_class.kind == LineKind::plain && receiver_repr(text)) {
            weight = mention_weight(LineClass{LineKind::frame, 0}); // the object whose method failed
        } else if (line_class.kind == LineKind::plain) {
            if (since_error > error_reach_lines) {
                ant_chain_next = false;
                return; // ordinary output far from any error names nothing worth ranking (and is most lines)
            }
            weight = 3;
        } else if (line_class.priority >= 2) {
            frame_run = 0;
        }
        // Ant's BuildException chain ("...while executing this line:" then "build.xml:50: Checkstyle failed",
        // "around Ant part ...") names the build script where the build stopped, not the fault: a weak
        // mention.
        bool ant_location = ant_chain_next || text.find("around Ant part") != std::string_view::npos;
        std::string_view end = text.substr(0, text.find_last_not_of(" \t") + 1);
        ant_chain_next = end.ends_with("while executing this line:");
        if (ant_location) {
            weight = std::min(weight, ant_location_weight);
        }
        references.add_line(text, weight, weight > 1, excerpter.lines());
    }

    // An error that names its file and line ("src/a.c:3:1: error") outranks one that does not ("FAILED:
    // a.o").
    static LineClass classify(std::string_view text, unsigned groups) {
        LineClass line_class = classify_line(text, groups);
        if (line_class.priority >= 3) {
            auto mentions = find_file_mentions(text);
            if (std::any_of(mentions.begin(), mentions.end(),
                            [](const FileMention& m) { return m.line != 0; })) {
                line_class.priority = 4;
            }
        }
        return line_class;
    }

    FailureContextOptions options;
    int frame_run = 0;
    bool ant_chain_next = false; // the previous line announced an Ant build-file location
    std::uint64_t since_error = 1u << 30;
    Redactor redactor;
    FileReferenceCollector references;
    FailureSignals signals;
    TriageSignals triage;
    Excerpter excerpter;
    LineNormalizer normalizer;
    bool chunk_has_cr = true;    // the chunk being fed has a '\r'
    bool chunk_has_begin = true; // the chunk being fed has "BEGIN "
    std::string quiet_scratch;   // the cleaned text of a line on the quiet path that needed cleaning (reused)
};

LogPipeline::LogPipeline(FailureContextOptions options)
    : m_state(std::make_unique<State>(std::move(options))) {}

LogPipeline::~LogPipeline() = default;

void LogPipeline::feed(std::string_view chunk) {
    m_state->feed(chunk);
}

namespace {

// Reads `in` to its end in chunks, each passed to `take`.
template <typename Take>
void read_chunks(std::istream& in, Take take) {
    std::string buffer(read_chunk_bytes, '\0');
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        std::streamsize got = in.gcount();
        if (got <= 0) {
            break;
        }
        take(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
    }
}

} // namespace

FailureContext LogPipeline::finish(const FileIndex* files, std::istream* again) {
    State& state = *m_state;
    state.normalizer.finish();
    FailureContext context;
    // The files first: the lines naming the top ones have a place in the excerpt.
    std::vector<NamedLine> named;
    if (files != nullptr) {
        context.files =
            infer_files(state.signals, state.references.resolve(*files, state.options.workspace, 200), *files,
                        state.options.max_files);
        std::vector<std::string> top;
        for (std::size_t rank = 0; rank < context.files.size() && rank < named_files; ++rank) {
            auto& reference = context.files[rank];
            top.push_back(reference.path);
            for (auto& [number, text] : reference.log_lines) {
                named.push_back({number, std::move(text), rank});
            }
        }
        if (again != nullptr && !top.empty()) {
            NamedLineScan scan(top, NormalizerOptions{state.options.max_line_bytes, 200}, &state.redactor);
            read_chunks(*again, [&](std::string_view chunk) { scan.feed(chunk); });
            for (auto& line : scan.finish()) {
                if (line.number <= state.excerpter.lines()) { // a log that grew since is read as it was
                    named.push_back(std::move(line));         // (a line both reads kept is offered once)
                }
            }
        }
        for (auto& reference : context.files) {
            reference.reason = state.redactor.redact_counted(reference.reason).text;
            reference.log_lines.clear();
        }
    }
    Excerpt excerpt = state.excerpter.finish(state.redactor, named);
    context.excerpt = std::move(excerpt.text);
    context.excerpt_tokens = estimate_tokens(context.excerpt);
    context.redactions = excerpt.redactions;
    context.failed_step = std::move(excerpt.failed_step);
    context.whole = excerpt.whole;
    context.triage = std::move(state.triage);
    context.stats = {state.normalizer.bytes_in(), state.normalizer.lines_in(), excerpt.lines_kept};
    return context;
}

FailureContext prepare_failure_context(std::istream& log, const FailureContextOptions& options,
                                       const FileIndex* files) {
    LogPipeline pipeline(options);
    const std::istream::pos_type start = log.tellg(); // -1 when the stream cannot seek
    read_chunks(log, [&](std::string_view chunk) { pipeline.feed(chunk); });
    if (files == nullptr || log.bad() || start == std::istream::pos_type(-1)) {
        return pipeline.finish(files);
    }
    log.clear();
    log.seekg(start);
    return pipeline.finish(files, log.good() ? &log : nullptr);
}

core::Expected<FailureContext> prepare_failure_context_from_file(const std::string& path,
                                                                 const FailureContextOptions& options,
                                                                 const FileIndex* files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return core::make_error(core::ErrorKind::io, "reading failure log " + path + ": cannot open");
    }
    FailureContext context = prepare_failure_context(in, options, files);
    if (in.bad()) {
        return core::make_error(core::ErrorKind::io, "reading failure log " + path + ": read error");
    }
    return context;
}

std::string format_file_references(const std::vector<FileReference>& files) {
    std::string out;
    for (const auto& file : files) {
        out += "- `" + file.path;
        if (file.line != 0) {
            out += ":" + std::to_string(file.line);
        }
        out += "`";
        if (!file.reason.empty()) {
            out += " (" + file.reason + ")";
        }
        out += "\n";
    }
    return out;
}

} // namespace autofix::logs
