//===- Output.cpp ---------------------------------------------------------===//
#include "Output.h"

#include "llvm/Support/Format.h"

using namespace allocflags::tool;

static void printSnippet(llvm::raw_ostream &OS, const Position &P) {
  if (P.SourceLine.empty() || P.Line == 0)
    return;
  std::string Num = std::to_string(P.Line);
  std::string Pad(std::max<size_t>(Num.size(), 5), ' ');
  OS << llvm::right_justify(Num, Pad.size()) << " | " << P.SourceLine << "\n";
  OS << Pad << " | ";
  for (unsigned I = 1; I < P.Column && I <= P.SourceLine.size(); ++I)
    OS << (P.SourceLine[I - 1] == '\t' ? '\t' : ' ');
  OS << "^\n";
}

static void printPosition(llvm::raw_ostream &OS, const Position &P) {
  if (P.File.empty()) {
    OS << "<unknown>: ";
    return;
  }
  OS << P.File << ":" << P.Line << ":" << P.Column << ": ";
}

void allocflags::tool::printText(llvm::raw_ostream &OS, const std::vector<ResolvedFinding> &Findings) {
  for (const ResolvedFinding &F : Findings) {
    printPosition(OS, F.Where);
    OS << "warning: " << F.Message << " [" << F.Check << "]\n";
    printSnippet(OS, F.Where);
    for (const ResolvedNote &N : F.Notes) {
      printPosition(OS, N.Where);
      OS << "note: " << N.Message << "\n";
      printSnippet(OS, N.Where);
    }
  }
}
