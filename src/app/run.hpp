#pragma once

namespace autofix::app {

/// Runs the action with the command line and the process environment; returns the exit status
/// (0 when the case did what it asks, 2 for bad input, 1 when the action itself failed).
int run(int argc, char** argv);

} // namespace autofix::app
