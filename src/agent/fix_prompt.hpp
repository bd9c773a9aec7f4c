#pragma once

#include "agent/prompts.hpp"
#include "agent/workspace.hpp"
#include "core/error.hpp"

#include <string>
#include <vector>

namespace autofix::agent {

/// A file the failure log points at: a path relative to the repository root and a 1-based line (0: unknown).
struct FileReference {
    std::string path;
    int line = 0;
};

/// One earlier fix attempt on the branch, for retries and summaries.
struct PreviousAttempt {
    int number = 0;
    std::string description;
    std::string explanation;
    std::string diff;            // what the attempt changed
    std::string failure_excerpt; // how the build failed after it
};

/// What the first message of a fix session tells the model; filled by the caller.
struct FixContext {
    std::string failure_excerpt;
    std::vector<FileReference> referenced_files;
    std::string skill_text; // SKILL.md, may be empty
    int attempt = 1;
    std::vector<PreviousAttempt> previous_attempts; // oldest first
    std::string guidance;      // `/autofix retry <guidance>`: what a maintainer asked for ("" for none)
    std::string guidance_from; // the maintainer's login
};

/// Caps on what goes into the first message.
struct ContextLimits {
    std::size_t max_excerpt_chars = 24000; // the tail is kept
    std::size_t max_referenced_files = 8;
    int window_lines = 40;                    // lines shown each side of a referenced line
    std::size_t max_file_chars = 16000;       // per referenced file
    std::size_t max_referenced_chars = 48000; // all referenced files' windows together (best files first)
    std::size_t max_tree_entries = 400;
    std::size_t max_tree_chars = 8000; // the file tree's names together (make_session_config: by the budget)
    std::size_t max_skill_chars = 8000;
    std::size_t max_diff_chars = 12000; // per earlier attempt
    std::size_t max_attempt_excerpt_chars = 6000;
};

/// Returns `text` cut to `cap` characters keeping its end (for logs), with a note when cut.
std::string keep_tail(const std::string& text, std::size_t cap);

/// Returns `text` cut to `cap` characters keeping its start, with a note when cut.
std::string keep_head(const std::string& text, std::size_t cap);

/// Returns the numbered windows of each referenced file, best first (through the sandbox; refused or missing
/// files are named with the reason), capped per file and in total (files past the total are named only);
/// "(none)" when there are none.
std::string render_referenced_files(const Workspace& workspace, const std::vector<FileReference>& files,
                                    const ContextLimits& limits);

/// Returns the repository's file list (hidden files but not .git), capped with a count of what was left out.
std::string render_file_tree(const Workspace& workspace, std::size_t max_entries);

/// The file tree within `max_entries` names and `max_chars` characters; when the repository has more, the
/// files beside the referenced ones come first (in the order of `files`: the final error's first), then the
/// others in order, then a line saying how many were left out.
std::string render_file_tree(const Workspace& workspace, std::size_t max_entries, std::size_t max_chars,
                             const std::vector<FileReference>& files);

/// Renders the fix session's system prompt; fails when the template does not render.
core::Expected<std::string> render_fix_system(const PromptSet& prompts, const WorkspaceOptions& options);

/// Renders the first user message from `context`; fails when a template does not render.
core::Expected<std::string> render_fix_user(const PromptSet& prompts, const Workspace& workspace,
                                            const FixContext& context, const ContextLimits& limits);

} // namespace autofix::agent
