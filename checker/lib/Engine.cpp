//===- Engine.cpp ---------------------------------------------------------===//
#include "allocflags/Engine.h"
#include "allocflags/Analysis/BackendMismatch.h"
#include "allocflags/Analysis/CheckPass.h"
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/EntryContexts.h"
#include "allocflags/Analysis/GfpNotForwarded.h"
#include "allocflags/Analysis/SleepInAtomic.h"
#include "Support/LLVMCompat.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace allocflags;

CheckPass::~CheckPass() = default;

void allocflags::runChecks(TUContext &TU, llvm::ArrayRef<CheckKind> Checks, Reporter &R,
                           SummaryStore *Summaries) {
  std::vector<std::unique_ptr<CheckPass>> Passes;
  PassInputs In{TU, Summaries, Checks};
#define ALLOCFLAGS_CHECK(Name, Class, Kind)                                                        \
  if (llvm::is_contained(Checks, CheckKind::Kind))                                                 \
    Passes.push_back(make##Kind##Pass(In));
#include "allocflags/Checks.def"
  for (auto &P : Passes)
    P->prepare();
  std::vector<const clang::FunctionDecl *> Roots;
  TU.forEachMainFileFunction([&](const clang::FunctionDecl *FD) { Roots.push_back(FD); });
  computeEntryContexts(TU, Roots, Summaries, [&](const clang::FunctionDecl *FD, ContextAnalysis &A) {
    for (auto &P : Passes)
      P->onAnalysed(FD, A);
  });
  for (auto &P : Passes)
    P->finish(R);
  for (const FindingNote &E : TU.annotationErrors())
    R.inputError(E.Loc, E.Message);
  if (Summaries) {
    collectFieldStores(TU);
    exportSummaries(TU, *Summaries);
  }
}

std::string allocflags::modelFingerprint(const Model &M) {
  std::string All = "allocflags " ALLOCFLAGS_VERSION_STRING "\n";
  for (const std::string &F : M.files()) {
    auto Buf = llvm::MemoryBuffer::getFile(F);
    All += llvm::sys::path::filename(F).str() + "\n";
    if (Buf)
      All += (*Buf)->getBuffer().str();
  }
  return fingerprint(All);
}

llvm::Error allocflags::validateStore(const SummaryStore &Store, const Model &M, llvm::StringRef StorePath,
                                      llvm::StringRef MainFile, llvm::StringRef Contents) {
  if (Store.ModelHash != modelFingerprint(M))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: summary store was written with another model or allocflags version; "
                                   "rerun the allocflags tool to rewrite it",
                                   StorePath.str().c_str());
  llvm::SmallString<256> Abs(MainFile);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, true);
  auto It = Store.Sources.find(Abs);
  if (It == Store.Sources.end())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: summary store does not cover %s; rerun the allocflags tool over the "
                                   "compilation database",
                                   StorePath.str().c_str(), Abs.c_str());
  if (It->second != fingerprint(Contents))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: summary store is stale: %s changed since it was written; rerun the "
                                   "allocflags tool",
                                   StorePath.str().c_str(), Abs.c_str());
  return llvm::Error::success();
}

llvm::ArrayRef<llvm::StringRef> allocflags::optionKeys() {
  static const llvm::StringRef Keys[] = {"JoinRule",     "UnknownCallees", "PreemptRT",    "KernelVersion",
                                         "MaxCallDepth", "MinConfidence",  "ModelFiles",   "SummaryStore",
                                         "FunctionBudget", "DisciplinedNamespaces", "DisciplinedPaths",
                                         "MaxIndirectTargets"};
  return Keys;
}

llvm::Error allocflags::applyOption(AnalysisOptions &Opts, llvm::StringRef Key, llvm::StringRef Value) {
  if (Key == "JoinRule") {
    if (Value == "must")
      Opts.JoinRule = JoinRuleKind::Must;
    else if (Value == "may")
      Opts.JoinRule = JoinRuleKind::May;
    else
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "option JoinRule: '%s' is not 'must' or 'may'", Value.str().c_str());
    return llvm::Error::success();
  }
  if (Key == "UnknownCallees") {
    if (Value == "nothing")
      Opts.UnknownCallees = UnknownCalleeKind::Nothing;
    else if (Value == "gfp-param")
      Opts.UnknownCallees = UnknownCalleeKind::GfpParam;
    else
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "option UnknownCallees: '%s' is not 'gfp-param' or 'nothing'",
                                     Value.str().c_str());
    return llvm::Error::success();
  }
  if (Key == "PreemptRT") {
    if (Value == "true" || Value == "1")
      Opts.PreemptRT = true;
    else if (Value == "false" || Value == "0")
      Opts.PreemptRT = false;
    else
      return llvm::createStringError(llvm::inconvertibleErrorCode(), "option PreemptRT: '%s' is not true or false",
                                     Value.str().c_str());
    return llvm::Error::success();
  }
  if (Key == "KernelVersion") {
    auto [Major, Rest] = Value.split('.');
    auto [Minor, Patch] = Rest.split('.');
    unsigned A = 0, B = 0, C = 0;
    if (Value.empty() || Major.getAsInteger(10, A) || Minor.getAsInteger(10, B) ||
        (!Patch.empty() && Patch.getAsInteger(10, C)))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "option KernelVersion: '%s' is not a kernel version (major.minor[.patch])",
                                     Value.str().c_str());
    Opts.KernelVersion = (A << 16) + (B << 8) + std::min(C, 255u);
    return llvm::Error::success();
  }
  if (Key == "MaxCallDepth") {
    if (Value.getAsInteger(10, Opts.MaxCallDepth))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "option MaxCallDepth: '%s' is not a number of calls (0: no limit)",
                                     Value.str().c_str());
    return llvm::Error::success();
  }
  if (Key == "MinConfidence") {
    if (Value == "high")
      Opts.ReportLowConfidence = false;
    else if (Value == "low")
      Opts.ReportLowConfidence = true;
    else
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "option MinConfidence: '%s' is not 'high' or 'low'", Value.str().c_str());
    return llvm::Error::success();
  }
  if (Key == "MaxIndirectTargets") {
    if (Value.getAsInteger(10, Opts.MaxIndirectTargets) || Opts.MaxIndirectTargets == 0)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "option MaxIndirectTargets: '%s' is not a positive number of functions",
                                     Value.str().c_str());
    return llvm::Error::success();
  }
  if (Key == "FunctionBudget") {
    if (Value.getAsInteger(10, Opts.FunctionBudget) || Opts.FunctionBudget == 0)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "option FunctionBudget: '%s' is not a positive number of CFG blocks x analyses",
                                     Value.str().c_str());
    return llvm::Error::success();
  }
  if (Key == "DisciplinedNamespaces" || Key == "DisciplinedPaths") {
    std::vector<std::string> &Out = Key == "DisciplinedNamespaces" ? Opts.DisciplinedNamespaces : Opts.DisciplinedPaths;
    Out.clear();
    llvm::SmallVector<llvm::StringRef, 4> Parts;
    llvm::SplitString(Value, Parts, ",;");
    for (llvm::StringRef P : Parts) {
      P = P.trim();
      if (P.empty())
        continue;
      if (Key == "DisciplinedPaths") {
        if (auto G = llvm::GlobPattern::create(P); !G)
          return llvm::createStringError(llvm::inconvertibleErrorCode(), "option DisciplinedPaths: '%s': %s",
                                         P.str().c_str(), llvm::toString(G.takeError()).c_str());
      } else if (P.starts_with("::")) {
        P = P.drop_front(2);
      }
      Out.push_back(P.str());
    }
    return llvm::Error::success();
  }
  if (Key == "ModelFiles" || Key == "SummaryStore")
    return llvm::Error::success(); // read by the front ends
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "unknown option '%s' (known: JoinRule, UnknownCallees, PreemptRT, KernelVersion, "
                                 "MaxCallDepth, MinConfidence, ModelFiles, SummaryStore, FunctionBudget, DisciplinedNamespaces, "
                                 "DisciplinedPaths, MaxIndirectTargets)",
                                 Key.str().c_str());
}
