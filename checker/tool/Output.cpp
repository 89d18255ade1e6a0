//===- Output.cpp - text and JSON -----------------------------------------===//
#include "Output.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

using namespace llvm;
using namespace allocflags::tool;

StringRef allocflags::tool::toolVersion() { return ALLOCFLAGS_VERSION; }

static void printSnippet(raw_ostream &OS, const Position &P) {
  if (P.SourceLine.empty() || P.Line == 0)
    return;
  std::string Num = std::to_string(P.Line);
  std::string Pad(std::max<size_t>(Num.size(), 5), ' ');
  OS << right_justify(Num, Pad.size()) << " | " << P.SourceLine << "\n";
  OS << Pad << " | ";
  for (unsigned I = 1; I < P.Column && I <= P.SourceLine.size(); ++I)
    OS << (P.SourceLine[I - 1] == '\t' ? '\t' : ' ');
  OS.changeColor(raw_ostream::GREEN, /*Bold=*/true) << "^";
  OS.resetColor() << "\n";
}

static void printPosition(raw_ostream &OS, const Position &P) {
  OS.changeColor(raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  if (P.File.empty())
    OS << "<unknown>: ";
  else
    OS << P.File << ":" << P.Line << ":" << P.Column << ": ";
  OS.resetColor();
}

void allocflags::tool::printText(raw_ostream &OS, const std::vector<ResolvedFinding> &Findings, bool Colors) {
  // Colour only where clang would use it: a terminal, and not asked off.
  OS.enable_colors(Colors);
  for (const ResolvedFinding &F : Findings) {
    printPosition(OS, F.Where);
    OS.changeColor(raw_ostream::MAGENTA, /*Bold=*/true) << "warning: ";
    OS.resetColor().changeColor(raw_ostream::SAVEDCOLOR, /*Bold=*/true) << F.Message << " [" << F.Check << "]";
    OS.resetColor() << "\n";
    printSnippet(OS, F.Where);
    for (const ResolvedNote &N : F.Notes) {
      printPosition(OS, N.Where);
      OS.changeColor(raw_ostream::BLACK, /*Bold=*/true) << "note: ";
      OS.resetColor() << N.Message << "\n";
      printSnippet(OS, N.Where);
    }
  }
  OS.enable_colors(false);
}

std::vector<StoryStep> allocflags::tool::storyOf(const ResolvedFinding &F) {
  std::vector<StoryStep> Steps;
  for (const ResolvedNote &N : F.Notes)
    if (F.LowReason.empty() || N.Message != "low confidence: " + F.LowReason) // a remark, not a step
      Steps.push_back({&N.Origin, N.Message});
  if (F.Check == "allocflags-sleep-in-atomic")
    std::reverse(Steps.begin(), Steps.end());
  Steps.push_back({&F.Where, F.Message});
  return Steps;
}

static json::Object positionJSON(const Position &P) {
  return json::Object{{"file", P.AbsFile.empty() ? P.File : P.AbsFile}, {"line", P.Line}, {"column", P.Column}};
}

void allocflags::tool::printJSON(raw_ostream &OS, const RunReport &R) {
  json::Array Findings;
  for (const ResolvedFinding &F : R.Findings) {
    json::Object O = positionJSON(F.Where);
    O["check"] = F.Check;
    O["message"] = F.Message;
    O["function"] = F.Function;
    O["fingerprint"] = F.Fingerprint;
    O["confidence"] = F.LowReason.empty() ? "high" : "low";
    if (!F.LowReason.empty())
      O["low_confidence_reason"] = F.LowReason;
    json::Array Notes;
    for (const ResolvedNote &N : F.Notes) {
      json::Object NO = positionJSON(N.Origin);
      NO["message"] = N.Message;
      Notes.push_back(std::move(NO));
    }
    O["notes"] = std::move(Notes);
    json::Array Fixes;
    for (const ResolvedFix &X : F.Fixes)
      Fixes.push_back(json::Object{{"file", X.File}, {"offset", X.Offset}, {"length", X.Length}, {"text", X.Text}});
    O["fixes"] = std::move(Fixes);
    Findings.push_back(std::move(O));
  }
  json::Array Errors;
  for (const ToolError &E : R.Errors)
    Errors.push_back(json::Object{{"where", E.Where}, {"message", E.Message}});
  json::Object Top{{"allocflags_version", toolVersion()},
                   {"files", int64_t(R.Files)},
                   {"suppressed_by_baseline", int64_t(R.Suppressed)},
                   {"outside_changed_lines", int64_t(R.Unchanged)},
                   {"findings", std::move(Findings)},
                   {"errors", std::move(Errors)}};
  OS << formatv("{0:2}", json::Value(std::move(Top))) << "\n";
}

Error allocflags::tool::writeFileAtomically(StringRef Path, function_ref<Error(raw_ostream &)> Write) {
  SmallString<256> Abs(Path);
  sys::fs::make_absolute(Abs);
  StringRef Dir = sys::path::parent_path(Abs);
  if (!sys::fs::is_directory(Dir))
    return createStringError(std::errc::no_such_file_or_directory, "%s: cannot write: no folder '%s'",
                             Path.str().c_str(), Dir.str().c_str());
  SmallString<256> Tmp(Abs);
  Tmp += ".tmp%%%%%%";
  int FD;
  if (std::error_code EC = sys::fs::createUniqueFile(Tmp, FD, Tmp))
    return createStringError(EC, "%s: cannot write: %s", Path.str().c_str(), EC.message().c_str());
  Error E = Error::success();
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    E = Write(OS);
    OS.close();
    if (!E && OS.has_error()) {
      E = createStringError(OS.error(), "%s: cannot write: %s", Path.str().c_str(), OS.error().message().c_str());
      OS.clear_error();
    }
  }
  if (!E)
    if (std::error_code EC = sys::fs::rename(Tmp, Abs))
      E = createStringError(EC, "%s: cannot write: %s", Path.str().c_str(), EC.message().c_str());
  if (E)
    sys::fs::remove(Tmp);
  return E;
}
