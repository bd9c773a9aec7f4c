#include "action/config_file.hpp"

#include "action/inputs.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace autofix::action {
namespace {

std::string position(std::string_view label, const YAML::Mark& mark) {
    return std::string(label) + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// `text` with control characters written as escapes (\n, \r, \t, \xNN), so that a message stays one line.
std::string one_line(std::string_view text) {
    std::string line;
    line.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n') {
            line += "\\n";
        } else if (c == '\r') {
            line += "\\r";
        } else if (c == '\t') {
            line += "\\t";
        } else if (byte < 0x20 || byte == 0x7f) {
            line += "\\x";
            line += "0123456789abcdef"[byte >> 4];
            line += "0123456789abcdef"[byte & 0xf];
        } else {
            line += c;
        }
    }
    return line;
}

core::Error config_error(std::string_view label, const YAML::Mark& mark, const std::string& what) {
    return core::make_error(core::ErrorKind::config, position(label, mark) + ": " + one_line(what));
}

bool accepts_list(std::string_view name) {
    return name == "protected-paths" || name == "redact" || name == "allow-test-changes";
}

// `model-prices` as a YAML mapping of model ids to mappings of prices, as the JSON text the input takes.
core::Expected<std::string> prices_json(std::string_view label, const YAML::Node& value) {
    nlohmann::json prices = nlohmann::json::object();
    for (const auto& model : value) {
        if (!model.first.IsScalar() || !model.second.IsMap()) {
            return config_error(label, model.first.Mark(),
                                "'model-prices' maps model ids to {input, output, cache_write, cache_read}");
        }
        nlohmann::json entry = nlohmann::json::object();
        for (const auto& price : model.second) {
            if (!price.first.IsScalar() || !price.second.IsScalar()) {
                return config_error(label, price.first.Mark(), "a price must be a number");
            }
            try {
                entry[price.first.Scalar()] = price.second.as<double>();
            } catch (const YAML::Exception&) {
                return config_error(label, price.second.Mark(),
                                    "a price must be a number, got '" + price.second.Scalar() + "'");
            }
        }
        prices[model.first.Scalar()] = entry;
    }
    return prices.dump();
}

// The text of `value` for input `name`: a scalar as written, a list of scalars joined by newlines.
core::Expected<std::string> value_text(std::string_view label, const std::string& name,
                                       const YAML::Node& value) {
    if (value.IsNull()) {
        return std::string();
    }
    if (value.IsScalar()) {
        return value.Scalar();
    }
    if (value.IsMap() && name == "model-prices") {
        return prices_json(label, value);
    }
    if (value.IsSequence() && accepts_list(name)) {
        std::string joined;
        for (const auto& item : value) {
            if (!item.IsScalar()) {
                return config_error(label, item.Mark(), "'" + name + "' items must be plain strings");
            }
            if (!joined.empty()) {
                joined += '\n';
            }
            joined += item.Scalar();
        }
        return joined;
    }
    return config_error(label, value.Mark(),
                        "'" + name + "' must be a single value" +
                            (value.IsSequence() ? " (only protected-paths, allow-test-changes and redact take a list)" : ""));
}

} // namespace

core::Expected<ConfigFile> parse_config_file(std::string_view text, std::string_view label) {
    ConfigFile config{std::string(label), {}};
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        if (!root.IsDefined() || root.IsNull()) {
            return config;
        }
        if (!root.IsMap()) {
            return config_error(label, root.Mark(), "expected a mapping of input names to values");
        }
        for (const auto& item : root) {
            const YAML::Node& key = item.first;
            if (!key.IsScalar()) {
                return config_error(label, key.Mark(), "keys must be input names");
            }
            const std::string name = key.Scalar();
            const InputSpec* spec = find_input(name);
            if (spec == nullptr) {
                return config_error(label, key.Mark(),
                                    "unknown key '" + name + "' (keys are the action's input names)");
            }
            if (spec->secrecy == Secrecy::secret) {
                return config_error(label, key.Mark(),
                                    "'" + name +
                                        "' is a secret and may not be set in the config file; "
                                        "pass it as an input from a repository secret");
            }
            if (config.entries.contains(name)) {
                return config_error(label, key.Mark(), "duplicate key '" + name + "'");
            }
            auto value = value_text(label, name, item.second);
            if (!value) {
                return value.error();
            }
            config.entries[name] = ConfigEntry{std::move(*value), key.Mark().line + 1, key.Mark().column + 1};
        }
    } catch (const YAML::Exception& error) {
        return config_error(label, error.mark, "malformed YAML: " + error.msg);
    } catch (const std::exception& error) {
        return core::make_error(core::ErrorKind::config, std::string(label) + ": " + one_line(error.what()));
    }
    return config;
}

core::Expected<ConfigFile> read_config_file(const std::filesystem::path& path, std::string_view label) {
    std::error_code code;
    if (!std::filesystem::exists(path, code)) {
        return ConfigFile{std::string(label), {}};
    }
    std::ifstream stream(path, std::ios::binary);
    if (!stream.is_open() || std::filesystem::is_directory(path, code)) {
        return core::make_error(core::ErrorKind::io, "reading " + path.string() + ": cannot open the file");
    }
    std::ostringstream text;
    text << stream.rdbuf();
    return parse_config_file(text.str(), label);
}

} // namespace autofix::action
