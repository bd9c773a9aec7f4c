#pragma once

#include "core/error.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace autofix::action {

// The repository config file, `.github/autofix.yml` in the workspace. It is optional; when present it is
// one YAML mapping whose keys are input names and whose values are what the input would be:
//
//     # .github/autofix.yml
//     model: claude-sonnet-4-5
//     strong-model: claude-opus-4-5
//     strong-model-from-attempt: 4
//     max-attempts: 5
//     protected-paths:            # a list, or one string with newline- or comma-separated globs
//       - .github/workflows/**
//       - deploy/**
//     skill-file: docs/SKILL.md
//     dispatch: never             # auto | always | never
//     dry-run: false
//     agent-name: Fix Bot
//     log-budget-tokens: 12000
//     max-cost-usd: 2.50
//     model-prices:               # USD per million tokens; overrides the bundled table
//       claude-sonnet-4-5: {input: 3, output: 15, cache_write: 3.75, cache_read: 0.3}
//
// Any input may be set except the secrets (`anthropic-api-key`, `github-token`, `openai-api-key`,
// `vertex-access-token`), which are refused so that no credential is ever committed. A key that is empty
// (`model:`) or null counts as unset. Lists are accepted for `protected-paths` and `redact` only, a mapping
// for `model-prices` only. Precedence: flag > input > this file > default. Errors name the file, the line
// and the column: an unknown key, a secret, a duplicate key, a nested mapping, a document that is not a
// mapping, malformed YAML.

/// One value from the config file with the 1-based line and column of its key.
struct ConfigEntry {
    std::string value;
    int line = 0;
    int column = 0;
};

/// The settings a config file holds, keyed by input name; `label` names the file in messages.
struct ConfigFile {
    std::string label;
    std::map<std::string, ConfigEntry> entries;
};

/// Parses config text; `label` (e.g. `.github/autofix.yml`) prefixes every message. Fails (config) on
/// malformed YAML, a document that is not a mapping, an unknown, secret or duplicate key, or a value of the
/// wrong shape, each as one line `label:LINE:COLUMN: what`.
core::Expected<ConfigFile> parse_config_file(std::string_view text, std::string_view label);

/// Reads and parses the file at `path`; a missing file gives an empty ConfigFile. Fails (config) as
/// parse_config_file does, or (io) when the file exists but cannot be read.
core::Expected<ConfigFile> read_config_file(const std::filesystem::path& path, std::string_view label);

} // namespace autofix::action
