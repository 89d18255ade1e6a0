//===- Output.h - printing findings -----------------------------*- C++ -*-===//
//
// Every format prints the same findings with the same words (the engine's
// notes); formats differ only in shape.  docs/output.md describes them.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TOOL_OUTPUT_H
#define ALLOCFLAGS_TOOL_OUTPUT_H

#include "Findings.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <vector>

namespace allocflags::tool {

llvm::StringRef toolVersion();

/// What one run reports, for every format.
struct RunReport {
  std::vector<ResolvedFinding> Findings;
  std::vector<ToolError> Errors;
  /// Absolute; SARIF URIs are relative to it (%SRCROOT%).
  std::string SourceRoot;
  size_t Files = 0;
  /// Left out by --baseline, by changed-lines mode.
  size_t Suppressed = 0, Unchanged = 0;
  /// SARIF: GitHub ingests at most this many results per run and locations
  /// per thread flow (lowered by hidden options to test the cut).
  size_t MaxResults = 25000, MaxFlowSteps = 10000;
};

/// clang's diagnostic format, with the source line and a caret, as
/// clang-tidy prints it: "file:line:col: warning: message [check]".
void printText(llvm::raw_ostream &OS, const std::vector<ResolvedFinding> &Findings, bool Colors = false);
void printJSON(llvm::raw_ostream &OS, const RunReport &R);
void printSarif(llvm::raw_ostream &OS, const RunReport &R);
void printHtml(llvm::raw_ostream &OS, const RunReport &R);

/// Writes \p Path through a temporary file in its folder and a rename: a
/// failed or interrupted run leaves the old file, never half of a new one.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::function_ref<llvm::Error(llvm::raw_ostream &)> Write);

/// The steps of a finding's story in the order they happened: where the
/// context was entered or the memory allocated, the calls on the way, and
/// the finding itself last.  (The engine lists sleep-in-atomic's call chain
/// innermost first, as clang's notes read; the other checks in order.)
struct StoryStep {
  const Position *Where;
  llvm::StringRef Message;
};
std::vector<StoryStep> storyOf(const ResolvedFinding &F);

} // namespace allocflags::tool

#endif
