// Checks template rendering and prompts.json validation: the bundled file loads, and malformed JSON,
// missing templates, unknown or missing placeholders are clear errors naming the template.
#include "agent/prompts.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace autofix::agent {
namespace {

using nlohmann::json;

json bundled() {
    auto set = PromptSet::load(std::string(AUTOFIX_SOURCE_DIR) + "/prompts/prompts.json");
    EXPECT_TRUE(set.has_value()) << (set ? "" : set.error().message);
    json templates;
    for (const auto& spec : template_specs()) {
        templates[spec.name] = set->text(spec.name);
    }
    return json{{"version", 1}, {"templates", templates}};
}

TEST(RenderTemplate, ReplacesPlaceholdersOnce) {
    const auto text = render_template("Hi {{name}}, log: {{log}}!", {{"name", "bot"}, {"log", "{{name}}"}});
    ASSERT_TRUE(text.has_value());
    EXPECT_EQ(*text, "Hi bot, log: {{name}}!");
    EXPECT_EQ(*render_template("JSON {\"a\": 1}", {}), "JSON {\"a\": 1}");
}

TEST(RenderTemplate, MissingValueAndMalformedPlaceholderFail) {
    EXPECT_FALSE(render_template("{{missing}}", {}).has_value());
    EXPECT_FALSE(render_template("{{ Bad }}", {}).has_value());
    EXPECT_FALSE(placeholders_of("{{unclosed").has_value());
}

TEST(PromptSet, BundledFileIsValidAndRenders) {
    auto set = PromptSet::load(std::string(AUTOFIX_SOURCE_DIR) + "/prompts/prompts.json");
    ASSERT_TRUE(set.has_value()) << set.error().message;
    auto system = set->render("fix_system",
                              {{"protected_paths", ".github/workflows/**"}, {"max_description_chars", "72"}});
    ASSERT_TRUE(system.has_value());
    EXPECT_NE(system->find(".github/workflows/**"), std::string::npos);
    EXPECT_NE(system->find("submit_fix"), std::string::npos);
    EXPECT_NE(set->text("pr_summary_system").find("\"skill\""), std::string::npos);
}

TEST(PromptSet, MalformedJsonIsConfigError) {
    const auto set = PromptSet::parse("{\"templates\": {", "custom.json");
    ASSERT_FALSE(set.has_value());
    EXPECT_EQ(set.error().kind, core::ErrorKind::config);
    EXPECT_NE(set.error().message.find("custom.json"), std::string::npos);
    EXPECT_NE(set.error().message.find("not valid JSON"), std::string::npos);
}

TEST(PromptSet, MissingTemplateIsNamed) {
    json file = bundled();
    file["templates"].erase("escalation_summary_user");
    const auto set = PromptSet::parse(file.dump(), "p.json");
    ASSERT_FALSE(set.has_value());
    EXPECT_NE(set.error().message.find("\"escalation_summary_user\" is missing"), std::string::npos);
}

TEST(PromptSet, UnknownPlaceholderIsNamed) {
    json file = bundled();
    file["templates"]["fix_user"] = file["templates"]["fix_user"].get<std::string>() + "{{api_key}}";
    const auto set = PromptSet::parse(file.dump(), "p.json");
    ASSERT_FALSE(set.has_value());
    EXPECT_NE(set.error().message.find("\"fix_user\" uses unknown placeholder {{api_key}}"),
              std::string::npos)
        << set.error().message;
}

TEST(PromptSet, MissingRequiredPlaceholderIsNamed) {
    json file = bundled();
    file["templates"]["retry_section"] = "Attempt {{attempt}}: {{description}} {{diff}}";
    const auto set = PromptSet::parse(file.dump(), "p.json");
    ASSERT_FALSE(set.has_value());
    EXPECT_NE(
        set.error().message.find("\"retry_section\" is missing required placeholder {{failure_excerpt}}"),
        std::string::npos)
        << set.error().message;
}

TEST(PromptSet, UnknownTemplateAndArraysOfLines) {
    json file = bundled();
    file["templates"]["submit_nudge"] = json::array({"line one", "line two"});
    auto set = PromptSet::parse(file.dump(), "p.json");
    ASSERT_TRUE(set.has_value()) << set.error().message;
    EXPECT_EQ(set->text("submit_nudge"), "line one\nline two");
    file["templates"]["fix_sytem"] = "typo";
    set = PromptSet::parse(file.dump(), "p.json");
    ASSERT_FALSE(set.has_value());
    EXPECT_NE(set.error().message.find("unknown template \"fix_sytem\""), std::string::npos);
}

} // namespace
} // namespace autofix::agent
