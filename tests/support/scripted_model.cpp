#include "support/scripted_model.hpp"

#include <memory>
#include <mutex>

namespace autofix::testing {

ScriptedEdit harmless_edit(int attempt) {
    return {"README.md", "# test-project\n",
            "# test-project\n\n<!-- note from attempt " + std::to_string(attempt) + " -->\n",
            "Note attempt " + std::to_string(attempt) + " in the README"};
}

ScriptedEdit import_json_fix() {
    return {"inventory/report.py", "\"\"\"Stock reports as JSON.\"\"\"\n",
            "\"\"\"Stock reports as JSON.\"\"\"\nimport json\n", "Import json in inventory/report.py"};
}

FakeModelServer::Handler scripted_fixer(std::vector<ScriptedEdit> edits) {
    struct State {
        std::mutex mutex;
        std::vector<ScriptedEdit> edits;
        std::size_t sessions = 0;
        int ids = 0;
    };
    auto state = std::make_shared<State>();
    state->edits = std::move(edits);
    return [state](const nlohmann::json& body) {
        std::lock_guard lock(state->mutex);
        const std::string id = "toolu_scripted_" + std::to_string(++state->ids);
        if (!body.contains("tools")) {
            const bool wants_skill = body.dump().find("skill") != std::string::npos;
            nlohmann::json reply{{"title", "Scripted summary title"},
                                 {"body", "## Scripted summary\n\nWhat failed and how it was handled."}};
            if (wants_skill) {
                reply["skill"] = "- A scripted lesson.";
            }
            return text_reply("```json\n" + reply.dump(2) + "\n```");
        }
        if (body["messages"].size() == 1) {
            const std::size_t session = state->sessions++;
            if (session >= state->edits.size()) {
                return text_reply("I could not find a fix.");
            }
            const ScriptedEdit& edit = state->edits[session];
            return tool_use_reply({{id,
                                    "str_replace_based_edit_tool",
                                    {{"command", "str_replace"},
                                     {"path", edit.path},
                                     {"old_str", edit.old_str},
                                     {"new_str", edit.new_str}}}});
        }
        if (state->sessions == 0 || state->sessions > state->edits.size()) {
            return text_reply("No fix.");
        }
        const ScriptedEdit& edit = state->edits[state->sessions - 1];
        return tool_use_reply(
            {{id,
              "submit_fix",
              {{"description", edit.description}, {"explanation", "Scripted: " + edit.description}}}});
    };
}

ScriptedToolCall scripted_submit(const std::string& description) {
    return {"", "submit_fix", {{"description", description}, {"explanation", "Scripted: " + description}}};
}

FakeModelServer::Handler scripted_sessions(std::vector<std::vector<ScriptedToolCall>> script,
                                           const std::string& id_prefix) {
    struct State {
        std::mutex mutex;
        std::vector<std::vector<ScriptedToolCall>> script;
        std::size_t session = 0;
        int ids = 0;
    };
    auto state = std::make_shared<State>();
    state->script = std::move(script);
    return [state, id_prefix](const nlohmann::json& body) {
        std::lock_guard lock(state->mutex);
        if (!body.contains("tools")) {
            return text_reply(
                nlohmann::json{{"title", "Scripted title"}, {"body", "Scripted body."}, {"skill", "- lesson"}}
                    .dump());
        }
        if (body["messages"].size() == 1) {
            ++state->session;
        }
        const std::size_t turn = (body["messages"].size() - 1) / 2;
        if (state->session == 0 || state->session > state->script.size() ||
            turn >= state->script[state->session - 1].size()) {
            return text_reply("No more scripted calls.");
        }
        ScriptedToolCall call = state->script[state->session - 1][turn];
        call.id = "toolu_" + id_prefix + std::to_string(++state->ids);
        return tool_use_reply({call});
    };
}

} // namespace autofix::testing
