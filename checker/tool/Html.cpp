//===- Html.cpp - one self-contained page ---------------------------------===//
//
// For people without a SARIF viewer: findings grouped by file and check,
// each with the source lines of its story, the steps marked, and the story
// as a list of links that jump from step to step.  Self-contained (inline
// CSS, no script, no network) so it can be archived as a CI artifact and
// opened anywhere.
//
//===----------------------------------------------------------------------===//
#include "Output.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include <map>

using namespace llvm;
using namespace allocflags::tool;

static std::string escape(StringRef S) {
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '&': Out += "&amp;"; break;
    case '<': Out += "&lt;"; break;
    case '>': Out += "&gt;"; break;
    case '"': Out += "&quot;"; break;
    default: Out += C;
    }
  }
  return Out;
}

namespace {
/// Source files read once for their excerpts.
class Sources {
public:
  StringRef line(StringRef File, unsigned Line) {
    auto &Lines = Cache[File];
    if (Lines.empty()) {
      if (auto Buf = MemoryBuffer::getFile(File)) {
        Text.push_back(std::move(*Buf));
        SmallVector<StringRef, 0> Split;
        Text.back()->getBuffer().split(Split, '\n');
        Lines.assign(Split.begin(), Split.end());
      }
      Lines.push_back("");
    }
    return Line && Line <= Lines.size() ? Lines[Line - 1].rtrim("\r") : StringRef();
  }

private:
  StringMap<std::vector<StringRef>> Cache;
  std::vector<std::unique_ptr<MemoryBuffer>> Text;
};
} // namespace

void allocflags::tool::printHtml(raw_ostream &OS, const RunReport &R) {
  Sources Src;
  OS << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
     << "<title>allocflags: " << R.Findings.size() << " findings</title>\n<style>\n"
     << "body{font-family:sans-serif;margin:2em}pre{background:#f6f8fa;padding:.5em;overflow:auto}"
     << ".step{background:#fff3b0}.primary{background:#ffd0d0}.region{background:#fffbe6}.ln{color:#888;user-select:none}"
     << "ol.story li:target{outline:2px solid #0969da}.finding{border-top:1px solid #ccc;margin-top:1em}"
     << "\n</style></head><body>\n";
  OS << "<h1>allocflags " << escape(toolVersion()) << "</h1>\n<p id=\"summary\">" << R.Findings.size()
     << " findings in " << R.Files << " files";
  if (R.Suppressed)
    OS << ", " << R.Suppressed << " suppressed by the baseline";
  if (R.Unchanged)
    OS << ", " << R.Unchanged << " outside the changed lines";
  if (!R.Errors.empty())
    OS << ", " << R.Errors.size() << " errors";
  OS << "</p>\n";
  for (const ToolError &E : R.Errors)
    OS << "<p class=\"error\">error: " << escape((E.Where.empty() ? "" : E.Where + ": ") + E.Message) << "</p>\n";

  // By file, then check, in the report's order within each group.
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> Groups;
  for (size_t I = 0; I < R.Findings.size(); ++I)
    Groups[{R.Findings[I].Where.AbsFile, R.Findings[I].Check}].push_back(I);
  std::string LastFile;
  for (const auto &[Key, Which] : Groups) {
    if (Key.first != LastFile)
      OS << "<h2>" << escape(Key.first) << "</h2>\n";
    LastFile = Key.first;
    OS << "<h3>" << escape(Key.second) << "</h3>\n";
    for (size_t I : Which) {
      const ResolvedFinding &F = R.Findings[I];
      OS << "<div class=\"finding\" id=\"f" << I << "\"><p><b>" << F.Where.Line << ":" << F.Where.Column
         << "</b> warning: " << escape(F.Message) << " [" << escape(F.Check) << "]</p>\n<ol class=\"story\">\n";
      std::vector<StoryStep> Story = storyOf(F);
      for (size_t S = 0; S < Story.size(); ++S) {
        const Position &P = *Story[S].Where;
        std::string Id = "f" + std::to_string(I) + "s" + std::to_string(S);
        OS << "<li id=\"" << Id << "\"><a href=\"#" << Id << "x\">" << escape(P.File) << ":" << P.Line << "</a> "
           << escape(Story[S].Message);
        if (S + 1 < Story.size())
          OS << " <a href=\"#f" << I << "s" << S + 1 << "\">next &#8594;</a>";
        OS << "</li>\n";
      }
      OS << "</ol>\n";
      // The excerpt: every step's line in the finding's file, with the
      // region between the first and the last step (the atomic section, the
      // alloc -> free path) shown whole when it is short.
      unsigned Lo = F.Where.Line, Hi = F.Where.Line;
      for (const StoryStep &S : Story)
        if (S.Where->AbsFile == F.Where.AbsFile && S.Where->Line) {
          Lo = std::min(Lo, S.Where->Line);
          Hi = std::max(Hi, S.Where->Line);
        }
      if (Hi - Lo > 40)
        Lo = Hi - 40;
      OS << "<pre>";
      for (unsigned L = Lo; L <= Hi; ++L) {
        std::string Cls;
        int Step = -1;
        for (size_t S = 0; S < Story.size(); ++S)
          if (Story[S].Where->AbsFile == F.Where.AbsFile && Story[S].Where->Line == L)
            Step = int(S);
        if (Step >= 0)
          Cls = size_t(Step) + 1 == Story.size() ? "primary" : "step";
        else if (L > Lo && L < Hi)
          Cls = "region"; // inside the atomic section / between alloc and free
        OS << "<span";
        if (!Cls.empty())
          OS << " class=\"" << Cls << "\"";
        if (Step >= 0)
          OS << " id=\"f" << I << "s" << Step << "x\"";
        OS << "><span class=\"ln\">" << format("%5u", L) << " </span>" << escape(Src.line(F.Where.AbsFile, L))
           << "</span>\n";
      }
      OS << "</pre></div>\n";
    }
  }
  OS << "</body></html>\n";
}
