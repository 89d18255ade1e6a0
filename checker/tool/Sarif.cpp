//===- Sarif.cpp - SARIF 2.1.0 for code scanning --------------------------===//
//
// One run per invocation (GitHub no longer merges several runs of one tool
// in a file).  Paths are relative to %SRCROOT% so that the file is the same
// wherever the tree was checked out; files outside the root keep absolute
// file: URIs.  The finding's notes become relatedLocations and, in the order
// things happened, the one thread flow of a codeFlow, so a viewer can step
// from the lock to the sleep.  GitHub ingests at most 25 000 results per run
// and 10 000 locations per thread flow: we cut there and say so in the run's
// invocation notifications rather than have the upload rejected.
//
//===----------------------------------------------------------------------===//
#include "Baseline.h"
#include "Output.h"

#include "allocflags/Report/Finding.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace llvm;
using namespace allocflags;
using namespace allocflags::tool;

namespace {

constexpr const char *SrcRoot = "%SRCROOT%";

/// RFC 3986: everything but unreserved characters and '/' escaped.
std::string percentEncode(StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (isAlnum(C) || C == '-' || C == '.' || C == '_' || C == '~' || C == '/')
      Out += C;
    else
      Out += "%" + utohexstr(C, /*LowerCase=*/false, /*Width=*/2);
  }
  return Out;
}

struct Sarif {
  const RunReport &R;

  json::Object artifact(const Position &P) const {
    StringRef File = P.AbsFile.empty() ? StringRef(P.File) : StringRef(P.AbsFile);
    StringRef Root = R.SourceRoot;
    if (!Root.empty() && File.starts_with(Root) && File.size() > Root.size() && File[Root.size()] == '/')
      return json::Object{{"uri", percentEncode(File.substr(Root.size() + 1))}, {"uriBaseId", SrcRoot}};
    return json::Object{{"uri", "file://" + percentEncode(File)}};
  }

  json::Object physical(const Position &P) const {
    json::Object Region{{"startLine", std::max(P.Line, 1u)}};
    if (P.Column)
      Region["startColumn"] = P.Column;
    if (!P.SourceLine.empty())
      Region["snippet"] = json::Object{{"text", P.SourceLine}};
    return json::Object{{"artifactLocation", artifact(P)}, {"region", std::move(Region)}};
  }

  json::Object location(const Position &P, StringRef Message) const {
    json::Object L{{"physicalLocation", physical(P)}};
    if (!Message.empty())
      L["message"] = json::Object{{"text", Message}};
    return L;
  }

  json::Object result(const ResolvedFinding &F, unsigned RuleIndex, bool &Cut) const {
    json::Object Primary = location(F.Where, "");
    if (!F.Function.empty())
      Primary["logicalLocations"] = json::Array{json::Object{{"name", F.Function}, {"kind", "function"}}};
    json::Object O{{"ruleId", F.Check},
                   {"ruleIndex", RuleIndex},
                   {"level", "warning"},
                   {"message", json::Object{{"text", F.Message}}},
                   {"locations", json::Array{std::move(Primary)}},
                   {"partialFingerprints", json::Object{{FingerprintKey, F.Fingerprint}}}};
    // SARIF has no confidence of its own; "rank" orders results for viewers.
    O["rank"] = F.LowReason.empty() ? 90.0 : 30.0;
    if (!F.LowReason.empty())
      O["properties"] = json::Object{{"confidence", "low"}, {"lowConfidenceReason", F.LowReason}};
    else
      O["properties"] = json::Object{{"confidence", "high"}};
    if (!F.Notes.empty()) {
      json::Array Related;
      unsigned Id = 0;
      for (const ResolvedNote &N : F.Notes) {
        json::Object L = location(N.Origin, N.Message);
        L["id"] = Id++;
        Related.push_back(std::move(L));
      }
      O["relatedLocations"] = std::move(Related);
      json::Array Steps;
      for (const StoryStep &S : storyOf(F)) {
        if (Steps.size() == R.MaxFlowSteps) {
          Cut = true;
          break;
        }
        Steps.push_back(json::Object{{"location", location(*S.Where, S.Message)}, {"nestingLevel", 0},
                                     {"executionOrder", int64_t(Steps.size() + 1)}});
      }
      O["codeFlows"] = json::Array{json::Object{{"threadFlows", json::Array{json::Object{{"locations", std::move(Steps)}}}}}};
    }
    if (!F.Fixes.empty()) {
      json::Array Changes;
      for (const ResolvedFix &X : F.Fixes) {
        Position P;
        P.AbsFile = X.File;
        Changes.push_back(json::Object{
            {"artifactLocation", artifact(P)},
            {"replacements", json::Array{json::Object{
                                 {"deletedRegion", json::Object{{"charOffset", X.Offset}, {"charLength", X.Length}}},
                                 {"insertedContent", json::Object{{"text", X.Text}}}}}}});
      }
      O["fixes"] = json::Array{json::Object{{"description", json::Object{{"text", "Apply the suggested change."}}},
                                            {"artifactChanges", std::move(Changes)}}};
    }
    return O;
  }
};

} // namespace

void allocflags::tool::printSarif(raw_ostream &OS, const RunReport &R) {
  // Rule metadata from the one list of checks.
  struct Rule {
    std::string Name, Id, Short, Full;
  };
  std::vector<Rule> RuleList;
#define ALLOCFLAGS_CHECK(Name, Class, Kind) RuleList.push_back({Name, #Kind, "", ""});
#include "allocflags/Checks.def"
#define ALLOCFLAGS_CHECK_DOC(Kind, ShortText, FullText)                                           \
  for (Rule & Ru : RuleList)                                                                       \
    if (Ru.Id == #Kind) {                                                                          \
      Ru.Short = ShortText;                                                                        \
      Ru.Full = FullText;                                                                          \
    }
#include "allocflags/Checks.def"
  json::Array RulesJSON;
  for (const Rule &Ru : RuleList)
    RulesJSON.push_back(json::Object{
        {"id", Ru.Name},
        {"name", Ru.Id},
        {"shortDescription", json::Object{{"text", Ru.Short}}},
        {"fullDescription", json::Object{{"text", Ru.Full}}},
        {"help", json::Object{{"text", Ru.Full + " See " + std::string(ALLOCFLAGS_DOCS_URL) + "/checks/" + Ru.Name +
                                           ".md"}}},
        {"helpUri", std::string(ALLOCFLAGS_DOCS_URL) + "/checks/" + Ru.Name + ".md"},
        {"defaultConfiguration", json::Object{{"level", "warning"}}},
        {"properties", json::Object{{"tags", json::Array{"correctness", "linux-kernel"}}, {"precision", "high"},
                                    {"problem.severity", "warning"}}}});

  Sarif S{R};
  json::Array Results;
  bool CutFlows = false;
  for (const ResolvedFinding &F : R.Findings) {
    if (Results.size() == R.MaxResults)
      break;
    unsigned Index = 0;
    for (unsigned I = 0; I < RuleList.size(); ++I)
      if (RuleList[I].Name == F.Check)
        Index = I;
    Results.push_back(S.result(F, Index, CutFlows));
  }

  json::Array Notifications;
  for (const ToolError &E : R.Errors)
    Notifications.push_back(json::Object{
        {"level", "error"},
        {"message", json::Object{{"text", (E.Where.empty() ? "" : E.Where + ": ") + E.Message}}}});
  if (R.Findings.size() > R.MaxResults)
    Notifications.push_back(json::Object{
        {"level", "warning"},
        {"message", json::Object{{"text", formatv("{0} findings; the first {1} are reported here (the most a code "
                                                  "scanning upload takes)",
                                                  R.Findings.size(), R.MaxResults)
                                              .str()}}}});
  if (CutFlows)
    Notifications.push_back(json::Object{
        {"level", "warning"},
        {"message", json::Object{{"text", formatv("some call chains are cut after {0} steps (the most a code "
                                                  "scanning upload takes)",
                                                  R.MaxFlowSteps)
                                              .str()}}}});
  json::Object Invocation{{"executionSuccessful", R.Errors.empty()}};
  if (!Notifications.empty())
    Invocation["toolExecutionNotifications"] = std::move(Notifications);

  json::Object Run{
      {"tool", json::Object{{"driver", json::Object{{"name", "allocflags"},
                                                    {"semanticVersion", toolVersion()},
                                                    {"version", toolVersion()},
                                                    {"informationUri", std::string(ALLOCFLAGS_DOCS_URL)},
                                                    {"rules", std::move(RulesJSON)}}}}},
      {"invocations", json::Array{std::move(Invocation)}},
      {"results", std::move(Results)}};
  if (!R.SourceRoot.empty())
    Run["originalUriBaseIds"] =
        json::Object{{SrcRoot, json::Object{{"uri", "file://" + percentEncode(R.SourceRoot) + "/"}}}};
  json::Object Log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", json::Array{std::move(Run)}}};
  OS << formatv("{0:2}", json::Value(std::move(Log))) << "\n";
}
