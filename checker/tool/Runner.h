//===- Runner.h - one translation unit through the engine -------*- C++ -*-===//
#ifndef ALLOCFLAGS_TOOL_RUNNER_H
#define ALLOCFLAGS_TOOL_RUNNER_H

#include "Findings.h"
#include "allocflags/Engine.h"
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
}

namespace allocflags::tool {

struct RunConfig {
  const Model *M = nullptr;
  AnalysisOptions Options;
  std::vector<CheckKind> Checks;
  std::vector<std::string> ExtraArgsBefore, ExtraArgsAfter;
  std::string ResourceDir;
  /// --tu-timeout: seconds one TU may take, parse included (0: no limit).
  unsigned TUTimeoutSeconds = 0;
  /// Hidden --debug-crash-on: the analysis of a TU whose main file path ends
  /// with this crashes on purpose, so tests can show a crash stays contained.
  std::string DebugCrashOn;
  /// Hidden --debug-hang-on: the same, an analysis that runs until its
  /// --tu-timeout deadline.
  std::string DebugHangOn;
  /// Stack for each TU's analysis (hidden --debug-tu-stack-kb: tests make
  /// it small to overflow it on purpose).
  unsigned TUStackBytes = 256u << 20;
  /// Record what the result depends on (TUResult::Inputs, Questions) for
  /// the cache.
  bool RecordInputs = false;
};

/// The compile command as the analysis runs it: without options that would
/// load code (plugins: a compile DB is untrusted input; each one stripped is
/// a warning), gcc-only options clang rejects (kernel DBs built with gcc; a
/// remark each, shown under --verbose) and dependency-file options.
std::vector<std::string> sanitizeCommand(const std::vector<std::string> &Args, std::vector<ToolError> &Warnings,
                                         std::vector<std::string> &Remarks);

/// The compile command \p File is analysed with, as one string (for the
/// cache's key): the database's, sanitised, then the configuration's extra
/// arguments.
std::string commandLineOf(const clang::tooling::CompilationDatabase &DB, const std::string &File,
                          const RunConfig &Config);

/// Parses \p File with its compile command from \p DB, runs the checks, and
/// resolves the findings.  With \p Store, whole-program facts come from it
/// (phase 2); with \p Collect, the TU's own facts are recorded in the result
/// (phase 1).  Never throws or aborts: a TU that crashes the analysis comes
/// back as an error.
TUResult analyzeFile(const clang::tooling::CompilationDatabase &DB, const std::string &File,
                     const RunConfig &Config, const SummaryStore *Store, bool Collect);

} // namespace allocflags::tool

#endif
