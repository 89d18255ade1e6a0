//===- Findings.h - findings that outlive their TU --------------*- C++ -*-===//
//
// The engine reports SourceLocations, which die with the TU's SourceManager;
// the tool resolves them right away into plain records that the output
// formats (text, JSON, SARIF), baselines and sorting work on.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TOOL_FINDINGS_H
#define ALLOCFLAGS_TOOL_FINDINGS_H

#include "allocflags/Summary/Summary.h"
#include <string>
#include <vector>

namespace allocflags::tool {

struct Position {
  /// As the compiler saw it (relative to the compile directory, maybe).
  std::string File;
  /// Absolute and without dots: what baselines, changed lines and SARIF URIs
  /// compare and relativise.
  std::string AbsFile;
  unsigned Line = 0, Column = 0;
  /// The source line, for the text format's snippet.
  std::string SourceLine;
};

struct ResolvedNote {
  Position Where;
  std::string Message;
  /// Where the step of the story really is.  A note about a place in another
  /// TU is shown at the warning and names that place in its text ("called
  /// from 'f' here (main.c:21:3)"); Origin is that place, else Where.
  Position Origin;
};

/// Replace Length bytes at Offset of File with Text.
struct ResolvedFix {
  std::string File;
  unsigned Offset = 0, Length = 0;
  std::string Text;
};

struct ResolvedFinding {
  std::string Check;
  Position Where;
  /// The function the finding is in ("" at file scope).
  std::string Function;
  /// Stable across line moves: see Baseline.h.
  std::string Fingerprint;
  std::string Message;
  std::vector<ResolvedNote> Notes;
  std::vector<ResolvedFix> Fixes;
  /// Why the finding is low confidence; "" when high (shown only with
  /// --option MinConfidence=low).
  std::string LowReason;
};

/// A problem with an input (bad model, no compile command, a TU that does
/// not parse): printed as "error:", makes the exit code 2.
struct ToolError {
  std::string Where; ///< "file:line:col" or "file" (may be empty)
  std::string Message;
};

/// Everything one translation unit produced.
struct TUResult {
  std::string MainFile;
  std::vector<ResolvedFinding> Findings;
  std::vector<ToolError> Errors;
  /// Printed as "warning:" on stderr; do not change the exit code (a
  /// compile-DB argument stripped for safety).
  std::vector<ToolError> Warnings;
  /// Printed under --verbose only (gcc-only flags dropped).
  std::vector<std::string> Remarks;
  /// Phase 1: what this TU knows for the whole-program pass.
  SummaryStore Summaries;
  /// Fingerprint of the main file's contents as analysed.
  std::string Fingerprint;
  /// Why some facts are unknown (budgets reached), for --verbose.
  std::vector<std::string> Notes;
  /// With RunConfig::RecordInputs: every file the preprocessor entered
  /// (absolute) and a digest of its contents as parsed; in phase 2 also the
  /// questions the analysis asked the whole-program store (Cache.h).
  std::vector<std::pair<std::string, std::string>> Inputs;
  std::vector<std::string> Questions;
};

} // namespace allocflags::tool

#endif
