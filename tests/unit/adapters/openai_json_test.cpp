// Checks the translation between the Messages conversation and OpenAI's Chat Completions: system, user,
// assistant tool_calls and tool messages in the order the API requires, tools as functions (the text
// editor with its commands), the output limit's name, and replies: text, tool calls, finish reasons, usage.
#include "adapters/openai_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace autofix::adapters {
namespace {

using nlohmann::json;
using ports::ContentBlock;

ports::MessageRequest conversation() {
    ports::MessageRequest request;
    request.model = "gpt-4.1";
    request.system = "You fix builds.";
    request.max_tokens = 2048;
    request.temperature = 0.0;
    request.messages.push_back({ports::Role::user, {ContentBlock::make_text("The build failed.")}});
    request.messages.push_back(
        {ports::Role::assistant,
         {ContentBlock::make_text("Looking."),
          ContentBlock::make_tool_use("call_1", "str_replace_based_edit_tool",
                                      R"({"command":"view","path":"a.py"})"),
          ContentBlock::make_tool_use("call_2", "list_files", R"({"pattern":"**/*.py"})")}});
    request.messages.push_back({ports::Role::user,
                                {ContentBlock::make_tool_result("call_1", "1\timport os", false),
                                 ContentBlock::make_tool_result("call_2", "no such pattern", true),
                                 ContentBlock::make_text("Two turns left.")}});
    request.tools.push_back({"str_replace_based_edit_tool", "text_editor_20250728", "", ""});
    request.tools.push_back(
        {"list_files", "", "List files", R"({"type":"object","properties":{"pattern":{"type":"string"}}})"});
    return request;
}

TEST(OpenAiJson, EncodesTheConversationInChatCompletionsOrder) {
    const auto body = encode_chat_request(conversation(), TokenLimitField::max_tokens);
    ASSERT_TRUE(body) << body.error().message;
    const json value = json::parse(*body);
    EXPECT_EQ(value["model"], "gpt-4.1");
    EXPECT_EQ(value["max_tokens"], 2048);
    EXPECT_FALSE(value.contains("max_completion_tokens"));
    EXPECT_EQ(value["temperature"], 0.0);
    const json& messages = value["messages"];
    ASSERT_EQ(messages.size(), 6U) << messages.dump(2);
    EXPECT_EQ(messages[0], (json{{"role", "system"}, {"content", "You fix builds."}}));
    EXPECT_EQ(messages[1], (json{{"role", "user"}, {"content", "The build failed."}}));
    EXPECT_EQ(messages[2]["role"], "assistant");
    EXPECT_EQ(messages[2]["content"], "Looking.");
    ASSERT_EQ(messages[2]["tool_calls"].size(), 2U);
    EXPECT_EQ(messages[2]["tool_calls"][0], (json{{"id", "call_1"},
                                                  {"type", "function"},
                                                  {"function",
                                                   {{"name", "str_replace_based_edit_tool"},
                                                    {"arguments", R"({"command":"view","path":"a.py"})"}}}}));
    // Tool results directly after the calls, then the user's text.
    EXPECT_EQ(messages[3], (json{{"role", "tool"}, {"tool_call_id", "call_1"}, {"content", "1\timport os"}}));
    EXPECT_EQ(messages[4],
              (json{{"role", "tool"}, {"tool_call_id", "call_2"}, {"content", "Error: no such pattern"}}));
    EXPECT_EQ(messages[5], (json{{"role", "user"}, {"content", "Two turns left."}}));
}

TEST(OpenAiJson, ToolsAreFunctionsAndTheEditorKeepsItsCommands) {
    const json value =
        json::parse(encode_chat_request(conversation(), TokenLimitField::max_completion_tokens).value());
    EXPECT_EQ(value["max_completion_tokens"], 2048);
    ASSERT_EQ(value["tools"].size(), 2U);
    const json& editor = value["tools"][0];
    EXPECT_EQ(editor["type"], "function");
    EXPECT_EQ(editor["function"]["name"], "str_replace_based_edit_tool");
    const json& parameters = editor["function"]["parameters"];
    EXPECT_EQ(parameters["properties"]["command"]["enum"], (json{"view", "create", "str_replace", "insert"}));
    for (const char* field :
         {"path", "view_range", "file_text", "old_str", "new_str", "insert_line", "insert_text"}) {
        EXPECT_TRUE(parameters["properties"].contains(field)) << field;
    }
    EXPECT_EQ(parameters["required"], (json{"command", "path"}));
    EXPECT_EQ(value["tools"][1]["function"]["parameters"]["properties"]["pattern"]["type"], "string");
    EXPECT_EQ(value["tools"][1]["function"]["description"], "List files");
}

TEST(OpenAiJson, AnAssistantTurnWithOnlyToolCallsHasNullContent) {
    ports::MessageRequest request;
    request.model = "m";
    request.messages.push_back({ports::Role::user, {ContentBlock::make_text("go")}});
    request.messages.push_back(
        {ports::Role::assistant, {ContentBlock::make_tool_use("c", "submit_fix", "{}")}});
    const json value = json::parse(encode_chat_request(request, TokenLimitField::max_tokens).value());
    EXPECT_TRUE(value["messages"][1]["content"].is_null());
    EXPECT_FALSE(value.contains("tools"));
    EXPECT_FALSE(value.contains("temperature"));
}

TEST(OpenAiJson, DecodesToolCallsUsageAndFinishReason) {
    const json reply{
        {"id", "chatcmpl-1"},
        {"object", "chat.completion"},
        {"model", "gpt-4.1-2025-04-14"},
        {"choices",
         {{{"index", 0},
           {"message",
            {{"role", "assistant"},
             {"content", "Editing."},
             {"tool_calls",
              {{{"id", "call_9"},
                {"type", "function"},
                {"function",
                 {{"name", "str_replace_based_edit_tool"},
                  {"arguments",
                   R"({"command":"str_replace","path":"a.py","old_str":"x","new_str":"y"})"}}}}}}}},
           {"finish_reason", "tool_calls"}}}},
        {"usage",
         {{"prompt_tokens", 1200},
          {"completion_tokens", 80},
          {"prompt_tokens_details", {{"cached_tokens", 1000}}}}}};
    const auto response = decode_chat_response(reply.dump());
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->id, "chatcmpl-1");
    EXPECT_EQ(response->stop_reason, ports::StopReason::tool_use);
    ASSERT_EQ(response->content.size(), 2U);
    EXPECT_EQ(response->text(), "Editing.");
    EXPECT_EQ(response->content[1].type, ports::BlockType::tool_use);
    EXPECT_EQ(response->content[1].id, "call_9");
    EXPECT_EQ(json::parse(response->content[1].input_json)["new_str"], "y");
    EXPECT_EQ(response->usage.input_tokens, 200);
    EXPECT_EQ(response->usage.cache_read_input_tokens, 1000);
    EXPECT_EQ(response->usage.output_tokens, 80);
}

TEST(OpenAiJson, FinishReasonsMapToStopReasons) {
    const auto with = [](const json& message, const std::string& finish) {
        const json reply{{"choices", {{{"message", message}, {"finish_reason", finish}}}}};
        return decode_chat_response(reply.dump()).value().stop_reason;
    };
    const json text{{"role", "assistant"}, {"content", "done"}};
    EXPECT_EQ(with(text, "stop"), ports::StopReason::end_turn);
    EXPECT_EQ(with(text, "length"), ports::StopReason::max_tokens);
    EXPECT_EQ(with(text, "content_filter"), ports::StopReason::refusal);
    // Some compatible servers say "stop" although they called a tool.
    const json call{
        {"role", "assistant"},
        {"content", nullptr},
        {"tool_calls",
         {{{"id", "c"}, {"type", "function"}, {"function", {{"name", "submit_fix"}, {"arguments", "{}"}}}}}}};
    EXPECT_EQ(with(call, "stop"), ports::StopReason::tool_use);
}

TEST(OpenAiJson, ArgumentsThatAreNoObjectReachTheToolAsOne) {
    const json reply{{"choices",
                      {{{"message",
                         {{"role", "assistant"},
                          {"tool_calls",
                           {{{"id", "c"},
                             {"type", "function"},
                             {"function", {{"name", "list_files"}, {"arguments", "{not json"}}}}}}}},
                        {"finish_reason", "tool_calls"}}}}};
    const auto response = decode_chat_response(reply.dump());
    ASSERT_TRUE(response);
    EXPECT_EQ(json::parse(response->content[0].input_json)["unparsed_arguments"], "{not json");
}

TEST(OpenAiJson, AReplyWithoutChoicesIsAModelError) {
    const auto response = decode_chat_response(R"({"object":"chat.completion","choices":[]})");
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().kind, core::ErrorKind::model);
    EXPECT_FALSE(decode_chat_response("<html>"));
}

} // namespace
} // namespace autofix::adapters
