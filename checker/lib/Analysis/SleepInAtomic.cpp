//===- SleepInAtomic.cpp --------------------------------------------------===//
//
// Reports are made where the sleeping operation is, in the context the
// function runs in (its own locks, and the entry context its callers or its
// registration give it); the notes walk back to where that context began.
// A call is reported instead of the operation inside the callee when the
// callee sleeps because of the gfp flags passed here, or when its body is
// nowhere to be analysed (no body in this TU, no definition in the store).
//
//===----------------------------------------------------------------------===//
#include "allocflags/Analysis/SleepInAtomic.h"
#include "allocflags/Analysis/CheckPass.h"
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/EntryContexts.h"
#include "allocflags/Analysis/IndirectCalls.h"
#include "allocflags/Analysis/Sleep.h"
#include "allocflags/Analysis/TUContext.h"
#include "allocflags/Report/Finding.h"

#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"

using namespace clang;
using namespace allocflags;

namespace {

class ReportObserver : public OperationObserver {
public:
  ReportObserver(TUContext &TU, const ContextAnalysis &A, std::vector<SleepInAtomicReport> &Out,
                 SummaryStore *Summaries)
      : TU(TU), A(A), Out(Out), Summaries(Summaries) {}

  void onOperation(const Operation &Op, const ContextState &S) override {
    SleepVerdict V = classifySleep(A, Op, S);
    if (V.Kind != SleepVerdict::KindT::Yes)
      return;
    if (reportedInCallee(TU, Op, V))
      return; // reported inside the callee, in the context it is called in
    const Model &M = TU.model();
    ContextState Check = S;
    // Whether a lock the callee drops (kind, key in our terms) may be \p H.
    // A lock this function cannot name (its caller's, on entry) may be the
    // one dropped, as between files (propagateEntries).
    auto MayBe = [&](const HeldContext &H, llvm::StringRef KindName, llvm::StringRef Key) {
      std::optional<ContextKindId> K = M.findKind(KindName);
      return K && H.Kind == *K && (Key.empty() || H.Key == NoKey || TU.keyText(H.Key) == Key);
    };
    // A callee or API that drops a lock around its sleep: judge without it.
    llvm::SmallVector<uint32_t, 2> DroppedOrigins;
    for (const auto &[KindName, Key] : V.Drops) {
      for (const HeldContext &H : S.held()) // S is not changed: Check is a copy
        if (MayBe(H, KindName, Key)) {
          Check.adjust(H.Kind, H.Key, -H.Min, -H.Max, H.Origin, false);
          DroppedOrigins.push_back(H.Origin);
        }
    }
    if (V.DropsAsTaken)
      for (const HeldContext &H : S.held())
        if (H.Key == NoKey && llvm::is_contained(DroppedOrigins, H.Origin))
          Check.adjust(H.Kind, H.Key, -H.Min, -H.Max, H.Origin, false);
    JoinRuleKind Rule = JoinRuleKind::Must;
    if (V.RTOnly) {
      // only contexts that stay atomic on PREEMPT_RT count
      llvm::SmallVector<HeldContext, 4> All(Check.held().begin(), Check.held().end());
      for (const HeldContext &H : All)
        if (!M.kind(H.Kind).RTAtomic)
          Check.adjust(H.Kind, H.Key, -H.Min, -H.Max, H.Origin, false);
    }
    if (!Check.isAtomic(M, JoinRuleKind::Must)) {
      if (TU.options().JoinRule != JoinRuleKind::May || !Check.isAtomic(M, JoinRuleKind::May))
        return;
      Rule = JoinRuleKind::May;
    }
    SleepInAtomicReport Rep;
    Rep.Loc = Op.Loc;
    Rep.Callee = V.What;
    Rep.FlagsText = V.Flags;
    Rep.OnSomePaths = Rule == JoinRuleKind::May;
    Rep.PreemptRT = V.RTOnly;
    if (const IndirectTarget *T = Op.Target) // which function the pointer holds, and where it was put there
      Rep.Contexts.push_back({T->Loc, storedNote(T->Name, Op.Indirect->Key, Op.Indirect->Pointer, Op.Indirect->ByType) +
                                          (T->Loc.isInvalid() ? " (" + T->Site.str() + ")" : "")});
    unsigned Below = V.Via ? calleeNotes(V, Op, Rep) : 0;
    if (unsigned Max = TU.options().MaxCallDepth) {
      // The shortest explanation counts: the nearest atomic context.
      unsigned Above = ~0u;
      for (const HeldContext &H : Check.atomicContexts(M, Rule))
        Above = std::min(Above, A.depthOf(H));
      if (Above != ~0u && Above + Below > Max)
        return;
    }
    if (Summaries && V.ViaEvidence && V.ViaEvidence->Assumed && V.Via)
      Summaries->AssumedUsed.insert(V.Via->USR);
    auto Ctx = A.contextNotes(Check, Rule);
    Rep.Contexts.append(Ctx.begin(), Ctx.end());
    Rep.LowReason = V.Doubt;
    if (Rep.LowReason.empty() && !V.Requires.empty()) {
      const ParamTest &T = V.Requires.front();
      const FunctionDecl *FD = A.function();
      std::string P = T.Param < FD->getNumParams() ? FD->getParamDecl(T.Param)->getNameAsString() : "";
      Rep.LowReason = "'" + V.What + "' sleeps only for some values of '" + P + "', which '" +
                      FD->getNameAsString() + "' is given by its callers";
    }
    if (Rep.LowReason.empty())
      for (const HeldContext &H : Check.atomicContexts(M, Rule))
        if (const std::string &D = A.origin(H.Origin).Doubt; !D.empty()) {
          Rep.LowReason = D;
          break;
        }
    if (Rep.LowReason.empty())
      Rep.LowReason = A.openTestDoubt(S, Check.atomicContexts(M, Rule));
    if (Rep.LowReason.empty() && Rep.OnSomePaths)
      Rep.LowReason = "the atomic context is held on some paths only";
    for (const auto &[KindName, Key] : V.PartlyDrops)
      for (const HeldContext &H : Check.atomicContexts(M, Rule))
        if (Rep.LowReason.empty() && MayBe(H, KindName, Key))
          Rep.LowReason = "'" + V.What + "' releases " + (H.Key != NoKey ? "'" + TU.keyText(H.Key).ltrim("&").str() + "'" : std::string("the lock")) +
                          " on some paths before it sleeps; they may be the paths it sleeps on";
    Out.push_back(std::move(Rep));
  }

private:
  /// Where inside the callee it sleeps, following the evidence chain;
  /// returns the number of calls it goes down.
  unsigned calleeNotes(const SleepVerdict &V, const Operation &Op, SleepInAtomicReport &Rep) {
    const SleepEvidence *E = V.ViaEvidence;
    std::string Fn = V.Via->Name;
    bool ViaFlags = V.ViaGfpParam;
    // The constants each call down the chain passes, to follow the way to
    // sleep they take (FunctionSummary::Ways) rather than the first.
    const FunctionSummary *Cur = V.Via;
    KnownArgs Args;
    for (unsigned P = 0; P < Cur->Params.size(); ++P) {
      ArgFacts F = A.argFacts(A.operations().argExpr(Op, static_cast<int>(P)));
      if (F.Value)
        Args.Values.push_back({P, *F.Value});
      else if (F.KnownOnes)
        Args.Ones.push_back({P, F.KnownOnes});
    }
    unsigned Depth = 0;
    for (; E && Depth < 64; ++Depth) { // 64: a guard against cycles
      std::string Text;
      if (E->Assumed)
        Text = "'" + Fn + "' is unknown to allocflags; it takes gfp flags and is assumed to allocate with them";
      else if (ViaFlags && !E->Flags.empty())
        Text = "'" + Fn + "' passes its gfp flags to '" + E->What + "' here";
      else if (ViaFlags)
        Text = "'" + Fn + "' may sleep in '" + E->What + "' here when its gfp flags allow blocking";
      else
        Text = "'" + Fn + "' may sleep: '" + E->What + "'" + (E->Flags.empty() ? "" : " with " + E->Flags) + " here";
      SourceLocation L = TU.locationOf(E->Site);
      if (L.isInvalid() && E->Site.valid())
        Text += " (" + E->Site.str() + ")";
      Rep.Contexts.push_back({L, std::move(Text)});
      if (E->ViaUSR.empty())
        return Depth + 1;
      const FunctionSummary *Next = TU.summaryByUSR(E->ViaUSR);
      if (!Next)
        return Depth + 1;
      Fn = Next->Name;
      auto Call = llvm::find_if(Cur->Calls, [&](const CallSiteSummary &C) {
        return C.CalleeUSR == Next->USR && C.Site == E->Site;
      });
      if (ViaFlags && !Next->SleepsIfGfp.empty()) {
        E = &Next->SleepsIfGfp.front().Evidence;
      } else {
        ViaFlags = false;
        std::optional<CallWay> Way;
        if (Call != Cur->Calls.end())
          Way = sleepWayAt(*Next, [&](unsigned P) { return Call->argFacts(P, Args); }, {});
        E = Way ? Way->Evidence : Next->Sleeps ? &*Next->Sleeps : nullptr;
      }
      Args = Call != Cur->Calls.end() ? Call->knownArgs(Args) : KnownArgs();
      Cur = Next;
    }
    return Depth;
  }

  TUContext &TU;
  const ContextAnalysis &A;
  std::vector<SleepInAtomicReport> &Out;
  SummaryStore *Summaries;
};

} // namespace

namespace {

/// A site found in several analyses is reported once, with the notes of the
/// first.
class SleepInAtomicPass : public CheckPass {
public:
  SleepInAtomicPass(TUContext &TU, SummaryStore *Out) : TU(TU), Out(Out) {}
  void onAnalysed(const FunctionDecl *FD, ContextAnalysis &A) override {
    if (!TU.inMainFile(FD))
      return;
    auto [It, New] = Reports.try_emplace(FD);
    if (New)
      Order.push_back(FD);
    std::vector<SleepInAtomicReport> Found;
    ReportObserver Obs(TU, A, Found, Out);
    A.observe(Obs);
    for (SleepInAtomicReport &Rep : Found) {
      auto Same = llvm::find_if(It->second, [&](const SleepInAtomicReport &Old) {
        return Old.Loc == Rep.Loc && Old.Callee == Rep.Callee && Old.FlagsText == Rep.FlagsText;
      });
      if (Same == It->second.end())
        It->second.push_back(std::move(Rep));
      else if (!Same->LowReason.empty() && Rep.LowReason.empty())
        *Same = std::move(Rep); // a context where it surely sleeps explains it better
    }
  }
  void finish(Reporter &R) override {
    for (const FunctionDecl *FD : Order)
      for (const SleepInAtomicReport &Rep : Reports[FD])
        if (Rep.LowReason.empty() || TU.options().ReportLowConfidence)
          R.sleepInAtomic(Rep);
  }

private:
  TUContext &TU;
  SummaryStore *Out;
  llvm::DenseMap<const FunctionDecl *, std::vector<SleepInAtomicReport>> Reports;
  std::vector<const FunctionDecl *> Order;
};

} // namespace

std::unique_ptr<CheckPass> allocflags::makeSleepInAtomicPass(const PassInputs &In) {
  return std::make_unique<SleepInAtomicPass>(In.TU, In.Summaries);
}

void allocflags::exportSummaries(TUContext &TU, SummaryStore &Out) {
  // Main-file functions always (the whole-program pass needs their calls);
  // header functions when a caller elsewhere could learn something from them.
  std::vector<const FunctionDecl *> Mains;
  TU.forEachMainFileFunction([&](const FunctionDecl *FD) { Mains.push_back(FD); });
  for (const FunctionDecl *FD : Mains)
    TU.inferredSummary(FD);
  for (const auto &[FD, Sum] : TU.inferredByDecl()) {
    if (!Sum || Sum->USR.empty())
      continue;
    bool Main = TU.inMainFile(FD);
    bool CallsOut = llvm::any_of(Sum->Calls, [&](const CallSiteSummary &C) {
      const FunctionSummary *G = TU.summaryByUSR(C.CalleeUSR);
      return !G || !G->Definition.valid();
    });
    if (Main || !Sum->trivial() || CallsOut)
      if (!Out.lookup(Sum->USR))
        Out.add(*Sum);
  }
  for (const auto &F : TU.localSummaries().fields())
    Out.addFieldStore(F.getValue());
  // Where function pointers are loaded from: the whole program resolves
  // calls through them (SummaryStore::resolve).
  for (const auto &E : TU.indirectCalls().stores().pointers())
    for (const PointerTarget &T : E.getValue())
      Out.addPointerTarget(T);
  // What this TU saw of each pointer: the tool checks it again when the
  // whole program stores more there.
  TU.indirectCalls().forEachResolved([&](const IndirectCall &IC) {
    if (!IC.Key.empty() || !IC.Type.empty())
      Out.IndirectSeen[indirectEntryUSR(IC.Key, IC.Type)] =
          IC.OverLimit ? TU.options().MaxIndirectTargets + 1 : IC.Targets.size();
  });
}
