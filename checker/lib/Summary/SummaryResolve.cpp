//===- SummaryResolve.cpp - the whole program: sleeping up, contexts down ===//
//
// The cross-TU resolution works on the Calls each TU recorded: a function
// that calls a function that may sleep may sleep (unless the call is made only
// when one of its own gfp parameters allows blocking, which makes it "sleeps
// if that parameter blocks"); a gfp-parameter sleeper called with blocking
// constant flags makes the caller sleep; called with the caller's own
// parameter, the condition moves up to the caller.  The call graph is walked
// bottom-up by strongly connected components, to a fixpoint inside each.
// Net context effects are not recomputed here (that needs the callee's CFG):
// they come from each TU's own analysis.
//
//===----------------------------------------------------------------------===//
#include "allocflags/Summary/Summary.h"
#include "allocflags/Analysis/Budget.h"
#include "allocflags/Analysis/LockPath.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>

using namespace llvm;
using namespace allocflags;

//===----------------------------------------------------------------------===//
// Resolution
//===----------------------------------------------------------------------===//

/// Recomputes what F learns from its callees' current summaries.
/// \p Sources: the main files summarised (a callee defined in one reports
/// its own sleeps; FunctionSummary::SleepsHere).
static bool propagate(FunctionSummary &F, const StringMap<FunctionSummary> &All, const StringMap<std::string> &Sources) {
  bool Changed = false;
  auto ReportedInside = [&](const FunctionSummary &G) {
    return G.Definition.valid() && Sources.count(G.Definition.File);
  };
  auto AddParamSleep = [&](unsigned Param, SleepEvidence Ev) {
    for (const GfpParamSleep &P : F.SleepsIfGfp)
      if (P.Param == Param)
        return;
    F.SleepsIfGfp.push_back({Param, std::move(Ev)});
    Changed = true;
  };
  // One more way to sleep: the first is the evidence; the tests on the way
  // are those every way shares.
  auto AddSleep = [&](SleepEvidence Ev, ArrayRef<ParamTest> Tests) {
    Changed |= addSleepWay(F, Ev, Tests);
    if (!F.Sleeps) {
      F.Sleeps = std::move(Ev);
      F.SleepsOnlyIf.assign(Tests.begin(), Tests.end());
      Changed = true;
      return;
    }
    // A way without doubt is better evidence than a doubtful one.
    if (!F.Sleeps->Doubt.empty() && Ev.Doubt.empty() && F.Sleeps->Released.empty()) {
      F.Sleeps = std::move(Ev);
      Changed = true;
    }
    size_t Before = F.SleepsOnlyIf.size();
    intersectTests(F.SleepsOnlyIf, Tests);
    Changed |= F.SleepsOnlyIf.size() != Before;
  };
  for (const CallSiteSummary &C : F.Calls) {
    auto It = All.find(C.CalleeUSR);
    if (It == All.end() || &It->second == &F)
      continue;
    const FunctionSummary &G = It->second;
    // A callee that allocates with flags nobody chooses, and takes none
    // itself: so does this function (unless a scope says how here).
    // Not through a pointer: its targets are not known well enough.
    if (!F.Flagless && G.Flagless && !G.TakesGfp && !C.InFlagsScope && C.Pointer.empty() &&
        flaglessDepth(G, [&](StringRef U) {
          auto I = All.find(U);
          return I == All.end() ? nullptr : &I->second;
        }) + 1 <= MaxFlaglessDepth) {
      SleepEvidence Ev;
      Ev.Site = C.Site;
      Ev.What = G.Name;
      Ev.Flags = G.Flagless->Flags;
      Ev.ViaUSR = G.USR;
      F.Flagless = std::move(Ev);
      Changed = true;
    }
    // C++: a callee that allocates implicitly, and is neither disciplined
    // (reported inside) nor told how (flags): so does this function, unless
    // it is disciplined itself (then it is reported at this call, in its TU).
    if (!F.Implicit && !F.Disciplined && G.Implicit && !G.Disciplined && !G.TakesGfp && C.Pointer.empty()) {
      SleepEvidence Ev;
      Ev.Site = C.Site;
      Ev.What = G.Name;
      Ev.ViaUSR = G.USR;
      F.Implicit = std::move(Ev);
      Changed = true;
    }
    // A parameter passed on to a function that frees it is freed here too.
    for (const FreedParam &P : G.FreesParams)
      for (const auto &[CalleeParam, CallerParam, Deref] : C.ParamArgs)
        if (CalleeParam == P.Param && !Deref && F.FreesParams.size() < 8) {
          FreedParam Q = P;
          Q.Param = CallerParam;
          if (llvm::none_of(F.FreesParams, [&](const FreedParam &X) { return X.Param == Q.Param && X.Deref == Q.Deref; })) {
            F.FreesParams.push_back(std::move(Q));
            Changed = true;
          }
        }
    // Nothing more to learn (a way to sleep without conditions is known);
    // whether one is reported here, taken as the callee may make it.
    if (F.Sleeps && F.SleepsOnlyIf.empty() && F.SleepsIfGfp.size() > 4) {
      F.SleepsHere |= !G.SleepsIfGfp.empty() || (G.Sleeps && !ReportedInside(G));
      continue;
    }
    auto Evidence = [&](std::string Flags, bool OutsideInterrupt) {
      SleepEvidence Ev;
      Ev.Site = C.Site;
      Ev.What = G.Name;
      Ev.Flags = std::move(Flags);
      Ev.ViaUSR = G.USR;
      Ev.OutsideInterruptOnly = OutsideInterrupt;
      Ev.Released = C.Released;
      return Ev;
    };
    // A callee that sleeps only after dropping a lock its caller holds is
    // judged where the call is analysed with the state at hand; it does not
    // make this function sleep unconditionally.
    // A callee that sleeps only on some values of its parameters: not here
    // if the arguments rule them out; else what it needs, in our terms.
    std::optional<CallWay> Way = sleepWayAt(G, [&](unsigned P) { return C.argFacts(P); }, C.Requires);
    if (Way && Way->Evidence->Released.empty() && !(Way->Evidence->OutsideInterruptOnly && C.InInterruptOnly)) {
      const SleepEvidence &GE = *Way->Evidence;
      F.SleepsHere |= !C.GuardParam && !ReportedInside(G);
      SleepEvidence Ev = Evidence("", GE.OutsideInterruptOnly);
      Ev.FaultsEnabledOnly = GE.FaultsEnabledOnly;
      Ev.Doubt = Way->Undecided ? undecidedParamDoubt(G, *Way->Undecided) : GE.Doubt;
      if (Ev.Doubt.empty())
        Ev.Doubt = C.Doubt; // a path or a pointer that may not lead here
      if (C.GuardParam) {
        AddParamSleep(*C.GuardParam, std::move(Ev));
      } else {
        llvm::SmallVector<ParamTest, 1> Tests(C.Requires.begin(), C.Requires.end());
        for (const ParamTest &T : Way->Tests)
          if (!llvm::is_contained(Tests, T))
            Tests.push_back(T);
        AddSleep(std::move(Ev), Tests);
      }
    }
    for (const GfpParamSleep &P : G.SleepsIfGfp) {
      auto ArgIt = llvm::find_if(C.GfpArgs, [&](const auto &A) { return A.first == P.Param; });
      if (ArgIt == C.GfpArgs.end())
        continue;
      const GfpArgFact &A = ArgIt->second;
      std::string Text = P.Param < C.ArgTexts.size() ? C.ArgTexts[P.Param] : "";
      bool Blocks = (A.Kind == GfpArgFact::KindT::Constant && A.Blocks) ||
                    (A.Kind == GfpArgFact::KindT::Param && A.ForcedOn);
      SleepEvidence Ev = Evidence(Text, false);
      Ev.Doubt = P.Evidence.Doubt.empty() ? C.Doubt : P.Evidence.Doubt;
      // A callee that sleeps because of the blocking flags passed here is
      // reported at the call (not under our own gfp guard: then at our callers).
      F.SleepsHere |= Blocks && !C.GuardParam;
      if (Blocks) {
        if (C.GuardParam)
          AddParamSleep(*C.GuardParam, std::move(Ev));
        else
          AddSleep(std::move(Ev), C.Requires);
      } else if (A.Kind == GfpArgFact::KindT::Param && !A.ForcedOff) {
        AddParamSleep(A.Param, std::move(Ev));
      }
    }
  }
  return Changed;
}

std::optional<NonBlockingCall>
allocflags::findNonBlockingCall(function_ref<void(function_ref<void(const FunctionSummary &)>)> ForEach,
                                StringRef USR, unsigned Param, bool OrRestricted) {
  // Backwards from (USR, Param): callers that pass a non-blocking constant
  // end the search; callers that pass their own gfp parameter continue it.
  auto Key = [](StringRef U, unsigned P) { return (U + "#" + Twine(P)).str(); };
  StringMap<std::vector<std::pair<std::string, NonBlockingCall>>> ForwardedFrom; // callee#p -> caller#p
  StringMap<NonBlockingCall> Constant;                                           // callee#p -> call
  ForEach([&](const FunctionSummary &F) {
    for (const CallSiteSummary &C : F.Calls)
      for (const auto &[P, A] : C.GfpArgs) {
        bool NonBlocking = (A.Kind == GfpArgFact::KindT::Constant && !A.Blocks && A.Request) ||
                           (A.Kind == GfpArgFact::KindT::Constant && A.Restricts && OrRestricted) ||
                           (A.Kind == GfpArgFact::KindT::Param && A.ForcedOff);
        std::string K = Key(C.CalleeUSR, P);
        if (NonBlocking)
          Constant.try_emplace(K, NonBlockingCall{F.Name, C.Site});
        else if (A.Kind == GfpArgFact::KindT::Param && !A.ForcedOn)
          ForwardedFrom[K].push_back({Key(F.USR, A.Param), NonBlockingCall{F.Name, C.Site}});
      }
  });
  std::vector<std::string> Work{Key(USR, Param)};
  StringSet<> Seen{Work.front()};
  for (size_t I = 0; I < Work.size(); ++I) {
    auto It = Constant.find(Work[I]);
    if (It != Constant.end())
      return It->second;
    for (const auto &[From, Call] : ForwardedFrom.lookup(Work[I]))
      if (Seen.insert(From).second)
        Work.push_back(From);
  }
  return std::nullopt;
}

/// Entry contexts flow down calls made while they still hold.
static void propagateEntries(SummaryStore &Store, unsigned MaxCallDepth) {
  // A context further than the limit from where it began is not worth
  // flowing on: nothing found under it would be reported.
  // Past the budget's depth, whatever the option allows: every entry carries
  // its explanation, so a chain of n calls would cost n^2 notes.
  auto TooDeep = [&](const AtomicEntry &E) {
    return (MaxCallDepth && E.Depth + 1 > MaxCallDepth) || E.Depth + 1 > AnalysisBudget::MaxContextDepth;
  };
  std::vector<std::string> Work;
  for (const auto &E : Store.entries())
    Work.push_back(E.getKey().str());
  unsigned Steps = 0;
  while (!Work.empty() && ++Steps < 1000000) {
    std::string USR = Work.back();
    Work.pop_back();
    const FunctionSummary *F = Store.lookup(USR);
    if (!F || !F->Definition.valid())
      continue;
    std::vector<AtomicEntry> Mine(Store.entriesOf(USR).begin(), Store.entriesOf(USR).end());
    for (const AtomicEntry &E : Mine) {
      if (TooDeep(E))
        continue;
      // Functions passed in and called back run in this context too.
      for (const auto &[Param, CB] : E.Callbacks) {
        const FunctionSummary *X = Store.lookup(CB);
        if (!X || !X->Definition.valid() || !llvm::is_contained(F->CallsParams, Param) ||
            (!X->Sleeps && X->SleepsIfGfp.empty()))
          continue;
        AtomicEntry N;
        N.USR = X->USR;
        N.Kind = E.Kind;
        N.Depth = E.Depth + 1;
        N.Doubt = E.Doubt;
        N.Notes.push_back({F->Definition, "called back by '" + F->Name + "'"});
        N.Notes.insert(N.Notes.end(), E.Notes.begin(), E.Notes.end());
        if (Store.addEntry(std::move(N)))
          Work.push_back(X->USR);
      }
      std::string KeyText = instantiateWith(E.KeyTemplate, F->Params);
      for (const CallSiteSummary &C : F->Calls) {
        const FunctionSummary *G = Store.lookup(C.CalleeUSR);
        if (!G || !G->Definition.valid() || G == F)
          continue;
        // A call on a path the constants this context came with rule out,
        // or made only when gfp flags it was given as non-blocking block.
        if (!admits(C.Requires, E.Args))
          continue;
        if (C.GuardParam && E.gfpBlocks(*C.GuardParam) == false)
          continue;
        // The callee's gfp arguments in this context.
        std::vector<std::pair<unsigned, bool>> Gfp;
        for (const auto &[P, A] : C.GfpArgs) {
          std::optional<bool> B;
          if (A.Kind == GfpArgFact::KindT::Constant)
            B = A.Blocks;
          else if (A.Kind == GfpArgFact::KindT::Param)
            B = A.ForcedOn ? std::optional<bool>(true) : A.ForcedOff ? std::optional<bool>(false) : E.gfpBlocks(A.Param);
          if (B)
            Gfp.push_back({P, *B});
        }
        auto GfpKnownNonBlocking = [&](unsigned P) {
          return llvm::any_of(Gfp, [&](const auto &X) { return X.first == P && !X.second; });
        };
        // A callee that does not sleep with these arguments.
        bool Sleeps = sleepWayAt(*G, [&](unsigned P) { return C.argFacts(P, E.Args); }, C.Requires).has_value();
        if (!Sleeps && llvm::all_of(G->SleepsIfGfp, [&](const GfpParamSleep &S) { return GfpKnownNonBlocking(S.Param); }))
          continue;
        bool Released = llvm::any_of(C.Released, [&](const ContextDelta &D) {
          return D.Kind == E.Kind && (D.KeyTemplate.empty() || E.KeyTemplate.empty() ||
                                      D.KeyTemplate == E.KeyTemplate);
        });
        if (Released)
          continue;
        AtomicEntry N;
        N.USR = G->USR;
        N.Kind = E.Kind;
        // A template without parameters names a global lock (only those
        // with external linkage reach the store).
        bool Global = !E.KeyTemplate.empty() && E.KeyTemplate.find('$') == std::string::npos;
        N.KeyTemplate = rebaseLockOverArguments(KeyText, C.ArgTexts, Global);
        N.Depth = E.Depth + 1;
        N.Args = C.knownArgs(E.Args);
        N.Doubt = E.Doubt.empty() ? C.Doubt : E.Doubt;
        // A call on a test of F's parameter that the context's callers left
        // open (as ContextAnalysis::openTestDoubt, between files).
        for (const ParamTest &T : C.Requires)
          if (N.Doubt.empty() && choosesMode(T) && !E.Args.decide(T))
            N.Doubt = openParamTestDoubt(F->Name, T.Param < F->Params.size() ? F->Params[T.Param] : "");
        N.GfpBlocks = std::move(Gfp);
        N.Notes.push_back({C.Site, "called from '" + F->Name + "' here"});
        N.Notes.insert(N.Notes.end(), E.Notes.begin(), E.Notes.end());
        if (Store.addEntry(std::move(N)))
          Work.push_back(G->USR);
      }
    }
  }
}

/// Memory passed into a function flows on to the functions it passes that
/// parameter to (where the free may be).
static void propagateProvenance(SummaryStore &Store) {
  std::vector<std::string> Work;
  for (const auto &E : Store.provenanceEntries())
    Work.push_back(E.getKey().str());
  unsigned Steps = 0;
  while (!Work.empty() && ++Steps < 100000) {
    std::string USR = Work.back();
    Work.pop_back();
    const FunctionSummary *F = Store.lookup(USR);
    if (!F || !F->Definition.valid())
      continue;
    std::vector<ProvenanceEntry> Mine(Store.provenanceEntriesOf(USR).begin(), Store.provenanceEntriesOf(USR).end());
    for (const ProvenanceEntry &E : Mine)
      for (const CallSiteSummary &C : F->Calls)
        for (const auto &[CalleeParam, CallerParam, Deref] : C.ParamArgs) {
          if (CallerParam != E.Param || Deref)
            continue;
          // Not through a pointer that may hold other functions, or that
          // was matched to this one by its type only: the memory may never
          // reach that free, and a finding would name a call that is not made.
          if (!C.Pointer.empty() && !C.Doubt.empty())
            continue;
          const FunctionSummary *G = Store.lookup(C.CalleeUSR);
          if (!G || !G->Definition.valid() || G == F ||
              llvm::none_of(G->FreesParams, [&](const FreedParam &P) { return P.Param == CalleeParam; }))
            continue;
          ProvenanceEntry N = E;
          N.USR = G->USR;
          N.Param = CalleeParam;
          N.Notes.insert(N.Notes.begin(), {C.Site, "passed on by '" + F->Name + "' here"});
          if (!C.Pointer.empty() && C.StoredAt.valid())
            N.Notes.insert(N.Notes.begin(), {C.StoredAt, storedNote(G->Name, "", C.Pointer, false)});
          if (Store.addProvenanceEntry(std::move(N)))
            Work.push_back(G->USR);
        }
  }
}

std::string allocflags::indirectDoubt(StringRef Key, StringRef Pointer, size_t Targets, bool ByType) {
  if (ByType)
    return "nothing is stored where '" + Pointer.str() + "' is loaded from; it was matched by its type to " +
           std::to_string(Targets) + (Targets == 1 ? " function" : " functions") + " whose address escaped";
  if (Targets < 2 || isChainKey(Key))
    return "";
  return "it is called through '" + Pointer.str() + "', which may hold any of " + std::to_string(Targets) +
         " functions";
}

std::string allocflags::storedNote(StringRef Target, StringRef Key, StringRef Pointer, bool ByType) {
  if (isChainKey(Key))
    return "'" + Target.str() + "' is registered on chain '" + Pointer.str() + "' here";
  if (ByType)
    return "'" + Target.str() + "' has the type of '" + Pointer.str() + "' and its address escapes here";
  return "'" + Target.str() + "' is stored here where '" + Pointer.str() + "' is loaded from";
}

void SummaryStore::expandIndirectCalls(unsigned MaxTargets) {
  Indirect = IndirectStats();
  for (auto &E : Functions) {
    FunctionSummary &F = E.getValue();
    std::vector<CallSiteSummary> Added;
    for (const CallSiteSummary &C : F.Calls) {
      if (!C.CalleeUSR.empty() || C.Pointer.empty())
        continue;
      ++Indirect.Sites;
      if (C.IndirectKey.empty() && C.IndirectType.empty()) {
        ++Indirect.NoKey;
        continue;
      }
      bool ByType = false;
      std::vector<const PointerTarget *> Ts = pointerTargets(C.IndirectKey, C.IndirectType, &ByType);
      if (Ts.empty()) {
        ++Indirect.NoTargets;
        continue;
      }
      if (MaxTargets && Ts.size() > MaxTargets) {
        ++Indirect.OverLimit;
        continue;
      }
      ++Indirect.Resolved;
      Indirect.ByType += ByType;
      Indirect.Targets += Ts.size();
      Indirect.MaxTargets = std::max<unsigned>(Indirect.MaxTargets, Ts.size());
      for (const PointerTarget *T : Ts) {
        // The TU resolved the targets it saw itself.
        if (llvm::any_of(F.Calls, [&](const CallSiteSummary &X) { return X.CalleeUSR == T->USR && X.Site == C.Site; }))
          continue;
        CallSiteSummary N = C;
        N.CalleeUSR = T->USR;
        N.CalleeName = T->Name;
        N.IndirectKey.clear();
        N.IndirectType.clear();
        N.StoredAt = T->Site;
        if (N.Doubt.empty())
          N.Doubt = indirectDoubt(C.IndirectKey, C.Pointer, Ts.size(), ByType);
        Added.push_back(std::move(N));
      }
    }
    F.Calls.insert(F.Calls.end(), std::make_move_iterator(Added.begin()), std::make_move_iterator(Added.end()));
  }
  // Contexts held at calls through pointers go to every target.
  std::vector<std::string> Keys;
  for (const auto &E : Entries)
    if (E.getKey().starts_with("ptr:"))
      Keys.push_back(E.getKey().str());
  for (const std::string &K : Keys) {
    std::vector<AtomicEntry> Es = std::move(Entries[K]);
    Entries.erase(K);
    auto [Key, Type] = StringRef(K).drop_front(4).split('\t');
    bool ByType = false;
    std::vector<const PointerTarget *> Ts = pointerTargets(Key, Type, &ByType);
    if (Ts.empty() || (MaxTargets && Ts.size() > MaxTargets))
      continue;
    for (const PointerTarget *T : Ts)
      for (const AtomicEntry &E : Es) {
        AtomicEntry N = E;
        N.USR = T->USR;
        if (N.Doubt.empty())
          N.Doubt = indirectDoubt(Key, E.Pointer, Ts.size(), ByType);
        N.Notes.insert(N.Notes.begin(), {T->Site, storedNote(T->Name, Key, E.Pointer, ByType)});
        addEntry(std::move(N));
      }
  }
}

bool allocflags::endsContext(const FunctionSummary &G, const CrossedCall &X, StringRef Kind, StringRef Lock) {
  return llvm::any_of(G.Effects, [&](const ContextDelta &D) {
    if (D.Kind != Kind || D.Hi >= 0)
      return false; // not on every path
    if (D.KeyTemplate.empty() || Lock.empty())
      return D.KeyTemplate.empty() && Lock.empty();
    std::string Mine = instantiateWith(D.KeyTemplate, X.ArgTexts);
    return !Mine.empty() && normalizeLockText(Mine) == Lock;
  });
}

void SummaryStore::dropEndedContexts() {
  auto Ended = [&](const std::vector<CrossedCall> &Crossed, StringRef Kind, StringRef Lock) {
    return llvm::any_of(Crossed, [&](const CrossedCall &X) {
      const FunctionSummary *G = lookup(X.USR);
      return G && endsContext(*G, X, Kind, Lock);
    });
  };
  for (auto &E : Entries)
    llvm::erase_if(E.getValue(), [&](const AtomicEntry &A) {
      return !A.Crossed.empty() && Ended(A.Crossed, A.Kind, A.CallerLock);
    });
  // `io_cq_lock(ctx); ...; io_cq_unlock_post(ctx);` with the unlock in
  // another file: the function does not return holding the lock.
  for (auto &E : Functions) {
    FunctionSummary &F = E.getValue();
    llvm::erase_if(F.Effects, [&](const ContextDelta &D) {
      if (D.Lo != 1 || D.Hi != 1 || D.Crossed.empty())
        return false;
      std::string Lock = D.KeyTemplate.empty() ? "" : normalizeLockText(instantiateWith(D.KeyTemplate, F.Params));
      return (D.KeyTemplate.empty() || !Lock.empty()) && Ended(D.Crossed, D.Kind, Lock);
    });
  }
}

void SummaryStore::resolve(unsigned MaxCallDepth, unsigned MaxIndirectTargets) {
  dropEndedContexts();
  expandIndirectCalls(MaxIndirectTargets);
  // Nodes: functions with calls; edges: calls to functions in the store.
  std::vector<FunctionSummary *> Nodes;
  DenseMap<const FunctionSummary *, unsigned> Index;
  for (auto &E : Functions) {
    Index[&E.getValue()] = Nodes.size();
    Nodes.push_back(&E.getValue());
  }
  std::vector<std::vector<unsigned>> Succ(Nodes.size());
  for (unsigned I = 0; I < Nodes.size(); ++I)
    for (const CallSiteSummary &C : Nodes[I]->Calls) {
      auto It = Functions.find(C.CalleeUSR);
      if (It != Functions.end())
        Succ[I].push_back(Index[&It->second]);
    }

  // Tarjan's algorithm, iterative; SCCs come out callees first.
  const unsigned Unvisited = ~0u;
  std::vector<unsigned> Num(Nodes.size(), Unvisited), Low(Nodes.size(), 0);
  std::vector<bool> OnStack(Nodes.size(), false);
  std::vector<unsigned> Stack;
  std::vector<std::pair<unsigned, unsigned>> Work; // (node, next successor)
  unsigned Counter = 0;
  for (unsigned Root = 0; Root < Nodes.size(); ++Root) {
    if (Num[Root] != Unvisited)
      continue;
    Work.push_back({Root, 0});
    while (!Work.empty()) {
      auto &[V, Next] = Work.back();
      if (Next == 0 && Num[V] == Unvisited) {
        Num[V] = Low[V] = Counter++;
        Stack.push_back(V);
        OnStack[V] = true;
      }
      if (Next < Succ[V].size()) {
        unsigned W = Succ[V][Next++];
        if (Num[W] == Unvisited)
          Work.push_back({W, 0});
        else if (OnStack[W])
          Low[V] = std::min(Low[V], Num[W]);
        continue;
      }
      if (Low[V] == Num[V]) {
        std::vector<FunctionSummary *> SCC;
        unsigned W;
        do {
          W = Stack.back();
          Stack.pop_back();
          OnStack[W] = false;
          SCC.push_back(Nodes[W]);
        } while (W != V);
        for (unsigned Round = 0; Round < 16; ++Round) {
          bool Changed = false;
          for (FunctionSummary *F : SCC)
            Changed |= propagate(*F, Functions, Sources);
          if (!Changed || SCC.size() == 1)
            break;
        }
      }
      unsigned Done = V;
      Work.pop_back();
      if (!Work.empty())
        Low[Work.back().first] = std::min(Low[Work.back().first], Low[Done]);
    }
  }
  propagateEntries(*this, MaxCallDepth);
  propagateProvenance(*this);
}
