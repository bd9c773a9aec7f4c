#include "action/command_line.hpp"

#include "action/inputs.hpp"

#include <string_view>

namespace autofix::action {
namespace {

core::Error invalid(std::string message) {
    return core::make_error(core::ErrorKind::invalid_input, std::move(message));
}

bool is_boolean_word(std::string_view text) {
    for (const std::string_view word : {"true", "false", "yes", "no", "1", "0"}) {
        if (text == word) {
            return true;
        }
    }
    return false;
}

// The input a flag name stands for: the input itself, or result-file for the `output` alias.
const InputSpec* input_for_flag(std::string_view flag_name) {
    if (flag_name == "output") {
        return find_input("result-file");
    }
    return find_input(flag_name);
}

} // namespace

core::Expected<CommandLine> parse_command_line(std::span<const std::string> arguments) {
    CommandLine result;
    for (std::size_t index = 0; index < arguments.size(); ++index) {
        const std::string_view argument = arguments[index];
        if (argument == "--help" || argument == "-h") {
            result.request = Request::help;
            return result;
        }
        if (argument == "--version") {
            result.request = Request::version;
            return result;
        }
        if (argument == "--print-settings") {
            result.request = Request::print_settings;
            continue;
        }
        if (argument.size() <= 2 || !argument.starts_with("--")) {
            return invalid("unexpected argument '" + std::string(argument) +
                           "' (every setting is a --flag; see --help)");
        }
        const auto equals = argument.find('=');
        const std::string_view flag_name =
            argument.substr(2, equals == std::string_view::npos ? equals : equals - 2);
        const InputSpec* spec = input_for_flag(flag_name);
        if (spec == nullptr) {
            return invalid("unknown flag '--" + std::string(flag_name) + "' (see --help)");
        }
        std::string value;
        if (equals != std::string_view::npos) {
            value = std::string(argument.substr(equals + 1));
        } else if (spec->arity == FlagArity::optional_boolean) {
            if (index + 1 < arguments.size() && is_boolean_word(arguments[index + 1])) {
                value = arguments[++index];
            } else {
                value = "true";
            }
        } else {
            if (index + 1 >= arguments.size() || arguments[index + 1].starts_with("--")) {
                return invalid("flag '--" + std::string(flag_name) + "' needs a value");
            }
            value = arguments[++index];
        }
        result.values[std::string(spec->name)] = std::move(value);
    }
    return result;
}

std::string usage_text() {
    std::string text =
        "usage: autofix --build-status STATUS [--branch NAME] [--failure-log FILE] [options]\n"
        "\n"
        "Repairs a failing CI build with an LLM (see README.md). Every option is also read from\n"
        "the INPUT_<NAME> environment variable and from .github/autofix.yml in the workspace;\n"
        "precedence: flag > input > config file > default. Flags take `--name VALUE` or\n"
        "`--name=VALUE`.\n"
        "\n"
        "options:\n";
    for (const auto& spec : input_specs()) {
        std::string line = "  --" + std::string(spec.name);
        if (spec.arity == FlagArity::optional_boolean) {
            line += "[=BOOL]";
        } else {
            line += " VALUE";
        }
        line.append(line.size() < 40 ? 40 - line.size() : 1, ' ');
        line += std::string(spec.help);
        if (!spec.default_value.empty()) {
            line += " (default: " + std::string(spec.default_value) + ")";
        }
        text += line + "\n";
    }
    text += "  --output FILE                         alias of --result-file\n"
            "  --print-settings                      print every resolved setting and where it came from\n"
            "  --help, -h                            print this text\n"
            "  --version                             print the version\n";
    return text;
}

} // namespace autofix::action
