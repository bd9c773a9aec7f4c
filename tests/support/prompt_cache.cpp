#include "support/prompt_cache.hpp"

#include <functional>
#include <vector>

namespace autofix::testing {
namespace {

using nlohmann::json;

// One block of the prompt in the order the API caches it, without its cache_control.
struct Block {
    std::string text;
    bool breakpoint = false;
};

std::vector<Block> layout(const json& body) {
    std::vector<Block> blocks;
    const auto add = [&blocks](const std::string& where, json block) {
        const bool marked = block.is_object() && block.contains("cache_control");
        if (marked) {
            block.erase("cache_control");
        }
        blocks.push_back({where + block.dump(), marked});
    };
    if (body.contains("tools")) {
        for (const auto& tool : body["tools"]) {
            add("tool:", tool);
        }
    }
    if (body.contains("system")) {
        if (body["system"].is_array()) {
            for (const auto& block : body["system"]) {
                add("system:", block);
            }
        } else {
            add("system:", body["system"]);
        }
    }
    for (const auto& message : body["messages"]) {
        const std::string role = message.value("role", "") + ":";
        if (message["content"].is_array()) {
            for (const auto& block : message["content"]) {
                add(role, block);
            }
        } else {
            add(role, message["content"]);
        }
    }
    return blocks;
}

bool cacheable_block(const json& block) {
    const std::string type = block.value("type", "");
    if (type == "thinking" || type == "redacted_thinking") {
        return false;
    }
    return type != "text" || !block.value("text", "").empty();
}

std::string check_mark(const json& block, int& count) {
    if (!block.is_object() || !block.contains("cache_control")) {
        return "";
    }
    ++count;
    const json& control = block["cache_control"];
    if (!control.is_object() || control.value("type", "") != "ephemeral") {
        return "cache_control.type: Input should be 'ephemeral'";
    }
    return "";
}

} // namespace

std::string cache_control_problem(const json& body) {
    int count = 0;
    if (body.contains("tools")) {
        for (const auto& tool : body["tools"]) {
            if (auto problem = check_mark(tool, count); !problem.empty()) {
                return "tools: " + problem;
            }
        }
    }
    if (body.contains("system") && body["system"].is_array()) {
        for (const auto& block : body["system"]) {
            if (auto problem = check_mark(block, count); !problem.empty()) {
                return "system: " + problem;
            }
            if (block.contains("cache_control") && block.value("text", "").empty()) {
                return "system: cache_control cannot be set for empty text blocks";
            }
        }
    }
    if (body.contains("messages")) {
        for (std::size_t index = 0; index < body["messages"].size(); ++index) {
            const json& content = body["messages"][index]["content"];
            if (!content.is_array()) {
                continue;
            }
            for (const auto& block : content) {
                if (auto problem = check_mark(block, count); !problem.empty()) {
                    return "messages." + std::to_string(index) + ": " + problem;
                }
                if (block.contains("cache_control") && !cacheable_block(block)) {
                    return "messages." + std::to_string(index) + ": cache_control cannot be set on a " +
                           (block.value("type", "") == "text" ? "empty text block" : "thinking block");
                }
            }
        }
    }
    if (count > 4) {
        return "A maximum of 4 blocks with cache_control may be provided. Found " + std::to_string(count) +
               ".";
    }
    return "";
}

std::int64_t minimum_cacheable_tokens(const std::string& model) {
    if (model.rfind("claude-opus-4-5", 0) == 0 || model.rfind("claude-haiku-4-5", 0) == 0) {
        return 4096;
    }
    if (model.rfind("claude-3-5-haiku", 0) == 0 || model.rfind("claude-3-haiku", 0) == 0) {
        return 2048;
    }
    return 1024;
}

CacheUsage PromptCache::account(const json& body) {
    const std::vector<Block> blocks = layout(body);
    const std::int64_t minimum = minimum_cacheable_tokens(body.value("model", ""));
    // Prefix digests and token counts at every block boundary.
    std::vector<std::string> digests;
    std::vector<std::int64_t> tokens;
    std::string running;
    std::int64_t total = 0;
    for (const Block& block : blocks) {
        running = std::to_string(std::hash<std::string>{}(running + '\x1f' + block.text));
        total += static_cast<std::int64_t>(block.text.size() + 3) / 4;
        digests.push_back(running);
        tokens.push_back(total);
    }
    std::int64_t last_breakpoint = -1;
    for (std::size_t index = 0; index < blocks.size(); ++index) {
        if (blocks[index].breakpoint) {
            last_breakpoint = static_cast<std::int64_t>(index);
        }
    }
    CacheUsage usage;
    // The longest cached prefix at or before the last breakpoint is read.
    for (std::int64_t index = last_breakpoint; index >= 0; --index) {
        if (m_cached.contains(digests[static_cast<std::size_t>(index)])) {
            usage.cache_read_input_tokens = tokens[static_cast<std::size_t>(index)];
            break;
        }
    }
    // Every breakpoint prefix long enough is written; what was not read is billed as a write.
    std::int64_t written = usage.cache_read_input_tokens;
    for (std::size_t index = 0; index < blocks.size(); ++index) {
        if (blocks[index].breakpoint && tokens[index] >= minimum) {
            if (!m_cached.contains(digests[index])) {
                m_cached[digests[index]] = tokens[index];
            }
            written = std::max(written, tokens[index]);
        }
    }
    usage.cache_creation_input_tokens = written - usage.cache_read_input_tokens;
    usage.input_tokens = total - written;
    return usage;
}

} // namespace autofix::testing
