//===- Summary.cpp - summaries: JSON, merge, whole-program resolution ----===//
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

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>

using namespace llvm;
using namespace allocflags;

std::string SourcePos::str() const {
  if (File.empty())
    return "";
  return File + ":" + std::to_string(Line) + ":" + std::to_string(Column);
}

std::string allocflags::fingerprint(StringRef Bytes) {
  uint64_t H = 1469598103934665603ULL;
  for (unsigned char C : Bytes) {
    H ^= C;
    H *= 1099511628211ULL;
  }
  std::string Out;
  raw_string_ostream(Out) << format_hex_no_prefix(H, 16);
  return Out;
}

void SummaryStore::add(FunctionSummary S) {
  std::string Key = S.USR;
  Functions[Key] = std::move(S);
}

std::optional<int64_t> KnownArgs::value(unsigned Param) const {
  for (const auto &[I, V] : Values)
    if (I == Param)
      return V;
  return std::nullopt;
}

uint64_t KnownArgs::ones(unsigned Param) const {
  for (const auto &[I, B] : Ones)
    if (I == Param)
      return B;
  return 0;
}

std::optional<bool> KnownArgs::decide(const ParamTest &T) const {
  if (T.Kind == ParamTest::KindT::DerefNonZero)
    return std::nullopt;
  if (std::optional<int64_t> V = value(T.Param))
    return T.admits(*V);
  uint64_t B = ones(T.Param);
  // Bits known set decide a bit test they meet, and a test against zero.
  if ((T.Kind == ParamTest::KindT::AnyBits && (B & static_cast<uint64_t>(T.Value))) ||
      (T.Kind == ParamTest::KindT::NonZero && B))
    return T.Outcome;
  return std::nullopt;
}

bool KnownArgs::subsetOf(const KnownArgs &O) const {
  return llvm::all_of(Values, [&](const auto &P) { return llvm::is_contained(O.Values, P); }) &&
         llvm::all_of(Ones, [&](const auto &P) { return llvm::is_contained(O.Ones, P); });
}

bool KnownArgs::intersect(const KnownArgs &O) {
  size_t Before = Values.size() + Ones.size();
  llvm::erase_if(Values, [&](const auto &P) { return !llvm::is_contained(O.Values, P); });
  llvm::erase_if(Ones, [&](const auto &P) { return !llvm::is_contained(O.Ones, P); });
  return Values.size() + Ones.size() != Before;
}

void KnownArgs::sort() {
  llvm::sort(Values);
  llvm::sort(Ones);
}

bool allocflags::admits(ArrayRef<ParamTest> Tests, const KnownArgs &Args) {
  return llvm::none_of(Tests, [&](const ParamTest &T) { return Args.decide(T) == std::optional<bool>(false); });
}

std::optional<llvm::SmallVector<ParamTest, 1>>
allocflags::carryTests(ArrayRef<ParamTest> CalleeTests, function_ref<ArgFacts(unsigned)> Arg,
                       ArrayRef<ParamTest> OnPath, std::optional<unsigned> *Undecided) {
  llvm::SmallVector<ParamTest, 1> Out;
  for (const ParamTest &T : CalleeTests) {
    ArgFacts A = Arg(T.Param);
    if (T.Kind == ParamTest::KindT::DerefNonZero) {
      // The facts are the pointer's: only passing our own pointer on
      // carries the test.
      A.Value.reset();
      A.KnownOnes = 0;
    }
    KnownArgs K;
    if (A.Value)
      K.Values.push_back({T.Param, *A.Value});
    else if (A.KnownOnes)
      K.Ones.push_back({T.Param, A.KnownOnes});
    if (std::optional<bool> D = K.decide(T)) {
      if (!*D)
        return std::nullopt;
      continue;
    }
    if (!A.CallerParam) {
      if (Undecided && !*Undecided)
        *Undecided = T.Param;
      continue;
    }
    ParamTest C = T;
    C.Param = *A.CallerParam;
    for (const ParamTest &X : OnPath)
      if (X.Param == C.Param && X.Kind == C.Kind && X.Value == C.Value && X.Outcome != C.Outcome)
        return std::nullopt;
    Out.push_back(C);
  }
  return Out;
}

unsigned allocflags::flaglessDepth(const FunctionSummary &G,
                                  llvm::function_ref<const FunctionSummary *(StringRef USR)> ByUSR) {
  const FunctionSummary *Next = &G;
  for (unsigned Depth = 0; Depth <= MaxFlaglessDepth; ++Depth) {
    if (!Next || !Next->Flagless)
      break;
    if (Next->Flagless->ViaUSR.empty())
      return Depth;
    Next = ByUSR(Next->Flagless->ViaUSR);
  }
  return MaxFlaglessDepth + 1;
}

std::string allocflags::undecidedParamDoubt(const FunctionSummary &G, unsigned Param) {
  bool Named = Param < G.Params.size() && !G.Params[Param].empty();
  std::string Name = Named ? G.Params[Param] : "#" + std::to_string(Param + 1);
  std::string What = "its parameter " + (Named ? "'" + Name + "'" : Name);
  if (llvm::any_of(G.SleepsOnlyIf, [&](const ParamTest &T) {
        return T.Param == Param && T.Kind == ParamTest::KindT::DerefNonZero;
      }))
    What = "what its parameter " + (Named ? "'" + Name + "'" : Name) + " points to";
  return "'" + G.Name + "' sleeps only for some values of " + What + ", which allocflags cannot tell at this call";
}

ArgFacts CallSiteSummary::argFacts(unsigned P, const KnownArgs &Caller) const {
  ArgFacts A;
  for (const auto &[I, V] : ConstArgs)
    if (I == P)
      A.Value = V;
  for (const auto &[I, Ones] : ArgOnes)
    if (I == P)
      A.KnownOnes = Ones;
  for (const auto &[CalleeParam, CallerParam, Deref] : ParamArgs)
    if (CalleeParam == P && !Deref) {
      A.CallerParam = CallerParam;
      if (!A.Value)
        A.Value = Caller.value(CallerParam);
      A.KnownOnes |= Caller.ones(CallerParam);
    }
  return A;
}

KnownArgs CallSiteSummary::knownArgs(const KnownArgs &Caller) const {
  KnownArgs R;
  llvm::SmallVector<unsigned, 4> Params;
  for (const auto &[I, V] : ConstArgs)
    Params.push_back(I);
  for (const auto &[I, B] : ArgOnes)
    Params.push_back(I);
  for (const auto &[CalleeParam, CallerParam, Deref] : ParamArgs)
    Params.push_back(CalleeParam);
  llvm::sort(Params);
  Params.erase(std::unique(Params.begin(), Params.end()), Params.end());
  for (unsigned P : Params) {
    ArgFacts A = argFacts(P, Caller);
    if (A.Value)
      R.Values.push_back({P, *A.Value});
    else if (A.KnownOnes)
      R.Ones.push_back({P, A.KnownOnes});
  }
  return R;
}

void allocflags::intersectTests(llvm::SmallVectorImpl<ParamTest> &Have, ArrayRef<ParamTest> Other) {
  llvm::erase_if(Have, [&](const ParamTest &T) { return !llvm::is_contained(Other, T); });
}

bool SummaryStore::addEntry(AtomicEntry E) {
  auto &V = Entries[E.USR];
  // One context per kind and constant arguments is enough to report every
  // sleep the function makes in it; keeping a few bounds the store on
  // heavily shared helpers.  Of two alike, the one fewer calls from where
  // the context began: the shorter explanation, and the one a call-depth
  // limit lets through.  One with fewer constants as close or closer makes
  // the other redundant.
  for (AtomicEntry &X : V) {
    if (X.covers(E))
      return false;
    if (E.covers(X)) {
      X = std::move(E);
      // X may now make others of its kind redundant.
      const AtomicEntry *Kept = &X;
      llvm::erase_if(V, [&](const AtomicEntry &Y) { return &Y != Kept && Kept->covers(Y); });
      return true;
    }
  }
  if (V.size() < 4) {
    V.push_back(std::move(E));
    return true;
  }
  // Full: the first of the kind keeps only the constants both agree on (its
  // function is analysed with fewer branches decided, never more).
  for (AtomicEntry &X : V)
    if (X.Kind == E.Kind) {
      bool Changed = X.Args.intersect(E.Args);
      if (X.Relay && !E.Relay) // a real context must not be lost in a relay
        X.Relay = false, Changed = true;
      return Changed;
    }
  return false;
}

void SummaryStore::addFieldStore(const FieldFact &F) {
  auto [It, New] = Fields.try_emplace(F.Field, F);
  if (New)
    return;
  FieldFact &Have = It->second;
  Have.HasUnknown |= F.HasUnknown;
  for (const std::string &Fam : F.Families)
    if (!llvm::is_contained(Have.Families, Fam))
      Have.Families.push_back(Fam);
  llvm::sort(Have.Families);
  if (!Have.Site.valid() && F.Site.valid()) {
    Have.Site = F.Site;
    Have.What = F.What;
  }
}

/// A key that is one name, not layers of types: a global ("@<USR>"), a
/// function type, a chain.
static bool opaqueKey(StringRef Key) {
  return Key.starts_with("@") || Key.starts_with("type:") || Key.starts_with("chain:");
}

StringRef allocflags::innermostLayer(StringRef Key) {
  if (opaqueKey(Key))
    return Key; // one layer, whatever it contains
  size_t Bar = Key.rfind('|');
  return Bar == StringRef::npos ? Key : Key.drop_front(Bar + 1);
}

bool allocflags::pointerKeysMatch(StringRef StoreKey, StringRef CallKey) {
  SmallVector<StringRef, 4> A, B;
  if (opaqueKey(StoreKey) || opaqueKey(CallKey))
    return StoreKey == CallKey;
  StoreKey.split(A, '|');
  CallKey.split(B, '|');
  // From the innermost layer out, as far as both keys know the layers.
  for (size_t I = 1; I <= std::min(A.size(), B.size()); ++I)
    if (A[A.size() - I] != B[B.size() - I])
      return false;
  return true;
}

void SummaryStore::addPointerTarget(PointerTarget T) {
  auto &V = Pointers[innermostLayer(T.Key)];
  if (!llvm::is_contained(V, T))
    V.push_back(std::move(T));
}

std::vector<const PointerTarget *> SummaryStore::pointerTargets(StringRef CallKey, StringRef FunctionType,
                                                                bool *ByType) const {
  std::vector<const PointerTarget *> Out;
  auto Collect = [&](StringRef Key) {
    auto It = Pointers.find(innermostLayer(Key));
    if (It == Pointers.end())
      return;
    for (const PointerTarget &T : It->second)
      if (pointerKeysMatch(T.Key, Key) &&
          llvm::none_of(Out, [&](const PointerTarget *X) { return X->USR == T.USR; }))
        Out.push_back(&T);
  };
  if (ByType)
    *ByType = false;
  if (!CallKey.empty())
    Collect(CallKey);
  if (Out.empty() && !FunctionType.empty()) {
    // Nothing stored under the layers: functions of that type whose address
    // escaped them (cast to void *, kept in an untyped slot) are the last
    // resort.
    Collect(typeKey(FunctionType));
    if (ByType)
      *ByType = !Out.empty();
  }
  return Out;
}

bool SummaryStore::addProvenanceEntry(ProvenanceEntry E) {
  auto &V = ProvEntries[E.USR];
  if (V.size() >= 4 || llvm::is_contained(V, E))
    return false;
  V.push_back(std::move(E));
  return true;
}

ArrayRef<ProvenanceEntry> SummaryStore::provenanceEntriesOf(StringRef USR) const {
  auto It = ProvEntries.find(USR);
  if (It == ProvEntries.end())
    return {};
  return It->second;
}

ArrayRef<AtomicEntry> SummaryStore::entriesOf(StringRef USR) const {
  auto It = Entries.find(USR);
  if (It == Entries.end())
    return {};
  return It->second;
}

void SummaryStore::merge(SummaryStore &&Other) {
  for (auto &E : Other.Functions) {
    auto It = Functions.find(E.getKey());
    if (It == Functions.end() || (!It->second.Definition.valid() && E.getValue().Definition.valid()))
      Functions[E.getKey()] = std::move(E.getValue());
  }
  for (auto &E : Other.Entries)
    for (AtomicEntry &A : E.getValue())
      addEntry(std::move(A));
  for (auto &E : Other.Sources)
    Sources[E.getKey()] = E.getValue();
  for (auto &E : Other.Fields)
    addFieldStore(E.getValue());
  for (auto &E : Other.ProvEntries)
    for (ProvenanceEntry &P : E.getValue())
      addProvenanceEntry(std::move(P));
  for (auto &E : Other.Pointers)
    for (PointerTarget &T : E.getValue())
      addPointerTarget(std::move(T));
}

//===----------------------------------------------------------------------===//
// Resolution
//===----------------------------------------------------------------------===//

/// Recomputes what F learns from its callees' current summaries.
static bool propagate(FunctionSummary &F, const StringMap<FunctionSummary> &All) {
  bool Changed = false;
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
    // Nothing more to learn (a way to sleep without conditions is known).
    if (F.Sleeps && F.SleepsOnlyIf.empty() && F.SleepsIfGfp.size() > 4)
      continue;
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
    std::optional<unsigned> Undecided;
    std::optional<llvm::SmallVector<ParamTest, 1>> Carried =
        carryTests(G.SleepsOnlyIf, [&](unsigned P) { return C.argFacts(P); }, C.Requires, &Undecided);
    if (Carried && G.Sleeps && G.Sleeps->Released.empty() &&
        !(G.Sleeps->OutsideInterruptOnly && C.InInterruptOnly)) {
      SleepEvidence Ev = Evidence("", G.Sleeps->OutsideInterruptOnly);
      Ev.FaultsEnabledOnly = G.Sleeps->FaultsEnabledOnly;
      Ev.Doubt = Undecided ? undecidedParamDoubt(G, *Undecided) : G.Sleeps->Doubt;
      if (Ev.Doubt.empty())
        Ev.Doubt = C.Doubt; // a path or a pointer that may not lead here
      if (C.GuardParam) {
        AddParamSleep(*C.GuardParam, std::move(Ev));
      } else {
        llvm::SmallVector<ParamTest, 1> Tests(C.Requires.begin(), C.Requires.end());
        for (const ParamTest &T : *Carried)
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

std::string allocflags::instantiateWith(StringRef Template, ArrayRef<std::string> Params) {
  std::string Out;
  for (size_t I = 0; I < Template.size();) {
    if (Template[I] != '$') {
      Out += Template[I++];
      continue;
    }
    size_t J = I + 1;
    if (Template.substr(J).starts_with("this")) {
      Out += "this";
      I = J + 4;
      continue;
    }
    unsigned N = 0;
    bool Digits = false;
    while (J < Template.size() && isdigit(static_cast<unsigned char>(Template[J])))
      N = N * 10 + (Template[J++] - '0'), Digits = true;
    if (!Digits || N >= Params.size() || Params[N].empty())
      return "";
    Out += Params[N];
    I = J;
  }
  return Out;
}

std::string allocflags::rebaseLockOverArguments(StringRef Key, ArrayRef<std::string> ArgTexts, bool KeepGlobal) {
  if (Key.empty())
    return "";
  auto Norm = [](StringRef T) {
    std::string R;
    for (char C : T)
      if (!isspace(static_cast<unsigned char>(C)) && C != '(' && C != ')')
        R += C;
    return R;
  };
  std::string K = Norm(Key);
  // The longest argument text the key starts with, followed by a member access.
  int Best = -1;
  size_t BestLen = 0;
  for (unsigned I = 0; I < ArgTexts.size(); ++I) {
    std::string A = Norm(ArgTexts[I]);
    if (A.empty())
      continue;
    for (StringRef Prefix : {"", "&"}) {
      std::string P = Prefix.str() + A;
      if (StringRef(K).starts_with(P) && P.size() > BestLen) {
        StringRef Rest = StringRef(K).drop_front(P.size());
        if (Rest.empty() || Rest.starts_with("->") || Rest.starts_with(".")) {
          Best = I;
          BestLen = P.size();
        }
      }
      // the caller passes &x and the key is &x.y: the callee sees $i->y
      if (A[0] == '&' && StringRef(K).starts_with(A) && A.size() > BestLen) {
        StringRef Rest = StringRef(K).drop_front(A.size());
        if (Rest.starts_with(".")) {
          Best = I;
          BestLen = A.size();
        }
      }
    }
  }
  if (Best < 0)
    return KeepGlobal ? K : "";
  std::string A = Norm(ArgTexts[Best]);
  StringRef Rest = StringRef(K).drop_front(BestLen);
  std::string Param = "$" + std::to_string(Best);
  if (A[0] == '&' && Rest.starts_with("."))
    return "&" + Param + "->" + Rest.drop_front(1).str();
  if (StringRef(K).starts_with("&") && !StringRef(A).starts_with("&"))
    return "&" + Param + Rest.str();
  return Param + Rest.str();
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
        bool Sleeps = G->Sleeps && carryTests(
                                       G->SleepsOnlyIf, [&](unsigned P) { return C.argFacts(P, E.Args); },
                                       C.Requires);
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
          const FunctionSummary *G = Store.lookup(C.CalleeUSR);
          if (!G || !G->Definition.valid() || G == F ||
              llvm::none_of(G->FreesParams, [&](const FreedParam &P) { return P.Param == CalleeParam; }))
            continue;
          ProvenanceEntry N = E;
          N.USR = G->USR;
          N.Param = CalleeParam;
          N.Notes.insert(N.Notes.begin(), {C.Site, "passed on by '" + F->Name + "' here"});
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

void SummaryStore::resolve(unsigned MaxCallDepth, unsigned MaxIndirectTargets) {
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
            Changed |= propagate(*F, Functions);
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

//===----------------------------------------------------------------------===//
// JSON (in the types' namespace, where json::ObjectMapper finds them)
//===----------------------------------------------------------------------===//

namespace allocflags {

json::Value toJSON(const SourcePos &P) { return P.str(); }

bool fromJSON(const json::Value &V, SourcePos &P) {
  auto S = V.getAsString();
  if (!S)
    return false;
  if (S->empty())
    return true;
  // file:line:col, the file may contain ':'
  size_t C2 = S->rfind(':');
  size_t C1 = C2 == StringRef::npos ? StringRef::npos : S->rfind(':', C2 - 1);
  if (C1 == StringRef::npos)
    return false;
  P.File = S->substr(0, C1).str();
  return !S->slice(C1 + 1, C2).getAsInteger(10, P.Line) && !S->substr(C2 + 1).getAsInteger(10, P.Column);
}

json::Value toJSON(const ContextDelta &D) {
  return json::Object{{"kind", D.Kind}, {"key", D.KeyTemplate}, {"opaque", D.Opaque}, {"lo", D.Lo}, {"hi", D.Hi}};
}

bool fromJSON(const json::Value &V, ContextDelta &D, json::Path P) {
  json::ObjectMapper O(V, P);
  int64_t Lo = 0, Hi = 0;
  bool Ok = O && O.map("kind", D.Kind) && O.map("key", D.KeyTemplate) && O.map("opaque", D.Opaque) &&
            O.map("lo", Lo) && O.map("hi", Hi);
  D.Lo = static_cast<int8_t>(Lo);
  D.Hi = static_cast<int8_t>(Hi);
  return Ok;
}

json::Value toJSON(const SleepEvidence &E) {
  json::Array Rel;
  for (const ContextDelta &D : E.Released)
    Rel.push_back(toJSON(D));
  return json::Object{{"site", toJSON(E.Site)}, {"what", E.What}, {"flags", E.Flags}, {"via", E.ViaUSR},
                      {"outside_interrupt_only", E.OutsideInterruptOnly}, {"assumed", E.Assumed},
                      {"doubt", E.Doubt}, {"faults_enabled_only", E.FaultsEnabledOnly}, {"released", std::move(Rel)}};
}

bool fromJSON(const json::Value &V, SleepEvidence &E, json::Path P) {
  json::ObjectMapper O(V, P);
  const json::Value *Site = V.getAsObject() ? V.getAsObject()->get("site") : nullptr;
  if (!O || !Site || !fromJSON(*Site, E.Site)) {
    P.report("bad sleep evidence");
    return false;
  }
  std::vector<ContextDelta> Rel;
  bool Ok = O.map("what", E.What) && O.map("flags", E.Flags) && O.map("via", E.ViaUSR) &&
            O.map("outside_interrupt_only", E.OutsideInterruptOnly) && O.mapOptional("assumed", E.Assumed) &&
            O.mapOptional("doubt", E.Doubt) && O.mapOptional("faults_enabled_only", E.FaultsEnabledOnly) &&
            O.map("released", Rel);
  E.Released.assign(Rel.begin(), Rel.end());
  return Ok;
}

json::Value toJSON(const GfpArgFact &A) {
  switch (A.Kind) {
  case GfpArgFact::KindT::Unknown:
    return json::Object{{"kind", "unknown"}};
  case GfpArgFact::KindT::Constant:
    return json::Object{{"kind", "constant"}, {"blocks", A.Blocks}, {"request", A.Request}, {"restricts", A.Restricts}};
  case GfpArgFact::KindT::Param:
    return json::Object{{"kind", "param"}, {"param", A.Param}, {"forced_on", A.ForcedOn}, {"forced_off", A.ForcedOff}};
  }
  return nullptr;
}

bool fromJSON(const json::Value &V, GfpArgFact &A, json::Path P) {
  json::ObjectMapper O(V, P);
  std::string Kind;
  if (!O || !O.map("kind", Kind))
    return false;
  if (Kind == "unknown")
    A.Kind = GfpArgFact::KindT::Unknown;
  else if (Kind == "constant") {
    A.Kind = GfpArgFact::KindT::Constant;
    return O.map("blocks", A.Blocks) && O.mapOptional("request", A.Request) && O.mapOptional("restricts", A.Restricts);
  } else if (Kind == "param") {
    A.Kind = GfpArgFact::KindT::Param;
    int64_t Param = 0;
    bool Ok = O.map("param", Param) && O.map("forced_on", A.ForcedOn) && O.map("forced_off", A.ForcedOff);
    A.Param = static_cast<unsigned>(Param);
    return Ok && Param >= 0;
  } else {
    P.field("kind").report("unknown gfp argument kind");
    return false;
  }
  return true;
}

/// Reads the optional array \p Field of (parameter index, integer) pairs -
/// constant arguments, bits known set - into \p Out.
template <class Vec>
static bool readParamPairs(const json::Object &Obj, StringRef Field, Vec &Out, json::Path P) {
  using Int = typename Vec::value_type::second_type;
  if (const json::Array *A = Obj.getArray(Field))
    for (const json::Value &X : *A) {
      const json::Array *Pair = X.getAsArray();
      std::optional<int64_t> I = Pair && Pair->size() == 2 ? (*Pair)[0].getAsInteger() : std::nullopt;
      std::optional<int64_t> Val = Pair && Pair->size() == 2 ? (*Pair)[1].getAsInteger() : std::nullopt;
      if (!I || !Val || *I < 0) {
        P.field(Field).report("bad (parameter, value) pair");
        return false;
      }
      Out.push_back({static_cast<unsigned>(*I), static_cast<Int>(*Val)});
    }
  return true;
}

json::Value toJSON(const ParamTest &T) {
  return json::Array{T.Param, static_cast<int>(T.Kind), T.Value, T.Outcome};
}

json::Value toJSON(llvm::ArrayRef<ParamTest> Tests) {
  json::Array A;
  for (const ParamTest &T : Tests)
    A.push_back(toJSON(T));
  return A;
}

bool fromJSON(const json::Value &V, ParamTest &T, json::Path P) {
  const json::Array *A = V.getAsArray();
  std::optional<int64_t> Param, Kind, Value;
  std::optional<bool> Outcome;
  if (A && A->size() == 4) {
    Param = (*A)[0].getAsInteger(), Kind = (*A)[1].getAsInteger(), Value = (*A)[2].getAsInteger();
    Outcome = (*A)[3].getAsBoolean();
  }
  if (!Param || !Kind || !Value || !Outcome || *Param < 0 || *Kind < 0 ||
      *Kind > static_cast<int>(ParamTest::KindT::DerefNonZero)) {
    P.report("bad parameter test");
    return false;
  }
  T.Param = static_cast<unsigned>(*Param);
  T.Kind = static_cast<ParamTest::KindT>(*Kind);
  T.Value = *Value;
  T.Outcome = *Outcome;
  return true;
}

json::Value toJSON(const CallSiteSummary &C) {
  json::Array Args, Texts, Rel;
  for (const auto &[I, A] : C.GfpArgs)
    Args.push_back(json::Array{I, toJSON(A)});
  for (const std::string &T : C.ArgTexts)
    Texts.push_back(T);
  for (const ContextDelta &D : C.Released)
    Rel.push_back(toJSON(D));
  json::Array Consts, ParamArgs;
  for (const auto &[I, V] : C.ConstArgs)
    Consts.push_back(json::Array{I, V});
  for (const auto &[CalleeP, CallerP, Deref] : C.ParamArgs)
    ParamArgs.push_back(json::Array{CalleeP, CallerP, Deref});
  json::Object O{{"usr", C.CalleeUSR}, {"name", C.CalleeName}, {"site", toJSON(C.Site)},
                 {"gfp_args", std::move(Args)}, {"args", std::move(Texts)}, {"released", std::move(Rel)},
                 {"in_interrupt", C.InInterruptOnly}, {"const_args", std::move(Consts)},
                 {"param_args", std::move(ParamArgs)}};
  if (C.GuardParam)
    O["guard_param"] = *C.GuardParam;
  if (!C.Requires.empty())
    O["requires"] = toJSON(C.Requires);
  if (!C.Doubt.empty())
    O["doubt"] = C.Doubt;
  if (C.InFlagsScope)
    O["in_flags_scope"] = true;
  if (!C.Pointer.empty()) {
    O["pointer"] = C.Pointer;
    if (!C.IndirectKey.empty())
      O["indirect_key"] = C.IndirectKey;
    if (!C.IndirectType.empty())
      O["indirect_type"] = C.IndirectType;
    if (C.StoredAt.valid())
      O["stored_at"] = toJSON(C.StoredAt);
  }
  if (!C.ArgOnes.empty()) {
    json::Array Ones;
    for (const auto &[I, Bits] : C.ArgOnes)
      Ones.push_back(json::Array{I, static_cast<int64_t>(Bits)});
    O["arg_ones"] = std::move(Ones);
  }
  return O;
}

bool fromJSON(const json::Value &V, CallSiteSummary &C, json::Path P) {
  json::ObjectMapper O(V, P);
  const json::Object *Obj = V.getAsObject();
  if (!O || !Obj || !Obj->get("site") || !fromJSON(*Obj->get("site"), C.Site)) {
    P.report("bad call site");
    return false;
  }
  std::vector<std::string> Texts;
  std::vector<ContextDelta> Rel;
  std::optional<int64_t> Guard;
  if (!(O.map("usr", C.CalleeUSR) && O.map("name", C.CalleeName) && O.map("args", Texts) &&
        O.map("released", Rel) && O.map("in_interrupt", C.InInterruptOnly) && O.mapOptional("guard_param", Guard) &&
        O.mapOptional("doubt", C.Doubt) && O.mapOptional("in_flags_scope", C.InFlagsScope) &&
        O.mapOptional("pointer", C.Pointer) &&
        O.mapOptional("indirect_key", C.IndirectKey) && O.mapOptional("indirect_type", C.IndirectType)))
    return false;
  if (const json::Value *At = Obj->get("stored_at"); At && !fromJSON(*At, C.StoredAt)) {
    P.field("stored_at").report("bad position");
    return false;
  }
  C.ArgTexts.assign(Texts.begin(), Texts.end());
  C.Released.assign(Rel.begin(), Rel.end());
  if (Guard)
    C.GuardParam = static_cast<unsigned>(*Guard);
  if (!readParamPairs(*Obj, "const_args", C.ConstArgs, P) || !readParamPairs(*Obj, "arg_ones", C.ArgOnes, P))
    return false;
  std::vector<ParamTest> Requires;
  if (!O.mapOptional("requires", Requires))
    return false;
  C.Requires.assign(Requires.begin(), Requires.end());
  if (const json::Array *PA = Obj->getArray("param_args"))
    for (const json::Value &A : *PA) {
      const json::Array *T = A.getAsArray();
      if (!T || T->size() != 3)
        return false;
      std::optional<int64_t> X = (*T)[0].getAsInteger(), Y = (*T)[1].getAsInteger();
      std::optional<bool> D = (*T)[2].getAsBoolean();
      if (!X || !Y || !D || *X < 0 || *Y < 0)
        return false;
      C.ParamArgs.push_back({static_cast<unsigned>(*X), static_cast<unsigned>(*Y), *D});
    }
  const json::Array *Args = Obj->getArray("gfp_args");
  if (!Args)
    return false;
  for (const json::Value &A : *Args) {
    const json::Array *Pair = A.getAsArray();
    GfpArgFact F;
    std::optional<int64_t> I = Pair && Pair->size() == 2 ? (*Pair)[0].getAsInteger() : std::nullopt;
    if (!I || !fromJSON((*Pair)[1], F, P))
      return false;
    C.GfpArgs.push_back({static_cast<unsigned>(*I), F});
  }
  return true;
}

json::Value toJSON(const FunctionSummary &F) {
  json::Array IfGfp, Effects, Expects, Calls;
  for (const GfpParamSleep &G : F.SleepsIfGfp)
    IfGfp.push_back(json::Object{{"param", G.Param}, {"evidence", toJSON(G.Evidence)}});
  for (const ContextDelta &D : F.Effects)
    Effects.push_back(toJSON(D));
  for (const ContextDelta &D : F.ExpectsHeld)
    Expects.push_back(toJSON(D));
  for (const CallSiteSummary &C : F.Calls)
    Calls.push_back(toJSON(C));
  json::Array Params;
  for (const std::string &P : F.Params)
    Params.push_back(P);
  json::Array CallsParams, Frees, RetFams;
  for (unsigned P : F.CallsParams)
    CallsParams.push_back(P);
  for (const FreedParam &P : F.FreesParams) {
    json::Array Acc;
    for (const std::string &A : P.Accepted)
      Acc.push_back(A);
    Frees.push_back(json::Object{{"param", P.Param}, {"deref", P.Deref}, {"free", P.Free},
                                 {"accepted", std::move(Acc)}, {"site", toJSON(P.Site)}});
  }
  for (const std::string &Fam : F.Returns.Families)
    RetFams.push_back(Fam);
  json::Object O{{"usr", F.USR},
                 {"name", F.Name},
                 {"definition", toJSON(F.Definition)},
                 {"params", std::move(Params)},
                 {"calls_params", std::move(CallsParams)},
                 {"frees_params", std::move(Frees)},
                 {"returns", json::Object{{"families", std::move(RetFams)},
                                          {"site", toJSON(F.Returns.Site)},
                                          {"what", F.Returns.What}}},
                 {"sleeps_if_gfp", std::move(IfGfp)},
                 {"effects", std::move(Effects)},
                 {"expects_held", std::move(Expects)},
                 {"calls", std::move(Calls)}};
  if (F.Sleeps)
    O["sleeps"] = toJSON(*F.Sleeps);
  if (!F.SleepsOnlyIf.empty())
    O["sleeps_only_if"] = toJSON(F.SleepsOnlyIf);
  if (F.Flagless)
    O["flagless"] = toJSON(*F.Flagless);
  if (F.TakesGfp)
    O["takes_gfp"] = true;
  return O;
}

bool fromJSON(const json::Value &V, FunctionSummary &F, json::Path P) {
  json::ObjectMapper O(V, P);
  const json::Object *Obj = V.getAsObject();
  if (!O || !Obj || !Obj->get("definition") || !fromJSON(*Obj->get("definition"), F.Definition)) {
    P.report("bad function summary");
    return false;
  }
  std::vector<ContextDelta> Effects, Expects;
  std::vector<ParamTest> OnlyIf;
  if (!(O.map("usr", F.USR) && O.map("name", F.Name) && O.map("params", F.Params) && O.map("effects", Effects) &&
        O.map("expects_held", Expects) && O.map("calls", F.Calls) && O.mapOptional("sleeps_only_if", OnlyIf)))
    return false;
  F.SleepsOnlyIf.assign(OnlyIf.begin(), OnlyIf.end());
  F.Effects.assign(Effects.begin(), Effects.end());
  F.ExpectsHeld.assign(Expects.begin(), Expects.end());
  if (const json::Object *R = Obj->getObject("returns")) {
    json::ObjectMapper RO(*Obj->get("returns"), P.field("returns"));
    const json::Value *Site = R->get("site");
    if (!RO || !RO.map("families", F.Returns.Families) || !RO.map("what", F.Returns.What) || !Site ||
        !fromJSON(*Site, F.Returns.Site))
      return false;
  }
  if (const json::Array *FP = Obj->getArray("frees_params"))
    for (const json::Value &V : *FP) {
      json::ObjectMapper FO(V, P.field("frees_params"));
      FreedParam Q;
      int64_t Param = 0;
      const json::Object *VO = V.getAsObject();
      if (!FO || !VO || !FO.map("param", Param) || Param < 0 || !FO.map("deref", Q.Deref) ||
          !FO.map("free", Q.Free) || !FO.map("accepted", Q.Accepted) || !VO->get("site") ||
          !fromJSON(*VO->get("site"), Q.Site))
        return false;
      Q.Param = static_cast<unsigned>(Param);
      F.FreesParams.push_back(std::move(Q));
    }
  if (const json::Array *CP = Obj->getArray("calls_params"))
    for (const json::Value &V : *CP)
      if (std::optional<int64_t> I = V.getAsInteger(); I && *I >= 0)
        F.CallsParams.push_back(static_cast<unsigned>(*I));
  if (const json::Value *S = Obj->get("sleeps")) {
    SleepEvidence E;
    if (!fromJSON(*S, E, P.field("sleeps")))
      return false;
    F.Sleeps = std::move(E);
  }
  if (const json::Value *S = Obj->get("flagless")) {
    SleepEvidence E;
    if (!fromJSON(*S, E, P.field("flagless")))
      return false;
    F.Flagless = std::move(E);
  }
  if (!O.mapOptional("takes_gfp", F.TakesGfp))
    return false;
  if (const json::Array *G = Obj->getArray("sleeps_if_gfp")) {
    for (const json::Value &X : *G) {
      json::ObjectMapper GO(X, P.field("sleeps_if_gfp"));
      const json::Object *XO = X.getAsObject();
      GfpParamSleep PS;
      int64_t Param = 0;
      if (!GO || !XO || !XO->get("evidence") || !GO.map("param", Param) || Param < 0 ||
          !fromJSON(*XO->get("evidence"), PS.Evidence, P.field("sleeps_if_gfp")))
        return false;
      PS.Param = static_cast<unsigned>(Param);
      F.SleepsIfGfp.push_back(std::move(PS));
    }
  }
  return true;
}

json::Value toJSON(const AtomicEntry &E) {
  json::Array Notes;
  for (const auto &[Pos, Text] : E.Notes)
    Notes.push_back(json::Array{toJSON(Pos), Text});
  json::Array Callbacks;
  for (const auto &[I, U] : E.Callbacks)
    Callbacks.push_back(json::Array{I, U});
  json::Array Values, Ones;
  for (const auto &[I, V] : E.Args.Values)
    Values.push_back(json::Array{I, V});
  for (const auto &[I, B] : E.Args.Ones)
    Ones.push_back(json::Array{I, static_cast<int64_t>(B)});
  json::Array Gfp;
  for (const auto &[I, B] : E.GfpBlocks)
    Gfp.push_back(json::Array{I, B});
  return json::Object{{"usr", E.USR},
                      {"kind", E.Kind},
                      {"key", E.KeyTemplate},
                      {"notes", std::move(Notes)},
                      {"callbacks", std::move(Callbacks)},
                      {"depth", E.Depth},
                      {"values", std::move(Values)},
                      {"ones", std::move(Ones)},
                      {"relay", E.Relay},
                      {"doubt", E.Doubt},
                      {"pointer", E.Pointer},
                      {"gfp_blocks", std::move(Gfp)}};
}

bool fromJSON(const json::Value &V, AtomicEntry &E, json::Path P) {
  json::ObjectMapper O(V, P);
  const json::Object *Obj = V.getAsObject();
  int64_t Depth = 0;
  if (!O || !Obj || !O.map("usr", E.USR) || !O.map("kind", E.Kind) || !O.map("key", E.KeyTemplate) ||
      !O.mapOptional("depth", Depth) || Depth < 0 || !O.mapOptional("doubt", E.Doubt) ||
      !O.mapOptional("pointer", E.Pointer))
    return false;
  if (const json::Array *Gfp = Obj->getArray("gfp_blocks"))
    for (const json::Value &G : *Gfp) {
      const json::Array *Pair = G.getAsArray();
      std::optional<int64_t> I = Pair && Pair->size() == 2 ? (*Pair)[0].getAsInteger() : std::nullopt;
      std::optional<bool> B = Pair && Pair->size() == 2 ? (*Pair)[1].getAsBoolean() : std::nullopt;
      if (!I || !B || *I < 0) {
        P.field("gfp_blocks").report("bad gfp fact");
        return false;
      }
      E.GfpBlocks.push_back({static_cast<unsigned>(*I), *B});
    }
  E.Depth = static_cast<unsigned>(Depth);
  const json::Array *Notes = Obj->getArray("notes");
  if (!Notes)
    return false;
  for (const json::Value &N : *Notes) {
    const json::Array *Pair = N.getAsArray();
    SourcePos Pos;
    std::optional<StringRef> Text = Pair && Pair->size() == 2 ? (*Pair)[1].getAsString() : std::nullopt;
    if (!Text || !fromJSON((*Pair)[0], Pos)) {
      P.field("notes").report("bad note");
      return false;
    }
    E.Notes.push_back({Pos, Text->str()});
  }
  if (const json::Array *CBs = Obj->getArray("callbacks"))
    for (const json::Value &C : *CBs) {
      const json::Array *Pair = C.getAsArray();
      std::optional<int64_t> I = Pair && Pair->size() == 2 ? (*Pair)[0].getAsInteger() : std::nullopt;
      std::optional<StringRef> U = Pair && Pair->size() == 2 ? (*Pair)[1].getAsString() : std::nullopt;
      if (!I || !U || *I < 0) {
        P.field("callbacks").report("bad callback");
        return false;
      }
      E.Callbacks.push_back({static_cast<unsigned>(*I), U->str()});
    }
  if (!readParamPairs(*Obj, "values", E.Args.Values, P) || !readParamPairs(*Obj, "ones", E.Args.Ones, P) ||
      !O.mapOptional("relay", E.Relay))
    return false;
  return true;
}

} // namespace allocflags

Error SummaryStore::writeJSON(StringRef Path) const {
  json::Array Fns, Regs;
  std::vector<const FunctionSummary *> Sorted;
  for (const auto &E : Functions)
    Sorted.push_back(&E.getValue());
  llvm::sort(Sorted, [](const FunctionSummary *A, const FunctionSummary *B) { return A->USR < B->USR; });
  for (const FunctionSummary *F : Sorted)
    Fns.push_back(toJSON(*F));
  std::vector<const AtomicEntry *> SortedEntries;
  for (const auto &E : Entries)
    for (const AtomicEntry &A : E.getValue())
      SortedEntries.push_back(&A);
  llvm::sort(SortedEntries, [](const AtomicEntry *A, const AtomicEntry *B) {
    return std::tie(A->USR, A->Kind, A->KeyTemplate, A->Args) < std::tie(B->USR, B->Kind, B->KeyTemplate, B->Args);
  });
  for (const AtomicEntry *E : SortedEntries)
    Regs.push_back(toJSON(*E));
  json::Object Src, FieldObj;
  for (const auto &E : Sources)
    Src[E.getKey()] = E.getValue();
  for (const auto &E : Fields) {
    const FieldFact &F = E.getValue();
    json::Array Fams;
    for (const std::string &Fam : F.Families)
      Fams.push_back(Fam);
    FieldObj[E.getKey()] = json::Object{{"families", std::move(Fams)}, {"site", toJSON(F.Site)},
                                        {"what", F.What}, {"has_unknown", F.HasUnknown}};
  }
  json::Array Provs;
  std::vector<const ProvenanceEntry *> SortedProvs;
  for (const auto &E : ProvEntries)
    for (const ProvenanceEntry &P : E.getValue())
      SortedProvs.push_back(&P);
  llvm::sort(SortedProvs, [](const ProvenanceEntry *A, const ProvenanceEntry *B) {
    return std::tie(A->USR, A->Param, A->Deref) < std::tie(B->USR, B->Param, B->Deref);
  });
  for (const ProvenanceEntry *P : SortedProvs) {
    json::Array Fams, Notes;
    for (const std::string &Fam : P->Families)
      Fams.push_back(Fam);
    for (const auto &[Pos, Text] : P->Notes)
      Notes.push_back(json::Array{toJSON(Pos), Text});
    Provs.push_back(json::Object{{"usr", P->USR}, {"param", P->Param}, {"deref", P->Deref},
                                 {"families", std::move(Fams)}, {"instance", P->Instance},
                                 {"what", P->What}, {"notes", std::move(Notes)}});
  }
  json::Array Ptrs;
  std::vector<const PointerTarget *> SortedPtrs;
  for (const auto &E : Pointers)
    for (const PointerTarget &T : E.getValue())
      SortedPtrs.push_back(&T);
  llvm::sort(SortedPtrs, [](const PointerTarget *A, const PointerTarget *B) {
    return std::tie(A->Key, A->USR) < std::tie(B->Key, B->USR);
  });
  for (const PointerTarget *T : SortedPtrs)
    Ptrs.push_back(json::Object{{"key", T->Key}, {"usr", T->USR}, {"name", T->Name}, {"site", toJSON(T->Site)}});
  json::Value Doc = json::Object{{"allocflags_summaries", SummarySchemaVersion},
                                 {"model", ModelHash},
                                 {"sources", std::move(Src)},
                                 {"functions", std::move(Fns)},
                                 {"entries", std::move(Regs)},
                                 {"fields", std::move(FieldObj)},
                                 {"provenance", std::move(Provs)},
                                 {"pointers", std::move(Ptrs)}};

  SmallString<256> Tmp(Path);
  Tmp += ".tmp%%%%%%";
  int FD;
  if (std::error_code EC = sys::fs::createUniqueFile(Tmp, FD, Tmp))
    return createStringError(EC, "%s: cannot write the summary store: %s", Path.str().c_str(),
                             EC.message().c_str());
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << formatv("{0:2}", Doc) << "\n";
    if (OS.has_error()) {
      sys::fs::remove(Tmp);
      return createStringError(OS.error(), "%s: cannot write the summary store", Path.str().c_str());
    }
  }
  if (std::error_code EC = sys::fs::rename(Tmp, Path)) {
    sys::fs::remove(Tmp);
    return createStringError(EC, "%s: cannot write the summary store: %s", Path.str().c_str(),
                             EC.message().c_str());
  }
  return Error::success();
}

Expected<SummaryStore> SummaryStore::readJSON(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createStringError(Buf.getError(), "%s: cannot read the summary store: %s", Path.str().c_str(),
                             Buf.getError().message().c_str());
  auto Doc = json::parse((*Buf)->getBuffer());
  if (!Doc)
    return createStringError(inconvertibleErrorCode(), "%s: not a summary store: %s", Path.str().c_str(),
                             toString(Doc.takeError()).c_str());
  const json::Object *Obj = Doc->getAsObject();
  std::optional<int64_t> Schema = Obj ? Obj->getInteger("allocflags_summaries") : std::nullopt;
  if (!Schema)
    return createStringError(inconvertibleErrorCode(), "%s: not an allocflags summary store", Path.str().c_str());
  if (*Schema != SummarySchemaVersion)
    return createStringError(inconvertibleErrorCode(),
                             "%s: summary store schema %lld, this allocflags reads %u; rerun the allocflags "
                             "tool to rewrite it",
                             Path.str().c_str(), static_cast<long long>(*Schema), SummarySchemaVersion);
  SummaryStore S;
  json::Path::Root Root("store");
  json::Path P(Root);
  std::vector<FunctionSummary> Fns;
  std::vector<AtomicEntry> Regs;
  std::map<std::string, std::string> Src;
  json::ObjectMapper O(*Doc, P);
  if (!O.map("model", S.ModelHash) || !O.map("sources", Src) || !O.map("functions", Fns) ||
      !O.map("entries", Regs)) {
    std::string Msg;
    raw_string_ostream OS(Msg);
    OS << toString(Root.getError());
    return createStringError(inconvertibleErrorCode(), "%s: malformed summary store: %s", Path.str().c_str(),
                             Msg.c_str());
  }
  for (auto &[K, V] : Src)
    S.Sources[K] = V;
  for (FunctionSummary &F : Fns)
    S.add(std::move(F));
  if (const json::Object *FieldObj = Doc->getAsObject()->getObject("fields"))
    for (const auto &KV : *FieldObj) {
      FieldFact F;
      F.Field = KV.first.str();
      json::ObjectMapper FO(KV.second, P.field("fields"));
      const json::Object *VO = KV.second.getAsObject();
      if (!FO || !VO || !FO.map("families", F.Families) || !FO.map("what", F.What) ||
          !FO.map("has_unknown", F.HasUnknown) || !VO->get("site") || !fromJSON(*VO->get("site"), F.Site))
        return createStringError(inconvertibleErrorCode(), "%s: malformed summary store: field %s",
                                 Path.str().c_str(), F.Field.c_str());
      S.addFieldStore(F);
    }
  if (const json::Array *Provs = Doc->getAsObject()->getArray("provenance"))
    for (const json::Value &V : *Provs) {
      ProvenanceEntry E;
      json::ObjectMapper PO(V, P.field("provenance"));
      const json::Object *VO = V.getAsObject();
      int64_t Param = 0;
      const json::Array *Notes = VO ? VO->getArray("notes") : nullptr;
      if (!PO || !PO.map("usr", E.USR) || !PO.map("param", Param) || Param < 0 || !PO.map("deref", E.Deref) ||
          !PO.map("families", E.Families) || !PO.map("instance", E.Instance) || !PO.map("what", E.What) || !Notes)
        return createStringError(inconvertibleErrorCode(), "%s: malformed summary store: provenance entry",
                                 Path.str().c_str());
      E.Param = static_cast<unsigned>(Param);
      for (const json::Value &N : *Notes) {
        const json::Array *Pair = N.getAsArray();
        SourcePos Pos;
        std::optional<StringRef> Text = Pair && Pair->size() == 2 ? (*Pair)[1].getAsString() : std::nullopt;
        if (!Text || !fromJSON((*Pair)[0], Pos))
          return createStringError(inconvertibleErrorCode(), "%s: malformed summary store: provenance note",
                                   Path.str().c_str());
        E.Notes.push_back({Pos, Text->str()});
      }
      S.addProvenanceEntry(std::move(E));
    }
  if (const json::Array *Ptrs = Doc->getAsObject()->getArray("pointers"))
    for (const json::Value &V : *Ptrs) {
      PointerTarget T;
      json::ObjectMapper PO(V, P.field("pointers"));
      const json::Object *VO = V.getAsObject();
      if (!PO || !VO || !PO.map("key", T.Key) || !PO.map("usr", T.USR) || !PO.map("name", T.Name) ||
          !VO->get("site") || !fromJSON(*VO->get("site"), T.Site) || T.Key.empty())
        return createStringError(inconvertibleErrorCode(), "%s: malformed summary store: pointer target",
                                 Path.str().c_str());
      S.addPointerTarget(std::move(T));
    }
  for (AtomicEntry &E : Regs)
    S.addEntry(std::move(E));
  return std::move(S);
}
