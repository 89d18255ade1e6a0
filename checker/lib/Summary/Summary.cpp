//===- Summary.cpp - summaries and the store: add, merge, look up ---------===//
//
// What one function's summary holds and how stores combine: a TU's store is
// merged into the whole program's in path order, keeping a few entry
// contexts per function (SummaryResolve.cpp propagates them; SummaryJSON.cpp
// reads and writes them).
//
//===----------------------------------------------------------------------===//
#include "allocflags/Summary/Summary.h"
#include "allocflags/Analysis/Budget.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
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

std::string allocflags::contentDigest(StringRef Bytes) {
  XXH128_hash_t H = xxh3_128bits(arrayRefFromStringRef(Bytes));
  return llvm::utohexstr(H.high64, /*LowerCase=*/true, 16) + llvm::utohexstr(H.low64, /*LowerCase=*/true, 16);
}

// The questions this thread is noting (the innermost StoreReads alive).
static thread_local StoreReads *Recording = nullptr;

StoreReads::StoreReads(const SummaryStore &Of) : Of(&Of), Outer(Recording) { Recording = this; }

StoreReads::~StoreReads() { Recording = Outer; }

void StoreReads::note(const SummaryStore *Store, char Kind, StringRef Key) {
  if (LLVM_LIKELY(!Recording) || Recording->Of != Store)
    return;
  SmallString<128> Q;
  Q += Kind;
  Q += Key;
  Recording->Asked.insert(Q);
}

std::vector<std::string> StoreReads::questions() const {
  std::vector<std::string> Out;
  for (const auto &Q : Asked)
    Out.push_back(Q.getKey().str());
  llvm::sort(Out);
  return Out;
}

const FunctionSummary *SummaryStore::lookup(StringRef USR) const {
  StoreReads::note(this, 'f', USR);
  auto It = Functions.find(USR);
  return It == Functions.end() ? nullptr : &It->second;
}

bool SummaryStore::knowsSource(StringRef File) const {
  StoreReads::note(this, 's', File);
  return Sources.count(File) != 0;
}

const FieldFact *SummaryStore::fieldFact(StringRef Field) const {
  StoreReads::note(this, 'd', Field);
  auto It = Fields.find(Field);
  return It == Fields.end() ? nullptr : &It->second;
}

std::optional<NonBlockingCall> SummaryStore::nonBlockingCall(StringRef USR, unsigned Param, bool OrRestricted) const {
  StoreReads::note(this, 'n', (USR + "\t" + Twine(Param) + "\t" + Twine(OrRestricted ? 1 : 0)).str());
  return findNonBlockingCall(
      [&](function_ref<void(const FunctionSummary &)> Visit) {
        for (const auto &E : Functions)
          Visit(E.getValue());
      },
      USR, Param, OrRestricted);
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

std::optional<int64_t> KnownArgs::field(unsigned Param, StringRef Field) const {
  for (const FieldValue &F : Fields)
    if (F.Param == Param && F.Field == Field)
      return F.Value;
  return std::nullopt;
}

void KnownArgs::dropFrom(unsigned NumParams) {
  llvm::erase_if(Values, [&](const auto &P) { return P.first >= NumParams; });
  llvm::erase_if(Ones, [&](const auto &P) { return P.first >= NumParams; });
  llvm::erase_if(Fields, [&](const FieldValue &F) { return F.Param >= NumParams; });
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
         llvm::all_of(Ones, [&](const auto &P) { return llvm::is_contained(O.Ones, P); }) &&
         llvm::all_of(Fields, [&](const FieldValue &F) { return llvm::is_contained(O.Fields, F); });
}

bool KnownArgs::intersect(const KnownArgs &O) {
  size_t Before = Values.size() + Ones.size() + Fields.size();
  llvm::erase_if(Values, [&](const auto &P) { return !llvm::is_contained(O.Values, P); });
  llvm::erase_if(Ones, [&](const auto &P) { return !llvm::is_contained(O.Ones, P); });
  llvm::erase_if(Fields, [&](const FieldValue &F) { return !llvm::is_contained(O.Fields, F); });
  return Values.size() + Ones.size() + Fields.size() != Before;
}

void KnownArgs::sort() {
  llvm::sort(Values);
  llvm::sort(Ones);
  llvm::sort(Fields);
  Fields.erase(std::unique(Fields.begin(), Fields.end()), Fields.end());
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

std::string allocflags::openParamTestDoubt(StringRef Fn, StringRef Param) {
  return ("'" + Fn + "' goes on only for some values of '" + Param +
          "', which the calls from where the context began do not decide")
      .str();
}

bool allocflags::addSleepWay(FunctionSummary &F, const SleepEvidence &Evidence, ArrayRef<ParamTest> Tests) {
  if (F.WaysLost)
    return false;
  // A way without tests: every call sleeps, which Sleeps says on its own.
  if (Tests.empty() || (F.Ways.size() >= MaxSleepWays &&
                        llvm::none_of(F.Ways, [&](const SleepWay &W) { return ArrayRef(W.Tests) == Tests; }))) {
    F.Ways.clear();
    F.WaysLost = true;
    return true;
  }
  for (SleepWay &W : F.Ways)
    if (ArrayRef(W.Tests) == Tests) {
      // A way without doubt is better evidence than a doubtful one.
      if (W.Evidence.Doubt.empty() || !Evidence.Doubt.empty())
        return false;
      W.Evidence = Evidence;
      return true;
    }
  F.Ways.push_back({Evidence, llvm::SmallVector<ParamTest, 1>(Tests.begin(), Tests.end())});
  return true;
}

std::optional<CallWay> allocflags::sleepWayAt(const FunctionSummary &G, function_ref<ArgFacts(unsigned)> Arg,
                                              ArrayRef<ParamTest> OnPath) {
  if (!G.Sleeps)
    return std::nullopt;
  auto Try = [&](const SleepEvidence &Ev, ArrayRef<ParamTest> Tests) -> std::optional<CallWay> {
    CallWay W;
    W.Evidence = &Ev;
    std::optional<llvm::SmallVector<ParamTest, 1>> Carried = carryTests(Tests, Arg, OnPath, &W.Undecided);
    if (!Carried)
      return std::nullopt;
    W.Tests = std::move(*Carried);
    return W;
  };
  if (G.Ways.empty())
    return Try(*G.Sleeps, G.SleepsOnlyIf);
  std::optional<CallWay> Open;
  for (const SleepWay &W : G.Ways)
    if (std::optional<CallWay> C = Try(W.Evidence, W.Tests)) {
      if (!C->Undecided)
        return C;
      if (!Open)
        Open = std::move(C);
    }
  return Open;
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
  for (const auto &[CalleeParam, CallerParam, Field] : FieldArgs)
    if (CalleeParam == P && !A.Value)
      A.Value = Caller.field(CallerParam, Field);
  for (const auto &[CalleeParam, CallerParam, Mask] : MaskArgs)
    if (CalleeParam == P && !A.Value)
      if (std::optional<int64_t> V = Caller.value(CallerParam))
        A.Value = *V & Mask;
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
  for (const auto &[CalleeParam, CallerParam, Field] : FieldArgs)
    Params.push_back(CalleeParam);
  for (const auto &[CalleeParam, CallerParam, Mask] : MaskArgs)
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
  // What a local struct passed by address holds, and what the caller knew
  // of a pointer it passes on and does not change.
  R.Fields = ArgFields;
  for (const auto &[CalleeParam, CallerParam, Changed] : PointerArgs)
    for (const FieldValue &F : Caller.Fields)
      if (F.Param == CallerParam && !llvm::is_contained(Changed, F.Field))
        R.Fields.push_back({CalleeParam, F.Field, F.Value});
  R.sort();
  return R;
}

/// The values a test admits as a OneOf mask, when it asks for a small value.
static std::optional<uint64_t> smallValues(const ParamTest &T) {
  if (!T.Outcome)
    return std::nullopt;
  if (T.Kind == ParamTest::KindT::Equals && T.Value >= 0 && T.Value < 64)
    return uint64_t(1) << T.Value;
  if (T.Kind == ParamTest::KindT::OneOf)
    return static_cast<uint64_t>(T.Value);
  return std::nullopt;
}

void allocflags::intersectTests(llvm::SmallVectorImpl<ParamTest> &Have, ArrayRef<ParamTest> Other) {
  llvm::SmallVector<ParamTest, 1> Kept;
  for (const ParamTest &T : Have) {
    if (llvm::is_contained(Other, T)) {
      Kept.push_back(T);
      continue;
    }
    std::optional<uint64_t> Mine = smallValues(T);
    for (const ParamTest &X : Other)
      if (std::optional<uint64_t> Theirs = smallValues(X); Mine && Theirs && X.Param == T.Param) {
        Kept.push_back({ParamTest::KindT::OneOf, T.Param, static_cast<int64_t>(*Mine | *Theirs), true});
        break;
      }
  }
  Have = std::move(Kept);
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
  if (V.size() < MaxEntriesPerFunction) {
    V.push_back(std::move(E));
    return true;
  }
  // Full: the first of the kind keeps only the constants both agree on (its
  // function is analysed with fewer branches decided, never more), and is
  // doubtful from then on.
  for (AtomicEntry &X : V)
    if (X.Kind == E.Kind) {
      bool Changed = X.Args.intersect(E.Args);
      if (Changed && X.Doubt.empty())
        X.Doubt = MergedEntryDoubt;
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
  StoreReads::note(this, 't', (CallKey + "\t" + FunctionType).str());
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
  StoreReads::note(this, 'v', USR);
  auto It = ProvEntries.find(USR);
  if (It == ProvEntries.end())
    return {};
  return It->second;
}

ArrayRef<AtomicEntry> SummaryStore::entriesOf(StringRef USR) const {
  StoreReads::note(this, 'e', USR);
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
