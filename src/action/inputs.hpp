#pragma once

#include <span>
#include <string_view>

namespace autofix::action {

/// Whether an input holds a secret: secrets are masked, never printed and refused in the config file.
enum class Secrecy { plain, secret };

/// How a command-line flag for an input takes its value: always one value, or optionally (`--dry-run` alone
/// means true).
enum class FlagArity { value, optional_boolean };

/// One input of the action: its name (as in action.yml, the flag and `INPUT_<NAME>`), its default text
/// (empty: none, or derived from the GitHub context), a one-line help text and how it is treated.
struct InputSpec {
    std::string_view name;
    std::string_view default_value;
    std::string_view help;
    Secrecy secrecy = Secrecy::plain;
    FlagArity arity = FlagArity::value;
};

/// Every input the action accepts, in the order of ARCHITECTURE.md's table followed by the extras.
std::span<const InputSpec> input_specs();

/// The spec named `name`; nullptr when no input has that name.
const InputSpec* find_input(std::string_view name);

} // namespace autofix::action
