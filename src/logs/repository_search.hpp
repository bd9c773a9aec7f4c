#pragma once

// The inferences that read the repository's files (bounded): the declaration of a missing symbol, the thrower
// of a project exception, the importer of a missing Python module. Internal to src/logs (file_inference.cpp).

#include "logs/failure_signals.hpp"
#include "logs/file_index.hpp"
#include "logs/file_references.hpp"
#include "logs/inference_support.hpp"

#include <string>
#include <vector>

namespace autofix::logs::inference {

/// Appends to `out` the file that declares each missing symbol the log reports (at most three): a file named
/// after a capitalised symbol closest to the first named file, else a search of `tree` (the named file's
/// folder first, same language, at most 32 MB read) for a definition line.
void symbol_declarations(const std::vector<std::string>& tree, const FailureSignals& signals,
                         const std::vector<FileReference>& named, const FileIndex& files,
                         std::vector<Placement>& out);

/// For a test failure that reports one of the repository's own exception classes again and again (at least
/// three times, and at least twice as often as any other of its own): appends the file in the exception's
/// package that throws it (`new FooException(`), when only one or two do; at most 60 files read.
void exception_throwers(const std::vector<std::string>& tree, const FailureSignals& signals,
                        const std::vector<FileReference>& named, const FileIndex& files,
                        std::vector<Placement>& out);

/// For modules that cannot be imported and that the repository does not provide: appends the file that
/// imports each (at most two) or lists it (a settings file's installed apps), when the log does not name it.
void module_references(const std::vector<std::string>& tree, const std::vector<std::string>& modules,
                       const std::vector<FileReference>& named, const FileIndex& files,
                       std::vector<Placement>& out);

/// True when no file or package of the repository provides the dotted module's top-level name where Python
/// would import it from: the repository root, `src/`, or a directory holding setup.py, setup.cfg,
/// pyproject.toml or manage.py (a package deeper down, `api/organisation/`, is not the top-level
/// `organisation`).
bool external_module(const FileIndex& files, const std::string& module);

} // namespace autofix::logs::inference
