//===- ContextConditions.cpp - parameters, flags and conditions ----------===//
//
// What the context walk (ContextAnalysis.cpp) asks of an expression: the
// parameter it is and the tests made of it, the gfp flags it evaluates to,
// whether a condition is decided; and how a state reads relative to the
// entry (deltas, released contexts, notes).
//
//===----------------------------------------------------------------------===//
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/Summaries.h"
#include "allocflags/Analysis/LocalDefinitions.h"
#include "allocflags/Analysis/MacroEval.h"
#include "allocflags/Analysis/MacroIndex.h"
#include "allocflags/Analysis/TUContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtVisitor.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/StringExtras.h"
#include <set>

using namespace clang;
using namespace allocflags;

std::optional<unsigned> ContextAnalysis::paramIndex(const Expr *E) const {
  if (!E)
    return std::nullopt;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()))
    if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl()))
      if (P->getDeclContext() == FD)
        return P->getFunctionScopeIndex();
  return std::nullopt;
}

std::optional<ParamTest> ContextAnalysis::paramTest(const Expr *Cond) const {
  if (!Cond)
    return std::nullopt;
  // An integer parameter other than gfp flags (those have their own guards).
  auto Param = [&](const Expr *E) -> std::optional<unsigned> {
    std::optional<unsigned> I = paramIndex(E);
    if (!I)
      return std::nullopt;
    QualType T = FD->getParamDecl(*I)->getType();
    if (!T->isIntegralOrEnumerationType() || TU.isGfpType(T))
      return std::nullopt;
    return I;
  };
  auto Constant = [&](const Expr *E) -> std::optional<int64_t> {
    Expr::EvalResult R;
    if (E->isValueDependent() || !E->EvaluateAsInt(R, TU.ast()))
      return std::nullopt;
    return R.Val.getInt().getExtValue();
  };
  // What a pointer parameter points to, when that is an integer the caller
  // owns: `*timeo` (ParamTest::DerefNonZero).
  auto Pointee = [&](const Expr *E) -> std::optional<unsigned> {
    const auto *U = dyn_cast<UnaryOperator>(E->IgnoreParenImpCasts());
    if (!U || U->getOpcode() != UO_Deref)
      return std::nullopt;
    std::optional<unsigned> I = paramIndex(U->getSubExpr());
    if (!I)
      return std::nullopt;
    QualType T = FD->getParamDecl(*I)->getType();
    if (!T->isPointerType() || !T->getPointeeType()->isIntegralOrEnumerationType() ||
        TU.isGfpType(T->getPointeeType()))
      return std::nullopt;
    return I;
  };
  ParamTest T;
  if (std::optional<unsigned> P = Param(Cond)) {
    T.Param = *P;
    return T;
  }
  if (std::optional<unsigned> P = Pointee(Cond)) {
    T.Param = *P;
    T.Kind = ParamTest::KindT::DerefNonZero;
    return T;
  }
  // A pointer parameter tested against null (`if (head)`): only ever this
  // test, so a "bit known set" for it just means "not null".
  if (std::optional<unsigned> P = paramIndex(Cond); P && FD->getParamDecl(*P)->getType()->isPointerType()) {
    T.Param = *P;
    return T;
  }
  const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParenImpCasts());
  if (!BO || (BO->getOpcode() != BO_And && !BO->isEqualityOp()))
    return std::nullopt;
  for (auto [X, Y] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}}) {
    if (std::optional<unsigned> P = Pointee(X); P && BO->isEqualityOp() && Constant(Y) == 0) {
      T.Param = *P;
      T.Kind = ParamTest::KindT::DerefNonZero;
      T.Outcome = BO->getOpcode() == BO_NE;
      return T;
    }
    std::optional<unsigned> P = Param(X);
    std::optional<int64_t> C = P ? Constant(Y) : std::nullopt;
    if (!C)
      continue;
    T.Param = *P;
    T.Value = *C;
    T.Kind = BO->getOpcode() == BO_And ? ParamTest::KindT::AnyBits : ParamTest::KindT::Equals;
    T.Outcome = BO->getOpcode() != BO_NE;
    return T;
  }
  return std::nullopt;
}

/// Bits set in \p E whatever its unknown parts hold: `x | F_NB`, a statement
/// expression ending in one (MAKE_SEND_FLAGS), both arms of a `?:`.
static uint64_t knownOnes(const Expr *E, const ASTContext &Ctx, unsigned Depth = 0) {
  if (!E || Depth > 8 || E->isValueDependent())
    return 0;
  if (Expr::EvalResult R; E->EvaluateAsInt(R, Ctx))
    return R.Val.getInt().getZExtValue();
  E = E->IgnoreParenCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->getOpcode() == BO_Or)
    return knownOnes(BO->getLHS(), Ctx, Depth + 1) | knownOnes(BO->getRHS(), Ctx, Depth + 1);
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    return knownOnes(CO->getTrueExpr(), Ctx, Depth + 1) & knownOnes(CO->getFalseExpr(), Ctx, Depth + 1);
  if (const auto *SE = dyn_cast<StmtExpr>(E))
    if (const CompoundStmt *CS = SE->getSubStmt(); CS && !CS->body_empty())
      if (const auto *Last = dyn_cast<Expr>(CS->body_back()))
        return knownOnes(Last, Ctx, Depth + 1);
  return 0;
}

const FieldWrites &ContextAnalysis::fieldWrites() const {
  if (!Writes)
    Writes = std::make_unique<FieldWrites>(collectFieldWrites(FD->getBody()));
  return *Writes;
}

static bool isScalarField(const FieldDecl *F) {
  QualType T = F->getType();
  return !F->getName().empty() && (T->isIntegralOrEnumerationType() || T->isPointerType());
}

std::optional<std::pair<unsigned, std::string>> ContextAnalysis::paramField(const Expr *E) const {
  const auto *ME = dyn_cast_or_null<MemberExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  if (!ME || !ME->isArrow())
    return std::nullopt;
  std::optional<unsigned> P = paramIndex(ME->getBase());
  const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!P || !F || !isScalarField(F) || fieldWrites().mayChange(FD->getParamDecl(*P), F->getName()))
    return std::nullopt;
  return std::make_pair(*P, F->getName().str());
}

std::optional<std::pair<unsigned, std::vector<std::string>>>
ContextAnalysis::passedPointer(const Expr *Arg) const {
  std::optional<unsigned> P = paramIndex(Arg);
  if (!P || !FD->getParamDecl(*P)->getType()->isPointerType())
    return std::nullopt;
  const FieldWrites &W = fieldWrites();
  const ParmVarDecl *PD = FD->getParamDecl(*P);
  if (W.Whole.count(PD))
    return std::nullopt;
  std::vector<std::string> Changed;
  if (auto It = W.Fields.find(PD); It != W.Fields.end())
    for (const auto &F : It->second)
      Changed.push_back(F.getKey().str());
  llvm::sort(Changed);
  return std::make_pair(*P, std::move(Changed));
}

std::vector<FieldValue> ContextAnalysis::pointeeFields(const Expr *Arg, unsigned AsParam) const {
  std::vector<FieldValue> Out = localFields(Arg, AsParam);
  if (auto Passed = passedPointer(Arg))
    for (const FieldValue &F : Entry.Args.Fields)
      if (F.Param == Passed->first && !llvm::is_contained(Passed->second, F.Field))
        Out.push_back({AsParam, F.Field, F.Value});
  return Out;
}

std::vector<FieldValue> ContextAnalysis::localFields(const Expr *Arg, unsigned AsParam) const {
  // Enough for a configuration struct; past it, the rest stays unknown.
  constexpr size_t MaxFields = 32;
  std::vector<FieldValue> Out;
  const auto *U = dyn_cast_or_null<UnaryOperator>(Arg ? Arg->IgnoreParenCasts() : nullptr);
  if (!U || U->getOpcode() != UO_AddrOf || TU.langOpts().CPlusPlus)
    return Out;
  const auto *DRE = dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParens());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD))
    return Out;
  const RecordDecl *RD = VD->getType()->getAsRecordDecl();
  const auto *Init = dyn_cast_or_null<InitListExpr>(VD->getInit());
  const FieldWrites &W = fieldWrites();
  if (!RD || RD->isUnion() || !Init || W.Whole.count(VD) || W.AddressTaken.lookup(VD) != 1)
    return Out;
  unsigned I = 0;
  for (const FieldDecl *F : RD->fields()) {
    const Expr *E = I < Init->getNumInits() ? Init->getInit(I) : nullptr;
    ++I;
    if (!E || !isScalarField(F) || W.mayChange(VD, F->getName()))
      continue;
    std::optional<int64_t> V;
    if (isa<ImplicitValueInitExpr>(E))
      V = 0; // not named in the initialiser
    else if (Expr::EvalResult R; !E->isValueDependent() && E->EvaluateAsInt(R, TU.ast()))
      V = R.Val.getInt().getExtValue();
    else if (F->getType()->isPointerType() && E->isNullPointerConstant(TU.ast(), Expr::NPC_ValueDependentIsNotNull))
      V = 0;
    if (V)
      Out.push_back({AsParam, F->getName().str(), *V});
    if (Out.size() >= MaxFields)
      break;
  }
  return Out;
}

std::optional<std::pair<unsigned, int64_t>> ContextAnalysis::maskedParam(const Expr *E) const {
  const auto *BO = dyn_cast_or_null<BinaryOperator>(E ? E->IgnoreParenImpCasts() : nullptr);
  if (!BO || BO->getOpcode() != BO_And)
    return std::nullopt;
  for (auto [X, Y] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}}) {
    std::optional<unsigned> P = paramIndex(X);
    Expr::EvalResult R;
    if (!P || !FD->getParamDecl(*P)->getType()->isIntegralOrEnumerationType() ||
        TU.isGfpType(FD->getParamDecl(*P)->getType()) || Y->isValueDependent() || !Y->EvaluateAsInt(R, TU.ast()))
      continue;
    return std::make_pair(*P, R.Val.getInt().getExtValue());
  }
  return std::nullopt;
}

ArgFacts ContextAnalysis::argFacts(const Expr *E) const {
  ArgFacts A;
  if (!E || E->isValueDependent())
    return A;
  if (Expr::EvalResult R; E->EvaluateAsInt(R, TU.ast())) {
    A.Value = R.Val.getInt().getExtValue();
    return A;
  }
  // `cfg->fc_mx`, which our caller left at a constant.
  if (auto PF = paramField(E))
    if ((A.Value = Entry.Args.field(PF->first, PF->second)))
      return A;
  if (E->getType()->isPointerType()) {
    // Null, or an address that cannot be null (&x, an array, a string).
    const Expr *X = E->IgnoreParenCasts();
    if (E->isNullPointerConstant(TU.ast(), Expr::NPC_ValueDependentIsNotNull))
      A.Value = 0;
    else if (const auto *U = dyn_cast<UnaryOperator>(X); (U && U->getOpcode() == UO_AddrOf) ||
                                                         isa<StringLiteral>(X) || X->getType()->isArrayType())
      A.KnownOnes = 1;
    else if (std::optional<unsigned> P = paramIndex(E); P && FD->getParamDecl(*P)->getType()->isPointerType())
      A.CallerParam = P, A.Value = Entry.Args.value(*P), A.KnownOnes = Entry.Args.ones(*P);
    return A;
  }
  A.Value = paramValue(E);
  if (auto M = maskedParam(E); M && !A.Value)
    if (std::optional<int64_t> V = Entry.Args.value(M->first))
      A.Value = *V & M->second; // flags & MSG_DONTWAIT, flags known
  A.KnownOnes = knownOnes(E, TU.ast());
  if (std::optional<unsigned> P = paramIndex(E))
    A.KnownOnes |= Entry.Args.ones(*P); // what our caller told us, passed on
  if (std::optional<ParamTest> T = paramTest(E); T && T->Kind == ParamTest::KindT::NonZero)
    A.CallerParam = T->Param; // a plain integer parameter of ours
  return A;
}

std::optional<int64_t> ContextAnalysis::paramValue(const Expr *E) const {
  std::optional<unsigned> P = paramIndex(E);
  if (!P)
    return std::nullopt;
  return Entry.Args.value(*P);
}


//===----------------------------------------------------------------------===//
// Flags and conditions
//===----------------------------------------------------------------------===//

FlagsValue ContextAnalysis::evaluateFlags(const Expr *E, const ContextState &S) const {
  return evaluateFlagsImpl(E, S, 0);
}

FlagsValue ContextAnalysis::evaluateFlagsImpl(const Expr *E, const ContextState &S, unsigned Depth) const {
  if (!E || Depth > 8)
    return FlagsValue();
  if (std::optional<uint64_t> C = TU.gfp().evaluate(E))
    return FlagsValue::constant(*C);
  E = E->IgnoreParenCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
      if (P->getDeclContext() != FD)
        return FlagsValue();
      if (std::optional<int64_t> V = paramValue(E))
        return FlagsValue::constant(static_cast<uint64_t>(*V));
      if (TU.isGfpType(P->getType()))
        return FlagsValue::param(P->getFunctionScopeIndex());
      return FlagsValue();
    }
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return S.value(VD);
    return FlagsValue();
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Not) {
    FlagsValue V = evaluateFlagsImpl(U->getSubExpr(), S, Depth + 1);
    return V.Kind == FlagsValue::KindT::Constant ? FlagsValue::constant(~V.Value) : FlagsValue();
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && (BO->getOpcode() == BO_Or || BO->getOpcode() == BO_And)) {
    FlagsValue L = evaluateFlagsImpl(BO->getLHS(), S, Depth + 1);
    FlagsValue R = evaluateFlagsImpl(BO->getRHS(), S, Depth + 1);
    bool Or = BO->getOpcode() == BO_Or;
    if (L.Kind == FlagsValue::KindT::Constant && R.Kind == FlagsValue::KindT::Constant)
      return FlagsValue::constant(Or ? (L.Value | R.Value) : (L.Value & R.Value));
    if (L.Kind == FlagsValue::KindT::Constant)
      std::swap(L, R);
    if (L.Kind == FlagsValue::KindT::Param && R.Kind == FlagsValue::KindT::Constant) {
      uint64_t Bit = TU.gfp().directReclaimBit();
      if (Or && (R.Value & Bit))
        L.ForcedOn = true, L.ForcedOff = false;
      if (!Or && !(R.Value & Bit))
        L.ForcedOff = true, L.ForcedOn = false;
      return L;
    }
    return FlagsValue();
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    std::optional<bool> C = evaluateConditionImpl(CO->getCond(), S, Depth + 1);
    if (C)
      return evaluateFlagsImpl(*C ? CO->getTrueExpr() : CO->getFalseExpr(), S, Depth + 1);
    FlagsValue T = evaluateFlagsImpl(CO->getTrueExpr(), S, Depth + 1);
    FlagsValue F = evaluateFlagsImpl(CO->getFalseExpr(), S, Depth + 1);
    if (T == F)
      return T;
    FlagsValue Either;
    auto CanBlock = [&](const FlagsValue &V) {
      return V.MayBlock || (V.Kind == FlagsValue::KindT::Constant && TU.gfp().maySleep(V.Value));
    };
    Either.MayBlock = CanBlock(T) || CanBlock(F);
    return Either;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    // An inline helper that returns flags (gfp_any()): evaluate its return
    // value here, where the state decides its predicates.
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee || !Callee->hasBody() || CE->getNumArgs() != 0)
      return FlagsValue();
    const auto *Body = dyn_cast<CompoundStmt>(Callee->getBody());
    if (!Body || Body->size() != 1)
      return FlagsValue();
    if (const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front()))
      return evaluateFlagsImpl(Ret->getRetValue(), S, Depth + 1);
  }
  return FlagsValue();
}

std::optional<bool> ContextAnalysis::blocks(const FlagsValue &V, const ContextState &S) const {
  switch (V.Kind) {
  case FlagsValue::KindT::Unknown:
    return std::nullopt;
  case FlagsValue::KindT::Constant:
    return TU.gfp().maySleep(V.Value);
  case FlagsValue::KindT::Param:
    if (V.ForcedOn)
      return true;
    if (V.ForcedOff)
      return false;
    return S.paramBlocks(V.Param);
  }
  return std::nullopt;
}

void ContextAnalysis::addConditionFacts(const Expr *Cond, bool Holds, ContextState &S, unsigned Depth) const {
  bool Negated = false;
  const Expr *X = throughDerivedLocals(stripCondition(Cond, Negated), Negated);
  if (!X)
    return;
  Holds = Holds != Negated;
  // A short-circuit operator the CFG did not split into branches (it is
  // inside unlikely(), or a local holds its value).
  if (const auto *BO = dyn_cast<BinaryOperator>(X->IgnoreParens()); BO && BO->isLogicalOp()) {
    if (Depth < 4 && (BO->getOpcode() == BO_LAnd) == Holds) {
      addConditionFacts(BO->getLHS(), Holds, S, Depth + 1);
      addConditionFacts(BO->getRHS(), Holds, S, Depth + 1);
    }
    return;
  }
  if (std::optional<ParamTest> PT = paramTest(X)) {
    PT->Outcome = PT->Outcome == Holds;
    S.addParamTest(*PT);
    return;
  }
  // A local zero when a test holds, found nonzero: the test failed.
  if (const ParamTest *Z = zeroWhenTested(X, S); Z && Holds) {
    ParamTest Failed = *Z;
    Failed.Outcome = !Failed.Outcome;
    S.addParamTest(Failed);
    return;
  }
  const Operation *Op = nullptr;
  if (const auto *CE = dyn_cast<CallExpr>(X))
    Op = Ops->at(CE);
  if (!Op)
    Op = Ops->instanceAt(X);
  if (!Op || !Op->Facts || !Op->Facts->Predicate)
    return;
  const ContextPredicate &P = *Op->Facts->Predicate;
  if (Holds != P.Negated)
    return; // in one of its kinds: which one, the state says where it knows
  const Model &M = TU.model();
  for (unsigned K = 0; K < M.kinds().size(); ++K)
    if (M.kind(ContextKindId(K)).Atomic && !llvm::is_contained(P.TrueIn, ContextKindId(K)))
      return; // irqs_disabled() false: preemption may still be off
  S.setTestedNotAtomic();
}

std::string ContextAnalysis::openTestDoubt(const ContextState &S, llvm::ArrayRef<HeldContext> Held) const {
  if (Held.empty() || llvm::any_of(Held, [&](const HeldContext &H) { return origin(H.Origin).Depth == 0; }))
    return "";
  for (const ParamTest &T : S.paramTests())
    if (choosesMode(T) && !Entry.Args.decide(T) && T.Param < FD->getNumParams()) {
      // A recursion computes its own arguments (fill(n->left, depth - 1)
      // down to `depth == 0`): the value came from the analysis losing
      // track, not from callers that never said.
      llvm::SmallVector<const FunctionDecl *, 8> Callees = calleesInTU(TU, FD);
      if (llvm::is_contained(Callees, FD) ||
          llvm::any_of(Callees, [&](const FunctionDecl *G) { return llvm::is_contained(calleesInTU(TU, G), FD); }))
        return "";
      return openParamTestDoubt(FD->getName(), FD->getParamDecl(T.Param)->getName());
    }
  return "";
}

std::optional<ParamTest> ContextAnalysis::zeroWhenOf(const Expr *Value) const {
  const auto *CE = dyn_cast<CallExpr>(Value->IgnoreParenCasts());
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  const FunctionDecl *Def = nullptr;
  if (!Callee || !Callee->hasBody(Def) || !Def)
    return std::nullopt;
  // A helper that is one `return p ? 0 : x;` (or `!p ? x : 0`).
  const auto *Body = dyn_cast<CompoundStmt>(Def->getBody());
  const auto *Ret = Body && Body->size() == 1 ? dyn_cast<ReturnStmt>(Body->body_front()) : nullptr;
  const auto *CO = Ret && Ret->getRetValue() ? dyn_cast<ConditionalOperator>(Ret->getRetValue()->IgnoreParenCasts())
                                             : nullptr;
  if (!CO)
    return std::nullopt;
  auto IsZero = [&](const Expr *E) {
    Expr::EvalResult R;
    return !E->isValueDependent() && E->EvaluateAsInt(R, TU.ast()) && R.Val.getInt() == 0;
  };
  bool ZeroIfTrue = IsZero(CO->getTrueExpr());
  if (!ZeroIfTrue && !IsZero(CO->getFalseExpr()))
    return std::nullopt;
  bool Negated = false;
  const auto *DRE = dyn_cast<DeclRefExpr>(stripCondition(CO->getCond(), Negated));
  const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!P || P->getDeclContext() != Def || P->getFunctionScopeIndex() >= CE->getNumArgs() ||
      !P->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  // The argument, as a test of our parameters that holds when it is nonzero.
  std::optional<ParamTest> T = paramTest(stripCondition(CE->getArg(P->getFunctionScopeIndex()), Negated));
  if (!T || T->Kind == ParamTest::KindT::DerefNonZero)
    return std::nullopt;
  // Zero when the argument is nonzero (or zero, for the other arm).
  if (Negated == ZeroIfTrue)
    T->Outcome = !T->Outcome;
  return T;
}

const ParamTest *ContextAnalysis::zeroWhenTested(const Expr *X, const ContextState &S) const {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(X ? X->IgnoreParenImpCasts() : nullptr);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || ExposedLocals.count(VD))
    return nullptr;
  return S.zeroWhen(VD);
}

std::optional<bool> ContextAnalysis::decideFieldTest(const Expr *X) const {
  if (Entry.Args.Fields.empty())
    return std::nullopt;
  auto Value = [&](const Expr *E) -> std::optional<int64_t> {
    auto PF = paramField(E);
    return PF ? Entry.Args.field(PF->first, PF->second) : std::nullopt;
  };
  if (std::optional<int64_t> V = Value(X))
    return *V != 0;
  const auto *BO = dyn_cast<BinaryOperator>(X->IgnoreParenImpCasts());
  if (!BO || (BO->getOpcode() != BO_And && !BO->isEqualityOp()))
    return std::nullopt;
  for (auto [L, R] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}}) {
    std::optional<int64_t> V = Value(L);
    Expr::EvalResult C;
    if (!V || R->isValueDependent() || !R->EvaluateAsInt(C, TU.ast()))
      continue;
    int64_t K = C.Val.getInt().getExtValue();
    return BO->getOpcode() == BO_And ? (*V & K) != 0 : (BO->getOpcode() == BO_EQ) == (*V == K);
  }
  return std::nullopt;
}

std::optional<bool> ContextAnalysis::evaluateCondition(const Expr *Cond, const ContextState &S) const {
  return evaluateConditionImpl(Cond, S, 0);
}

std::optional<bool> ContextAnalysis::evaluateConditionImpl(const Expr *E, const ContextState &S,
                                                           unsigned Depth) const {
  if (!E || Depth > 8)
    return std::nullopt;
  bool Negated = false;
  const Expr *X = throughDerivedLocals(stripCondition(E, Negated), Negated);
  if (!X)
    return std::nullopt;
  auto Result = [&](std::optional<bool> V) -> std::optional<bool> {
    if (!V)
      return std::nullopt;
    return *V != Negated;
  };
  // `a && b`, `a || b` where the CFG did not split them (inside unlikely(),
  // or the value of a local: `not_atomic = !in_atomic() && !irqs_disabled()`):
  // decided by one side that decides it, or by both.
  if (const auto *BO = dyn_cast<BinaryOperator>(X->IgnoreParens()); BO && BO->isLogicalOp()) {
    bool And = BO->getOpcode() == BO_LAnd;
    std::optional<bool> L = evaluateConditionImpl(BO->getLHS(), S, Depth + 1);
    if (L && *L != And)
      return Result(!And); // false && _, true || _
    std::optional<bool> R = evaluateConditionImpl(BO->getRHS(), S, Depth + 1);
    if (R && *R != And)
      return Result(!And);
    if (L && R)
      return Result(And);
    return std::nullopt;
  }
  // A test of a parameter the caller passed as a constant.
  if (std::optional<ParamTest> T = paramTest(X))
    if (std::optional<bool> D = Entry.Args.decide(*T))
      return Result(*D);
  if (std::optional<bool> D = decideFieldTest(X))
    return Result(*D);
  // A local that is zero when a test holds that the caller's arguments, or
  // the way here, decide.
  if (const ParamTest *Z = zeroWhenTested(X, S))
    if (Entry.Args.decide(*Z) == std::optional<bool>(true) || llvm::is_contained(S.paramTests(), *Z))
      return Result(false);
  // A context predicate (in_interrupt(), irqs_disabled(), ...), called or
  // expanded as a macro.
  const Operation *Op = nullptr;
  if (const auto *CE = dyn_cast<CallExpr>(X))
    Op = Ops->at(CE);
  if (!Op)
    Op = Ops->instanceAt(X);
  if (Op && Op->Facts && Op->Facts->Predicate) {
    const ContextPredicate &P = *Op->Facts->Predicate;
    bool Must = false, May = false;
    for (const HeldContext &H : S.held())
      if (llvm::is_contained(P.TrueIn, H.Kind)) {
        Must |= H.Min > 0;
        May |= H.Max > 0;
      }
    // Known true where a listed context is held on every path; known false
    // only where none may be held and the analysis knows where it is (some
    // other atomic context is held): a function analysed for its summary,
    // with no context on entry, could be called from anywhere.
    std::optional<bool> V;
    if (Must)
      V = true;
    else if (!May && S.isAtomic(TU.model(), JoinRuleKind::Must))
      V = false;
    if (V && P.Negated)
      V = !*V;
    return Result(V);
  }
  if (Op && Op->Facts && Op->Facts->FlagsTest) {
    FlagsValue F = flagsOf(*Op, Op->Facts->FlagsTest->FlagsArg, S);
    return Result(blocks(F, S));
  }
  return std::nullopt;
}

FlagsValue ContextAnalysis::flagsOf(const Operation &Op, int Arg, const ContextState &S) const {
  if (Arg < 0)
    return FlagsValue();
  if (Op.Macro) {
    llvm::ArrayRef<std::string> Toks = Ops->argTokens(Op, Arg);
    if (const Preprocessor *PP = TU.preprocessor())
      if (auto V = MacroValueEvaluator(*PP, &TU.ast()).evaluateTokens(Toks))
        return FlagsValue::constant(*V);
    if (const Expr *E = Ops->argExpr(Op, Arg))
      return evaluateFlags(E, S);
    if (Toks.size() == 1)
      if (const VarDecl *VD = TrackedLocals.lookup(Toks[0]))
        return S.value(VD);
    return FlagsValue();
  }
  return evaluateFlags(Ops->argExpr(Op, Arg), S);
}

std::string ContextAnalysis::flagsText(const Operation &Op, int Arg) const {
  if (Arg < 0)
    return "";
  if (Op.Macro)
    return Ops->argText(Op, Arg);
  if (const Expr *E = Ops->argExpr(Op, Arg))
    return TU.spelledText(E);
  return "";
}

std::optional<unsigned> ContextAnalysis::blockingGuard(const ContextState &S) const {
  for (unsigned I = 0; I < FD->getNumParams(); ++I)
    if (S.paramBlocks(I) == true)
      return I;
  return std::nullopt;
}

/// Counts of \p S relative to the function's entry: an asserted lock was
/// held by the caller, so its count here is one above the caller's.
static void relativeToEntry(const ContextState &S,
                            llvm::ArrayRef<std::pair<ContextKindId, LockKey>> Asserted,
                            llvm::function_ref<void(ContextKindId, LockKey, int, int)> F) {
  for (const HeldContext &H : S.held()) {
    int Off = llvm::is_contained(Asserted, std::make_pair(H.Kind, H.Key)) ? 1 : 0;
    F(H.Kind, H.Key, H.Min - Off, H.Max - Off);
  }
  for (const auto &[Kind, Key] : Asserted)
    if (llvm::none_of(S.held(), [&, K = Kind, Y = Key](const HeldContext &H) { return H.Kind == K && H.Key == Y; }))
      F(Kind, Key, -1, -1);
}

llvm::SmallVector<ContextDelta, 2>
ContextAnalysis::deltasSinceEntry(const ContextState &S, llvm::function_ref<bool(int, int)> Keep) const {
  llvm::SmallVector<ContextDelta, 2> R;
  relativeToEntry(S, AssertedAtEntry, [&](ContextKindId Kind, LockKey Key, int Lo, int Hi) {
    if (!Keep(Lo, Hi) || !TU.model().kind(Kind).Doubt.empty())
      return; // a path condition of this function, not an effect on callers
    ContextDelta D;
    D.Kind = TU.model().kind(Kind).Name;
    if (Key != NoKey)
      D.KeyTemplate = templatizeKey(TU.keyText(Key), FD, TU.ast(), D.Opaque);
    D.Lo = Lo;
    D.Hi = Hi;
    R.push_back(std::move(D));
  });
  return R;
}

llvm::SmallVector<ContextDelta, 1> ContextAnalysis::releasedSinceEntry(const ContextState &S) const {
  auto R = deltasSinceEntry(S, [](int Lo, int) { return Lo < 0; });
  return llvm::SmallVector<ContextDelta, 1>(R.begin(), R.end());
}

llvm::SmallVector<ContextDelta, 2> ContextAnalysis::netEffects(const ContextState &Exit) const {
  llvm::SmallVector<ContextDelta, 2> R = deltasSinceEntry(Exit, [](int Lo, int Hi) { return Lo != 0 || Hi != 0; });
  for (ContextDelta &D : R) {
    if (D.Lo <= 0)
      continue;
    for (const HeldContext &H : Exit.held())
      if (TU.model().kind(H.Kind).Name == D.Kind && H.Min > 0) {
        bool Opaque = false;
        std::string T = H.Key != NoKey ? templatizeKey(TU.keyText(H.Key), FD, TU.ast(), Opaque) : "";
        if (T == D.KeyTemplate) {
          D.Crossed = unknownCallsWhileHeld(H, SourceLocation());
          break;
        }
      }
  }
  return R;
}

std::vector<CrossedCall> ContextAnalysis::unknownCallsWhileHeld(const HeldContext &H, SourceLocation Before) const {
  std::vector<CrossedCall> Out;
  const Stmt *Body = FD->getBody();
  if (!Body)
    return Out;
  const SourceManager &SM = TU.sourceManager();
  SourceLocation From = SM.getFileLoc(Origins[H.Origin].Loc);
  SourceLocation Begin = SM.getFileLoc(Body->getBeginLoc()), End = SM.getFileLoc(Body->getEndLoc());
  if (From.isInvalid() || SM.isBeforeInTranslationUnit(From, Begin) || SM.isBeforeInTranslationUnit(End, From))
    From = Begin; // entered with the function
  Before = Before.isValid() ? SM.getFileLoc(Before) : End;
  if (!UnknownCalls) {
    UnknownCalls.emplace();
    for (size_t I = 0; I < Ops->size(); ++I) {
      const Operation &Op = (*Ops)[I];
      if (!Op.Callee || Op.Facts || Op.Indirect || !Op.CallE || Op.Callee->getBuiltinID())
        continue;
      if (const FunctionDecl *Def = Op.Callee->getDefinition(); Def && Def->hasBody())
        continue; // seen here: its effects are applied
      if (SourceLocation L = SM.getFileLoc(Op.Loc); L.isValid())
        UnknownCalls->push_back({L, &Op});
    }
    llvm::sort(*UnknownCalls,
               [&](const auto &X, const auto &Y) { return SM.isBeforeInTranslationUnit(X.first, Y.first); });
  }
  // The last few before: an unlock helper is called right before the rest.
  for (auto It = UnknownCalls->rbegin(); It != UnknownCalls->rend() && Out.size() < 4; ++It) {
    if (!SM.isBeforeInTranslationUnit(It->first, Before))
      continue;
    if (SM.isBeforeInTranslationUnit(It->first, From))
      break;
    const Operation &Op = *It->second;
    CrossedCall X;
    X.USR = TU.usr(Op.Callee);
    if (X.USR.empty())
      continue;
    for (unsigned P = 0; P < Op.Callee->getNumParams(); ++P) {
      std::string A = Ops->argText(Op, P);
      X.ArgTexts.push_back(A.size() <= 80 ? A : ""); // a lock path is short
    }
    if (!llvm::is_contained(Out, X))
      Out.push_back(std::move(X));
  }
  return Out;
}

llvm::SmallVector<FindingNote, 4> ContextAnalysis::notesFor(const HeldContext &H) const {
  const ContextOrigin &O = Origins[H.Origin];
  if (!O.Chain.empty())
    return O.Chain;
  std::string Lock = O.LockText;
  if (llvm::StringRef(Lock).starts_with("&"))
    Lock.erase(0, 1);
  if (llvm::StringRef(Lock).starts_with("this->"))
    Lock.erase(0, 6); // C++ members: the lock as the class writes it
  std::string Text = TU.model().kind(H.Kind).Note;
  size_t P = Text.find("{lock}");
  if (P != std::string::npos) {
    if (Lock.empty() || !TU.model().kind(H.Kind).Keyed)
      Text.replace(P, 6 + (P + 6 < Text.size() && Text[P + 6] == ' ' ? 1 : 0), "");
    else
      Text.replace(P, 6, "'" + Lock + "'");
  }
  if (!O.Via.empty())
    Text += " (inside '" + O.Via + "')";
  return {FindingNote{O.Loc, std::move(Text)}};
}

unsigned ContextAnalysis::depthOf(const HeldContext &H) const { return Origins[H.Origin].Depth; }

llvm::SmallVector<FindingNote, 4> ContextAnalysis::contextNotes(const ContextState &S, JoinRuleKind Rule) const {
  llvm::SmallVector<FindingNote, 4> Notes;
  llvm::SmallVector<uint32_t, 4> Seen;
  for (const HeldContext &H : S.atomicContexts(TU.model(), Rule)) {
    if (llvm::is_contained(Seen, H.Origin))
      continue;
    Seen.push_back(H.Origin);
    auto N = notesFor(H);
    Notes.append(N.begin(), N.end());
  }
  return Notes;
}

Provenance ContextAnalysis::argumentProvenance(const Expr *Arg, bool Deref, const ContextState &S) const {
  if (!Arg)
    return Provenance();
  if (!Deref)
    return provenanceOf(Arg, S);
  const Expr *E = Arg->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    return provenanceOf(U->getSubExpr(), S);
  return Provenance();
}
