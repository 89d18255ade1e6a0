//===- ContextState.cpp ---------------------------------------------------===//
#include "allocflags/Analysis/ContextState.h"

#include <algorithm>

using namespace allocflags;

static int8_t clampCount(int V) {
  return static_cast<int8_t>(std::clamp(V, -ContextState::ClampLimit, ContextState::ClampLimit));
}

HeldContext *ContextState::find(ContextKindId Kind, LockKey Key) {
  for (HeldContext &H : Held)
    if (H.Kind == Kind && H.Key == Key)
      return &H;
  return nullptr;
}

void ContextState::normalize() {
  llvm::erase_if(Held, [](const HeldContext &H) { return H.Min == 0 && H.Max == 0; });
  llvm::sort(Held, [](const HeldContext &A, const HeldContext &B) {
    return std::tie(A.Kind, A.Key) < std::tie(B.Kind, B.Key);
  });
}

void ContextState::adjust(ContextKindId Kind, LockKey Key, int Lo, int Hi, uint32_t Origin,
                          bool FallbackRelease) {
  HeldContext *H = find(Kind, Key);
  bool Lowering = Hi <= 0 && Lo < 0;
  // The same lock held as another kind: a lock assertion on an rwlock_t
  // (__must_hold, lockdep_assert_held) cannot tell read from write mode, so
  // read_unlock() of a lock asserted "held" releases it.  A lock has one
  // type, so one key never names two real contexts.
  if ((!H || H->Max <= 0) && Lowering && FallbackRelease && Key != NoKey)
    for (HeldContext &C : Held)
      if (C.Key == Key && C.Kind != Kind && C.Max > 0) {
        Kind = C.Kind;
        H = &C;
        break;
      }
  if ((!H || H->Max <= 0) && Lowering && FallbackRelease) {
    HeldContext *Recent = nullptr;
    for (HeldContext &C : Held)
      if (C.Kind == Kind && C.Max > 0 && (!Recent || C.Origin > Recent->Origin))
        Recent = &C;
    if (Recent)
      H = Recent;
  }
  if (!H) {
    Held.push_back({Kind, Key, 0, 0, Origin});
    H = &Held.back();
  }
  if (!Lowering && H->Max <= 0)
    H->Origin = Origin; // newly entered here
  H->Min = clampCount(H->Min + Lo);
  H->Max = clampCount(H->Max + Hi);
  normalize();
}

bool ContextState::join(const ContextState &O) {
  ContextState R;
  size_t I = 0, J = 0;
  auto Less = [](const HeldContext &A, const HeldContext &B) {
    return std::tie(A.Kind, A.Key) < std::tie(B.Kind, B.Key);
  };
  while (I < Held.size() || J < O.Held.size()) {
    if (J == O.Held.size() || (I < Held.size() && Less(Held[I], O.Held[J]))) {
      HeldContext H = Held[I++];
      H.Min = std::min<int8_t>(H.Min, 0);
      H.Max = std::max<int8_t>(H.Max, 0);
      R.Held.push_back(H);
    } else if (I == Held.size() || Less(O.Held[J], Held[I])) {
      HeldContext H = O.Held[J++];
      H.Min = std::min<int8_t>(H.Min, 0);
      H.Max = std::max<int8_t>(H.Max, 0);
      R.Held.push_back(H);
    } else {
      HeldContext H = Held[I++];
      const HeldContext &B = O.Held[J++];
      H.Min = std::min(H.Min, B.Min);
      H.Max = std::max(H.Max, B.Max);
      H.Origin = std::min(H.Origin, B.Origin);
      R.Held.push_back(H);
    }
  }
  R.normalize();
  // Values and pending trylocks survive a join only where both sides agree.
  for (const auto &V : Values)
    if (O.value(V.first) == V.second)
      R.Values.push_back(V);
  for (const auto &P : Pending)
    if (O.pending(P.first) == P.second)
      R.Pending.push_back(P);
  for (const auto &G : ParamGuards)
    if (O.paramBlocks(G.first) == G.second)
      R.ParamGuards.push_back(G);
  for (const ParamTest &T : ParamTests)
    if (llvm::is_contained(O.ParamTests, T))
      R.ParamTests.push_back(T);
  // A local zero whenever a test holds stays so where the other side says
  // the same, or took the test's other way (there it holds vacuously): the
  // back edge of `for (;;) { if (!timeo) goto fail; timeo = wait(timeo); }`
  // comes only from where noblock was 0.
  auto Excludes = [](const ContextState &S, const ParamTest &T) {
    return llvm::any_of(S.ParamTests, [&](const ParamTest &X) {
      return X.Param == T.Param && X.Kind == T.Kind && X.Value == T.Value && X.Outcome != T.Outcome;
    });
  };
  for (const auto &[V, T] : ZeroWhen)
    if (const ParamTest *OT = O.zeroWhen(V); OT ? *OT == T : Excludes(O, T))
      R.ZeroWhen.push_back({V, T});
  for (const auto &[V, T] : O.ZeroWhen)
    if (!zeroWhen(V) && Excludes(*this, T))
      R.ZeroWhen.push_back({V, T});
  R.TestedNotAtomic = TestedNotAtomic && O.TestedNotAtomic;
  // Provenance is a may-fact: the families of every path that has one (a
  // path where nothing is known adds nothing; a null pointer adds nothing).
  R.Prov = Prov;
  for (const auto &[K, P] : O.Prov) {
    auto It = llvm::find_if(R.Prov, [&](const auto &X) { return X.first == K; });
    if (It == R.Prov.end())
      R.Prov.push_back({K, P});
    else
      It->second = Provenance::either(It->second, P);
  }
  bool Changed = !(R == *this);
  *this = std::move(R);
  return Changed;
}

/// Held on every path (must) or on some path (may).
static bool heldUnder(const HeldContext &H, JoinRuleKind Rule) {
  return Rule == JoinRuleKind::Must ? H.Min > 0 : H.Max > 0;
}

bool ContextState::isAtomic(const Model &M, JoinRuleKind Rule) const {
  return llvm::any_of(Held, [&](const HeldContext &H) { return M.kind(H.Kind).Atomic && heldUnder(H, Rule); });
}

bool ContextState::mayBeInInterrupt(const Model &M) const {
  for (const HeldContext &H : Held)
    if (M.kind(H.Kind).Interrupt && H.Max > 0)
      return true;
  return false;
}

bool ContextState::mayHaveFaultsDisabled(const Model &M) const {
  return llvm::any_of(Held, [&](const HeldContext &H) { return M.kind(H.Kind).NoFaults && H.Max > 0; });
}

bool ContextState::mayBeInFlagsScope(const Model &M) const {
  return llvm::any_of(Held, [&](const HeldContext &H) { return M.kind(H.Kind).FlagsScope && H.Max > 0; });
}

llvm::StringRef ContextState::pathDoubt(const Model &M) const {
  for (const HeldContext &H : Held)
    if (H.Min > 0 && !M.kind(H.Kind).Doubt.empty())
      return M.kind(H.Kind).Doubt;
  return "";
}

llvm::SmallVector<HeldContext, 4> ContextState::atomicContexts(const Model &M, JoinRuleKind Rule) const {
  llvm::SmallVector<HeldContext, 4> R;
  for (const HeldContext &H : Held)
    if (M.kind(H.Kind).Atomic && heldUnder(H, Rule))
      R.push_back(H);
  llvm::stable_sort(R, [](const HeldContext &A, const HeldContext &B) { return A.Origin < B.Origin; });
  return R;
}

void ContextState::setValue(const clang::VarDecl *V, FlagsValue Value) {
  llvm::erase_if(Values, [&](const auto &P) { return P.first == V; });
  if (Value.known())
    Values.push_back({V, Value});
}

FlagsValue ContextState::value(const clang::VarDecl *V) const {
  for (const auto &P : Values)
    if (P.first == V)
      return P.second;
  return FlagsValue();
}

Provenance Provenance::either(const Provenance &A, const Provenance &B) {
  if (!A.known() && !A.Null)
    return B;
  if (!B.known() && !B.Null)
    return A;
  Provenance R;
  R.Families = A.Families | B.Families;
  R.Site = std::min(A.known() ? A.Site : UINT32_MAX, B.known() ? B.Site : UINT32_MAX);
  R.Instance = A.Instance == B.Instance ? A.Instance : 0;
  R.Null = A.Null && B.Null;
  R.FromField = A.FromField || B.FromField;
  return R;
}

void ContextState::setProvenance(uint32_t Key, Provenance P) {
  llvm::erase_if(Prov, [&](const auto &X) { return X.first == Key; });
  if (P.known() || P.Null)
    Prov.push_back({Key, P});
}

Provenance ContextState::provenance(uint32_t Key) const {
  for (const auto &X : Prov)
    if (X.first == Key)
      return X.second;
  return Provenance();
}

void ContextState::setParamBlocks(unsigned Param, bool Blocks) {
  llvm::erase_if(ParamGuards, [&](const auto &G) { return G.first == Param; });
  ParamGuards.push_back({static_cast<uint16_t>(Param), Blocks});
}

std::optional<bool> ContextState::paramBlocks(unsigned Param) const {
  for (const auto &G : ParamGuards)
    if (G.first == Param)
      return G.second;
  return std::nullopt;
}

void ContextState::addParamTest(const ParamTest &T) {
  // A few are enough: guards of a call are rarely more than one or two
  // levels of `if`, and the state is compared at every join.
  if (llvm::is_contained(ParamTests, T) || ParamTests.size() >= 4)
    return;
  ParamTests.push_back(T);
}

void ContextState::setZeroWhen(const clang::VarDecl *V, std::optional<ParamTest> T) {
  llvm::erase_if(ZeroWhen, [&](const auto &Z) { return Z.first == V; });
  if (T)
    ZeroWhen.push_back({V, *T});
}

const ParamTest *ContextState::zeroWhen(const clang::VarDecl *V) const {
  for (const auto &Z : ZeroWhen)
    if (Z.first == V)
      return &Z.second;
  return nullptr;
}

void ContextState::setPending(const clang::VarDecl *V, std::optional<uint32_t> OpIndex) {
  llvm::erase_if(Pending, [&](const auto &P) { return P.first == V; });
  if (OpIndex)
    Pending.push_back({V, *OpIndex});
}

std::optional<uint32_t> ContextState::pending(const clang::VarDecl *V) const {
  for (const auto &P : Pending)
    if (P.first == V)
      return P.second;
  return std::nullopt;
}

bool ContextState::operator==(const ContextState &O) const {
  auto SameHeld = [](const HeldContext &A, const HeldContext &B) {
    return A.Kind == B.Kind && A.Key == B.Key && A.Min == B.Min && A.Max == B.Max &&
           A.Origin == B.Origin;
  };
  if (Held.size() != O.Held.size() || Values.size() != O.Values.size() ||
      Pending.size() != O.Pending.size() || ParamGuards.size() != O.ParamGuards.size() ||
      ParamTests.size() != O.ParamTests.size() || ZeroWhen.size() != O.ZeroWhen.size() ||
      Prov.size() != O.Prov.size() || TestedNotAtomic != O.TestedNotAtomic)
    return false;
  for (const auto &[V, T] : ZeroWhen)
    if (const ParamTest *OT = O.zeroWhen(V); !OT || !(*OT == T))
      return false;
  for (const auto &X : Prov)
    if (!(O.provenance(X.first) == X.second))
      return false;
  for (size_t I = 0; I < Held.size(); ++I)
    if (!SameHeld(Held[I], O.Held[I]))
      return false;
  for (const auto &V : Values)
    if (O.value(V.first) != V.second)
      return false;
  for (const auto &P : Pending)
    if (O.pending(P.first) != P.second)
      return false;
  for (const auto &G : ParamGuards)
    if (O.paramBlocks(G.first) != G.second)
      return false;
  for (const ParamTest &T : ParamTests)
    if (!llvm::is_contained(O.ParamTests, T))
      return false;
  return true;
}
