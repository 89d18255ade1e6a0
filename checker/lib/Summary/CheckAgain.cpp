//===- CheckAgain.cpp - which TUs the whole program can change -----------===//
#include "allocflags/Summary/CheckAgain.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;
using namespace allocflags;

TUFootprint TUFootprint::of(const SummaryStore &TU, StringRef MainFile) {
  TUFootprint F;
  for (const auto &E : TU.functions()) {
    if (E.getValue().Definition.valid())
      F.Defined.insert(E.getKey());
    if (E.getValue().Definition.valid() && E.getValue().Definition.File == MainFile)
      F.Main.insert(E.getKey());
    for (const CallSiteSummary &C : E.getValue().Calls)
      F.Referenced.insert(C.CalleeUSR);
  }
  for (const auto &X : TU.FieldsFreedUnknown)
    F.FreedFields.insert(X.getKey());
  for (const auto &U : TU.AssumedUsed)
    F.Assumed.insert(U.getKey());
  for (const auto &U : TU.CallersAsked)
    F.CallersAsked.insert(U.getKey());
  for (const auto &E : TU.entries())
    if (!F.Defined.count(E.getKey()))
      F.Entered.insert(E.getKey());
  for (const auto &K : TU.IndirectSeen)
    F.IndirectSeen[K.getKey()] = K.getValue();
  for (const auto &X : TU.fields())
    F.LocalFields[X.getKey()] = X.getValue().Families;
  return F;
}

const char *allocflags::checkAgainReasonName(CheckAgainReason R) {
  static const char *const Names[NumCheckAgainReasons] = {
      "none",     "contexts", "memory", "freed fields", "assumed defaults", "pointers", "flags-less callees",
      "callee effects", "callee returns", "callee callbacks", "callers"};
  return Names[static_cast<unsigned>(R)];
}

CheckAgainReason allocflags::needsCheckAgain(const TUFootprint &TU, const SummaryStore &Global,
                                             unsigned MaxIndirectTargets) {
  using R = CheckAgainReason;
  // Reports are made in the main file's functions only (a header's inline
  // function is reported at its callers), and where the sleep or the free
  // is: a function that sleeps only inside callees of other files passes
  // its contexts on to their TUs (the whole-program pass has), memory
  // passed to one that frees nothing goes on to where it is freed.
  // A function of another file that sleeps, reached through a header's
  // inline function: reported at the call of the inline function here.
  auto SleepsElsewhere = [&](StringRef U) {
    const FunctionSummary *G = Global.lookup(U);
    return G && G->Definition.valid() && (G->Sleeps || !G->SleepsIfGfp.empty());
  };
  auto InlineSleeps = [&](const FunctionSummary &G) {
    return G.InlineCalleesLost || llvm::any_of(G.InlineCallees, SleepsElsewhere);
  };
  auto MayReportHere = [&](const FunctionSummary &G) { return G.SleepsHere || InlineSleeps(G); };
  bool AnySleepsHere = false, AnyFreesHere = false;
  for (const auto &U : TU.Main)
    if (const FunctionSummary *G = Global.lookup(U.getKey())) {
      AnySleepsHere |= MayReportHere(*G);
      AnyFreesHere |= G->FreesHere;
    }
  for (const auto &U : TU.Main)
    if (const FunctionSummary *G = Global.lookup(U.getKey()); G && MayReportHere(*G))
      if (llvm::any_of(Global.entriesOf(U.getKey()), [](const AtomicEntry &E) { return !E.Relay; }))
        return R::Contexts;
  // A context of its own reaching a header's function that the store has
  // no summary of (it does nothing a caller needs but call others): the
  // whole program cannot carry the context on through it, and phase 1 did
  // not know that what it reaches in other files sleeps.  (Through one the
  // store has, the context goes on to the file that sleeps, reported there.)
  bool AnyInlineSleeps = llvm::any_of(TU.Main, [&](const auto &M) {
    const FunctionSummary *G = Global.lookup(M.getKey());
    return G && InlineSleeps(*G);
  });
  if (AnyInlineSleeps && llvm::any_of(TU.Entered, [&](const auto &U) { return !Global.lookup(U.getKey()); }))
    return R::Contexts;
  for (const auto &U : TU.Main)
    if (const FunctionSummary *G = Global.lookup(U.getKey()); G && G->FreesHere)
      if (!Global.provenanceEntriesOf(U.getKey()).empty())
        return R::Memory;
  for (const auto &F : TU.FreedFields)
    if (const FieldFact *G = Global.fieldFact(F.getKey()))
      if (G->Families != TU.LocalFields.lookup(F.getKey()))
        return R::FreedFields;
  for (const auto &U : TU.Assumed)
    if (const FunctionSummary *G = Global.lookup(U.getKey()); G && G->Definition.valid())
      return R::Assumed;
  // A call through a pointer that other TUs store more functions for: how
  // sure a sleep through it is changes, and one that sleeps because of the
  // gfp flags passed is reported at the call.  (Other sleeps are reported in
  // the targets' own TUs, with the context of the call.)
  for (const auto &K : TU.IndirectSeen) {
    auto [Key, Type] = K.getKey().drop_front(4).split('\t');
    std::vector<const PointerTarget *> Ts = Global.pointerTargets(Key, Type);
    if (Ts.size() > MaxIndirectTargets ||
        std::min<size_t>(Ts.size(), MaxIndirectTargets + 1) == std::min<unsigned>(K.getValue(), MaxIndirectTargets + 1))
      continue;
    if (K.getValue() > 0 || llvm::any_of(Ts, [&](const PointerTarget *T) {
          const FunctionSummary *G = Global.lookup(T->USR);
          return G && !G->SleepsIfGfp.empty();
        }))
      return R::Pointers;
  }
  // A function handed gfp flags calling one defined elsewhere that allocates
  // without being told how (allocflags-implicit-allocation); in C++, a
  // disciplined function calling one that allocates implicitly.
  for (const auto &U : TU.Main) {
    const FunctionSummary *F = Global.lookup(U.getKey());
    if (!F || (!F->TakesGfp && !F->Disciplined))
      continue;
    if (llvm::any_of(F->Calls, [&](const CallSiteSummary &C) {
          const FunctionSummary *G = TU.Defined.count(C.CalleeUSR) ? nullptr : Global.lookup(C.CalleeUSR);
          if (!G || G->TakesGfp)
            return false;
          return (F->TakesGfp && G->Flagless && !C.InFlagsScope) || (F->Disciplined && G->Implicit && !G->Disciplined);
        }))
      return R::Flagless;
  }
  R Callee = R::None;
  for (const auto &U : TU.Referenced) {
    if (TU.Defined.count(U.getKey()))
      continue;
    const FunctionSummary *G = Global.lookup(U.getKey());
    if (!G || !G->Definition.valid())
      continue;
    // The first in the order of the reasons, whichever callee comes first.
    // A context a callee takes (or a callback it runs) is reported at a
    // sleep here, memory it returns at a free here.
    R Why = !G->Effects.empty() && AnySleepsHere            ? R::CalleeEffects
            : !G->Returns.Families.empty() && AnyFreesHere ? R::CalleeReturns
            : !G->CallsParams.empty() && AnySleepsHere     ? R::CalleeCallbacks
                                                           : R::None;
    if (Why != R::None && (Callee == R::None || Why < Callee))
      Callee = Why;
  }
  if (Callee != R::None)
    return Callee;
  // Whether some caller passes flags that do not allow blocking, and
  // whether the function sleeps anyway, is the whole program's to say.
  return TU.CallersAsked.empty() ? R::None : R::Callers;
}
