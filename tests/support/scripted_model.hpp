#pragma once

#include "support/fake_model_server.hpp"

#include <string>
#include <vector>

namespace autofix::testing {

/// One fix attempt of the scripted model: a str_replace on `path`, then submit_fix with `description`.
struct ScriptedEdit {
    std::string path;
    std::string old_str;
    std::string new_str;
    std::string description;
};

/// An attempt that changes a file without fixing anything (a note under README.md's heading).
ScriptedEdit harmless_edit(int attempt);

/// The edit that fixes scenarios/bug-simple.py (restores `import json`).
ScriptedEdit import_json_fix();

/// A model handler that plays one ScriptedEdit per fix session, in order (the first message of a session gets
/// the str_replace, the next turn submit_fix), and answers summary requests (no tools) with a JSON object of
/// title, body and skill. Past the last edit, sessions end without submitting.
FakeModelServer::Handler scripted_fixer(std::vector<ScriptedEdit> edits);

/// A submit_fix call with `description` (and "Scripted: <description>" as its explanation).
ScriptedToolCall scripted_submit(const std::string& description);

/// A model handler that plays one list of tool calls per fix session, one call per turn (ids
/// "toolu_<id_prefix>N"), and answers summary requests (no tools) like scripted_fixer; past a session's list
/// it ends the turn with text.
FakeModelServer::Handler scripted_sessions(std::vector<std::vector<ScriptedToolCall>> script,
                                           const std::string& id_prefix);

} // namespace autofix::testing
