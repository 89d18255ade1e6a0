//===- ContextAnalysis.cpp ------------------------------------------------===//
#include "allocflags/Analysis/ContextAnalysis.h"
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

OperationObserver::~OperationObserver() = default;

ContextAnalysis::ContextAnalysis(TUContext &TU, const FunctionDecl *FD, const EntryContext *E)
    : TU(TU), FD(FD) {
  if (E)
    Entry = *E;
  if (FD->getDeclName().isIdentifier())
    if (const FunctionFacts *F = TU.model().lookup(FD->getName()))
      EarlyBoot = F->EarlyBoot, NotJudged = F->NeverSleeps;
}
ContextAnalysis::~ContextAnalysis() = default;

bool ContextAnalysis::run() {
  const Stmt *Body = FD->getBody();
  if (!Body || TU.budget().expired())
    return false;
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true; // C++ RAII guards and cleanup-attribute guards
  BO.AddTemporaryDtors = true;
  BO.AddInitializers = true;
  BO.PruneTriviallyFalseEdges = true; // do { } while (0) bodies of macros
  Cfg = CFG::buildCFG(FD, const_cast<Stmt *>(Body), &TU.ast(), BO);
  if (!Cfg)
    return false;

  computeReversePostOrder();
  if (!TU.budget().charge(FD, static_cast<unsigned>(RPO.size())))
    return false; // facts unknown, as for a body without a CFG
  collectDerivedLocals();
  std::vector<unsigned> RPOIndex(Cfg->getNumBlockIDs(), ~0u);
  for (unsigned I = 0; I < RPO.size(); ++I)
    RPOIndex[RPO[I]->getBlockID()] = I;
  Ops = std::make_unique<FunctionOperations>(TU, FD, RPO);
  EntryStates.assign(Cfg->getNumBlockIDs(), std::nullopt);

  // Worklist ordered by reverse post-order: a block is processed after its
  // forward predecessors, so most functions converge in one pass.
  std::set<unsigned> Work;
  const CFGBlock &EntryBlock = Cfg->getEntry();
  ContextState Initial;
  seedEntry(Initial);
  seedProvenance(Initial);
  EntryStates[EntryBlock.getBlockID()] = Initial;
  Work.insert(RPOIndex[EntryBlock.getBlockID()]);
  unsigned Steps = 0;
  const unsigned StepLimit = 64 * static_cast<unsigned>(RPO.size()) + 1024;
  while (!Work.empty()) {
    if (++Steps >= StepLimit) {
      // Partial states would be a silent guess: give up on the function.
      TU.budget().gaveUp(FD, "the context analysis did not settle within " + std::to_string(StepLimit) +
                                 " steps; its facts are unknown");
      return false;
    }
    if (Steps % 256 == 0 && TU.budget().expired())
      return false;
    unsigned Idx = *Work.begin();
    Work.erase(Work.begin());
    const CFGBlock *B = RPO[Idx];
    ContextState S = *EntryStates[B->getBlockID()];
    transferBlock(B, S, nullptr);
    unsigned SuccIndex = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      unsigned ThisIndex = SuccIndex++;
      const CFGBlock *SB = Succ.getReachableBlock();
      if (!SB || RPOIndex[SB->getBlockID()] == ~0u)
        continue;
      ContextState Out = S;
      if (!edgeTransfer(B, ThisIndex, Out))
        continue;
      std::optional<ContextState> &Dst = EntryStates[SB->getBlockID()];
      bool Changed;
      if (!Dst) {
        Dst = std::move(Out);
        Changed = true;
      } else {
        Changed = Dst->join(Out);
      }
      if (Changed)
        Work.insert(RPOIndex[SB->getBlockID()]);
    }
  }
  return true;
}

/// Depth-first from the entry, skipping edges the CFG pruned as unreachable
/// (null successors), then reversed.  Successors are visited last-first so
/// that the reverse post-order lists a "then" branch before its "else": origin
/// numbers (which decide the note kept on a join) then follow the source.
void ContextAnalysis::computeReversePostOrder() {
  std::vector<bool> Seen(Cfg->getNumBlockIDs(), false);
  std::vector<std::pair<const CFGBlock *, CFGBlock::const_succ_reverse_iterator>> Stack;
  const CFGBlock *EntryBlock = &Cfg->getEntry();
  Seen[EntryBlock->getBlockID()] = true;
  Stack.push_back({EntryBlock, EntryBlock->succ_rbegin()});
  while (!Stack.empty()) {
    auto &[B, It] = Stack.back();
    if (It == B->succ_rend()) {
      RPO.push_back(B);
      Stack.pop_back();
      continue;
    }
    const CFGBlock *S = It->getReachableBlock();
    ++It;
    if (S && !Seen[S->getBlockID()]) {
      Seen[S->getBlockID()] = true;
      Stack.push_back({S, S->succ_rbegin()});
    }
  }
  std::reverse(RPO.begin(), RPO.end());
}


void ContextAnalysis::collectDerivedLocals() {
  for (const auto &[VD, D] : countLocalDefinitions(FD->getBody())) {
    if (!D.only())
      continue;
    // Only computed values: a call's result, a constant or a copy of
    // another variable are tracked (or not) by their own means.
    const Expr *V = D.Value->IgnoreParenImpCasts();
    if (isa<UnaryOperator>(V) || isa<BinaryOperator>(V))
      DerivedLocals[VD] = D.Value;
  }
}

const Expr *ContextAnalysis::throughDerivedLocals(const Expr *X, bool &Negated) const {
  for (unsigned I = 0; X && I < 4; ++I) {
    const auto *DRE = dyn_cast<DeclRefExpr>(X->IgnoreParenImpCasts());
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    const Expr *Def = VD ? DerivedLocals.lookup(VD) : nullptr;
    if (!Def)
      return X;
    X = stripCondition(Def, Negated);
  }
  return X;
}

void ContextAnalysis::seedEntry(ContextState &S) {
  // The caller's gfp flags decide this function's gfp tests.
  for (const auto &[P, B] : Entry.GfpBlocks)
    if (P < FD->getNumParams())
      S.setParamBlocks(P, B);
  auto SameNotes = [](const EntrySeed &A, const EntrySeed &B) {
    if (A.Notes.size() != B.Notes.size())
      return false;
    for (size_t I = 0; I < A.Notes.size(); ++I)
      if (A.Notes[I].Loc != B.Notes[I].Loc || A.Notes[I].Message != B.Notes[I].Message)
        return false;
    return true;
  };
  for (const EntrySeed &Seed : Entry.Seeds) {
    // Seeds with the same explanation share an origin, so it is shown once.
    const EntrySeed *Anchor = &Seed;
    for (const EntrySeed &Other : Entry.Seeds)
      if (SameNotes(Other, Seed)) {
        Anchor = &Other;
        break;
      }
    ContextOrigin O;
    O.Loc = FD->getLocation();
    O.Chain = Seed.Notes;
    O.Depth = Seed.Depth;
    O.Doubt = Seed.Doubt;
    uint32_t Origin = originFor(Anchor, std::move(O));
    LockKey Key = TU.model().kind(Seed.Kind).Keyed && !Seed.Key.empty() ? TU.internKey(Seed.Key) : NoKey;
    S.enter(Seed.Kind, Key, Origin);
  }
}

void ContextAnalysis::observe(OperationObserver &Obs) {
  for (const CFGBlock *B : RPO) {
    const std::optional<ContextState> &In = EntryStates[B->getBlockID()];
    if (!In)
      continue;
    ContextState S = *In;
    transferBlock(B, S, &Obs);
  }
}

const ContextState *ContextAnalysis::exitState() const {
  if (!Cfg)
    return nullptr;
  const std::optional<ContextState> &S = EntryStates[Cfg->getExit().getBlockID()];
  return S ? &*S : nullptr;
}

void ContextAnalysis::transferBlock(const CFGBlock *B, ContextState &S, OperationObserver *Obs) {
  for (const CFGElement &E : *B)
    transferElement(E, S, Obs);
  if (const Stmt *T = B->getTerminatorStmt())
    if (const Operation *Op = Ops->at(T))
      applyOperation(*Op, T, S, Obs);
}

uint32_t ContextAnalysis::originFor(const void *Anchor, ContextOrigin O) {
  auto [It, New] = OriginIds.try_emplace(Anchor, static_cast<uint32_t>(Origins.size()));
  if (New)
    Origins.push_back(std::move(O));
  return It->second;
}

static std::string varText(const VarDecl *VD) { return VD->getName().str(); }

void ContextAnalysis::transferElement(const CFGElement &E, ContextState &S, OperationObserver *Obs) {
  switch (E.getKind()) {
  case CFGElement::Statement: {
    const Stmt *St = E.castAs<CFGStmt>().getStmt();
    if (Ops->subsumed(St))
      return;
    if (Obs)
      if (const auto *R = dyn_cast<ReturnStmt>(St))
        Obs->onReturn(R, S);
    trackLocals(St, S);
    trackProvenance(St, S, Obs);
    if (const Operation *Op = Ops->at(St))
      applyOperation(*Op, St, S, Obs);
    return;
  }
  case CFGElement::AutomaticObjectDtor: {
    auto D = E.castAs<CFGAutomaticObjDtor>();
    const VarDecl *VD = D.getVarDecl();
    const CXXDestructorDecl *Dtor = D.getDestructorDecl(TU.ast());
    if (!Dtor)
      return;
    Operation Op = Ops->makeImplicitCall(
        Dtor, D.getTriggerStmt() ? D.getTriggerStmt()->getEndLoc() : VD->getLocation(), "&" + varText(VD));
    applyOperation(Op, VD, S, Obs);
    return;
  }
  case CFGElement::CleanupFunction: {
    auto C = E.castAs<CFGCleanupFunction>();
    const VarDecl *VD = C.getVarDecl();
    Operation Op = Ops->makeImplicitCall(C.getFunctionDecl(), VD->getLocation(), "&" + varText(VD));
    applyOperation(Op, VD, S, Obs);
    return;
  }
  case CFGElement::TemporaryDtor: {
    auto D = E.castAs<CFGTemporaryDtor>();
    const CXXBindTemporaryExpr *BTE = D.getBindTemporaryExpr();
    const CXXDestructorDecl *Dtor = D.getDestructorDecl(TU.ast());
    if (!Dtor || !BTE)
      return;
    Operation Op = Ops->makeImplicitCall(Dtor, BTE->getEndLoc(), "");
    applyOperation(Op, BTE, S, Obs);
    return;
  }
  default:
    return;
  }
}

void ContextAnalysis::applyOperation(const Operation &Op, const void *Anchor, ContextState &S,
                                     OperationObserver *Obs) {
  if (Obs) {
    Obs->onOperation(Op, S);
    for (uint32_t I : Ops->alternatives(Op))
      Obs->onOperation((*Ops)[I], S);
  }
  if (Op.Indirect)
    return; // what the pointer holds is not known well enough to apply its effects
  if (Op.Facts && Op.Facts->Free && !Op.Facts->Free->Realloc)
    if (uint32_t Key = provenanceKey(Ops->argExpr(Op, Op.Facts->Free->PtrArg)))
      S.setProvenance(Key, Provenance()); // freed: whatever it held is gone
  if (Op.Facts) {
    if (Op.Facts->Context) {
      if (Op.isConditional())
        return; // takes effect on the branch edge (edgeTransfer)
      ContextOrigin O{Op.Loc, "", "", {}, 0, {}};
      if (Op.Facts->Context->LockArg >= 0)
        O.LockText = Ops->argText(Op, Op.Facts->Context->LockArg);
      applyPrimitive(Op, *Op.Facts->Context, originFor(Anchor, std::move(O)), S, false);
    } else if (Op.Facts->Assertion) {
      applyAssertion(Op, *Op.Facts->Assertion, Anchor, S);
    }
    return;
  }
  if (!Op.Callee)
    return;
  const FunctionSummary *Sum = TU.summaryOf(Op.Callee);
  if (!Sum || Sum->Effects.empty())
    return;
  ContextOrigin O{Op.Loc, "", Op.Name.str(), {}, 0, {}};
  applyDeltas(Sum->Effects, Op, originFor(Anchor, std::move(O)), S);
}

void ContextAnalysis::applyPrimitive(const Operation &Op, const ContextPrimitive &P, uint32_t Origin,
                                     ContextState &S, bool EnterOnly) {
  const Model &M = TU.model();
  if (EarlyBoot)
    return; // interrupts off before the scheduler runs: not atomic context
  // The model decides for a never_sleeps function, not its body - also not
  // for the contexts it enters: panic() disables preemption and then walks
  // console code on paths that oops_in_progress steers off sleeping.
  if (NotJudged)
    return;

  auto KeyFor = [&](ContextKindId K) -> LockKey {
    if (!M.kind(K).Keyed || P.LockArg < 0)
      return NoKey;
    std::string Text = Ops->argText(Op, P.LockArg);
    return Text.empty() ? NoKey : TU.internKey(normalizeKeyText(Text));
  };
  for (ContextKindId K : P.Enter)
    S.enter(K, KeyFor(K), Origin);
  if (EnterOnly)
    return;
  for (ContextKindId K : P.Leave)
    S.leave(K, KeyFor(K), Origin);
}

/// The type name a lock expression refers to (spinlock_t for &dev->lock).
static std::string lockTypeName(const Expr *E) {
  QualType T = E->IgnoreParenImpCasts()->getType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  return T.getUnqualifiedType().getAsString();
}

void ContextAnalysis::applyAssertion(const Operation &Op, const LockAssertion &A, const void *Anchor,
                                     ContextState &S) {
  // The lock's kind comes from its type; an assertion about a mutex says
  // nothing about atomic context.
  const Expr *Lock = Ops->argExpr(Op, A.LockArg);
  std::optional<ContextKindId> Kind;
  if (Lock)
    Kind = TU.model().kindForLockType(lockTypeName(Lock));
  else if (Op.Macro)
    Kind = Ops->macroArgLockKind(Op, A.LockArg);
  if (!Kind)
    return;
  std::string Text = Ops->argText(Op, A.LockArg);
  LockKey Key = Text.empty() ? NoKey : TU.internKey(normalizeKeyText(Text));
  for (const HeldContext &H : S.held())
    if (H.Kind == *Kind && H.Key == Key && H.Min > 0)
      return; // already known to be held
  ContextOrigin O{Op.Loc, Text, "", {}, 0, {}};
  std::string Lock2 = Text;
  if (llvm::StringRef(Lock2).starts_with("&"))
    Lock2.erase(0, 1);
  O.Chain.push_back({Op.Loc, "'" + Op.Name.str() + "' says " + (Lock2.empty() ? "a lock" : "'" + Lock2 + "'") +
                                 " is held here"});
  // held from here on: raise the interval to at least [1, 1]
  int Min = 0, Max = 0;
  for (const HeldContext &H : S.held())
    if (H.Kind == *Kind && H.Key == Key)
      Min = H.Min, Max = H.Max;
  if (Min <= 0 && !llvm::is_contained(AssertedAtEntry, std::make_pair(*Kind, Key)))
    AssertedAtEntry.push_back({*Kind, Key});
  S.adjust(*Kind, Key, std::max(Min, 1) - Min, std::max(Max, 1) - Max, originFor(Anchor, std::move(O)), false);
}

std::string ContextAnalysis::instantiate(llvm::StringRef Template, const Operation &Op) const {
  std::string Out;
  for (size_t I = 0; I < Template.size();) {
    if (Template[I] != '$') {
      Out += Template[I++];
      continue;
    }
    size_t J = I + 1;
    std::string Arg;
    if (Template.substr(J).starts_with("this")) {
      J += 4;
      Arg = Op.ImplicitArg;
      if (const auto *MCE = dyn_cast_or_null<CXXMemberCallExpr>(Op.CallE))
        if (const Expr *Obj = MCE->getImplicitObjectArgument()) {
          const auto *ME = dyn_cast<MemberExpr>(MCE->getCallee()->IgnoreParens());
          Arg = (ME && ME->isArrow() ? "" : "&") + TU.printedText(Obj);
        }
    } else {
      unsigned N = 0;
      while (J < Template.size() && llvm::isDigit(Template[J]))
        N = N * 10 + (Template[J++] - '0');
      Arg = Ops->argText(Op, N);
    }
    if (Arg.empty())
      return "";
    // "(&x)->f" reads better, and keys the same, as "x.f"
    if (Arg[0] == '&' && Template.substr(J).starts_with("->")) {
      Out += Arg.substr(1) + ".";
      J += 2;
    } else {
      Out += "(" + Arg + ")";
    }
    I = J;
  }
  return Out;
}

void ContextAnalysis::applyDeltas(llvm::ArrayRef<ContextDelta> Deltas, const Operation &Op, uint32_t Origin,
                                  ContextState &S) const {
  for (const ContextDelta &D : Deltas) {
    std::optional<ContextKindId> Kind = TU.model().findKind(D.Kind);
    if (!Kind)
      continue;
    LockKey Key = NoKey;
    std::string Shown;
    if (!D.KeyTemplate.empty()) {
      std::string Text = instantiate(D.KeyTemplate, Op);
      if (!Text.empty()) {
        Key = TU.internKey(normalizeKeyText(Text));
        if (!D.Opaque)
          Shown = Text;
      }
    }
    if (!Shown.empty() && Origin < Origins.size() && Origins[Origin].LockText.empty())
      const_cast<ContextOrigin &>(Origins[Origin]).LockText = normalizeKeyText(Shown);
    // A callee that releases on some path is taken to release on all of them
    // (guard destructors test the lock pointer first; it is never null), so
    // neither join rule keeps a lock "held" past the end of its guard.
    int Hi = D.Lo < 0 ? D.Lo : D.Hi;
    S.adjust(*Kind, Key, D.Lo, Hi, Origin, /*FallbackRelease=*/true);
  }
}

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

ArgFacts ContextAnalysis::argFacts(const Expr *E) const {
  ArgFacts A;
  if (!E || E->isValueDependent())
    return A;
  if (Expr::EvalResult R; E->EvaluateAsInt(R, TU.ast())) {
    A.Value = R.Val.getInt().getExtValue();
    return A;
  }
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

void ContextAnalysis::trackLocals(const Stmt *St, ContextState &S) {
  auto Track = [&](const VarDecl *VD, const Expr *Value, BinaryOperatorKind Opc) {
    if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) || !VD->getType()->isIntegerType())
      return;
    FlagsValue V = Value ? evaluateFlags(Value, S) : FlagsValue();
    if (Opc == BO_OrAssign || Opc == BO_AndAssign) {
      FlagsValue Old = S.value(VD);
      FlagsValue R;
      if (Old.Kind == FlagsValue::KindT::Constant && V.Kind == FlagsValue::KindT::Constant) {
        R = FlagsValue::constant(Opc == BO_OrAssign ? (Old.Value | V.Value) : (Old.Value & V.Value));
      } else if (Old.Kind == FlagsValue::KindT::Param && V.Kind == FlagsValue::KindT::Constant) {
        R = Old;
        uint64_t Bit = TU.gfp().directReclaimBit();
        if (Opc == BO_OrAssign && (V.Value & Bit))
          R.ForcedOn = true, R.ForcedOff = false;
        if (Opc == BO_AndAssign && !(V.Value & Bit))
          R.ForcedOff = true, R.ForcedOn = false;
      }
      V = R;
    } else if (Opc != BO_Assign) {
      V = FlagsValue();
    }
    if (V.known())
      TrackedLocals[VD->getName()] = VD;
    S.setValue(VD, V);
    const Operation *Cond = (Opc == BO_Assign && Value) ? Ops->valueOf(Value) : nullptr;
    S.setPending(VD, Cond ? std::optional<uint32_t>(Cond->Index) : std::nullopt);
  };
  if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit())
        Track(VD, VD->getInit(), BO_Assign);
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(St); BO && BO->isAssignmentOp())
    if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
      Track(dyn_cast<VarDecl>(DRE->getDecl()), BO->getRHS(), BO->getOpcode());
}

bool ContextAnalysis::switchEdge(const CFGBlock *B, const SwitchStmt *SW, unsigned SuccIndex,
                                 ContextState &S) {
  bool Negated = false;
  std::optional<ParamTest> PT = paramTest(throughDerivedLocals(stripCondition(SW->getCond(), Negated), Negated));
  if (!PT || PT->Kind != ParamTest::KindT::NonZero || Negated)
    return true; // not a plain integer parameter
  unsigned P = PT->Param;
  std::optional<int64_t> Known = Entry.Args.value(P);
  auto CaseValue = [&](const CaseStmt *C) -> std::optional<int64_t> {
    Expr::EvalResult R;
    if (C->caseStmtIsGNURange() || !C->getLHS() || C->getLHS()->isValueDependent() ||
        !C->getLHS()->EvaluateAsInt(R, TU.ast()))
      return std::nullopt;
    return R.Val.getInt().getExtValue();
  };
  const CFGBlock *Succ = (B->succ_begin() + SuccIndex)->getReachableBlock();
  if (!Succ)
    return true;
  if (const auto *C = dyn_cast_or_null<CaseStmt>(Succ->getLabel())) {
    std::optional<int64_t> V = CaseValue(C);
    if (!V)
      return true;
    if (Known && *Known != *V)
      return false; // the caller's constant selects another case
    S.addParamTest({ParamTest::KindT::Equals, P, *V, true});
    return true;
  }
  // The default (or past the switch): none of the cases.
  llvm::SmallVector<int64_t, 8> Cases;
  for (const SwitchCase *C = SW->getSwitchCaseList(); C; C = C->getNextSwitchCase())
    if (const auto *CS = dyn_cast<CaseStmt>(C)) {
      std::optional<int64_t> V = CaseValue(CS);
      if (!V)
        return true; // a case we cannot read: the default is not decided
      Cases.push_back(*V);
    }
  if (Known)
    return !llvm::is_contained(Cases, *Known);
  if (Cases.size() <= 2)
    for (int64_t V : Cases)
      S.addParamTest({ParamTest::KindT::Equals, P, V, false});
  return true;
}

bool ContextAnalysis::edgeTransfer(const CFGBlock *B, unsigned SuccIndex, ContextState &S) {
  // switch (mode) on a parameter the caller passed as a constant: only its
  // case is taken.
  if (const auto *SW = dyn_cast_or_null<SwitchStmt>(B->getTerminatorStmt()))
    return switchEdge(B, SW, SuccIndex, S);
  if (B->succ_size() != 2)
    return true;
  const Stmt *T = B->getTerminatorStmt();
  const Expr *Cond = B->getLastCondition();
  if (!T || !Cond)
    return true;
  bool TrueEdge = SuccIndex == 0;

  // Decided by the state: the other edge cannot be taken.
  if (std::optional<bool> V = evaluateCondition(Cond, S))
    if (*V != TrueEdge)
      return false;

  // A test of a gfp parameter: remember the answer along each edge.
  bool Negated = false;
  const Expr *Stripped = throughDerivedLocals(stripCondition(Cond, Negated), Negated);
  const Expr *Tested = nullptr;
  // Set when the test only tells on one outcome: `(gfp & GFP_KERNEL) ==
  // GFP_KERNEL` means blocking when true, but false also for GFP_NOIO.
  std::optional<bool> OnlyWhen;
  uint64_t Bit = TU.gfp().directReclaimBit();
  if (const auto *CE = dyn_cast_or_null<CallExpr>(Stripped)) {
    if (const Operation *Op = Ops->at(CE); Op && Op->Facts && Op->Facts->FlagsTest)
      Tested = Ops->argExpr(*Op, Op->Facts->FlagsTest->FlagsArg);
  } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(Stripped); BO && BO->getOpcode() == BO_And) {
    // gfp & __GFP_DIRECT_RECLAIM
    for (auto [X, Y] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}}) {
      FlagsValue C = evaluateFlags(Y, S);
      if (C.Kind == FlagsValue::KindT::Constant && C.Value == Bit)
        Tested = X;
    }
  } else if (BO && BO->isEqualityOp()) {
    // (gfp & MASK) == MASK, gfp == GFP_KERNEL: with MASK holding the
    // direct-reclaim bit, "equal" means the flags allow blocking.
    for (auto [X, Y] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}}) {
      FlagsValue C = evaluateFlags(Y, S);
      if (C.Kind != FlagsValue::KindT::Constant || !(C.Value & Bit))
        continue;
      const Expr *Side = X->IgnoreParenImpCasts();
      if (const auto *And = dyn_cast<BinaryOperator>(Side); And && And->getOpcode() == BO_And) {
        for (auto [P, M] : {std::pair{And->getLHS(), And->getRHS()}, std::pair{And->getRHS(), And->getLHS()}}) {
          FlagsValue MV = evaluateFlags(M, S);
          if (MV.Kind == FlagsValue::KindT::Constant && MV.Value == C.Value)
            Tested = P;
        }
      } else {
        Tested = Side;
      }
      if (Tested) {
        OnlyWhen = BO->getOpcode() == BO_EQ;
        break;
      }
    }
  }
  if (Tested) {
    FlagsValue V = evaluateFlags(Tested, S);
    bool Outcome = TrueEdge != Negated;
    // For an equality test, Outcome is whether the comparison held; it
    // tells only when "equal" was the outcome.
    if (OnlyWhen)
      Outcome = Outcome == *OnlyWhen;
    if (V.Kind == FlagsValue::KindT::Param && !V.ForcedOn && !V.ForcedOff && (!OnlyWhen || Outcome))
      S.setParamBlocks(V.Param, Outcome);
  }
  // A test of an integer parameter: the way taken, for calls below it.
  if (std::optional<ParamTest> PT = paramTest(Stripped)) {
    PT->Outcome = PT->Outcome == (TrueEdge != Negated);
    S.addParamTest(*PT);
  }

  refineOnVmallocTest(Cond, TrueEdge, S);

  // A conditional primitive (trylock) takes effect on its success edge.
  const VarDecl *Var = nullptr;
  const Operation *Op = Ops->conditional(Cond, T, Negated, Var);
  if (!Op && Var)
    if (std::optional<uint32_t> I = S.pending(Var))
      Op = &(*Ops)[*I];
  if (!Op)
    return true;
  const ContextPrimitive &P = *Op->Facts->Context;
  bool TrueMeansSuccess = (P.When == WhenKind::NonZero) != Negated;
  if (TrueEdge != TrueMeansSuccess)
    return true;
  ContextOrigin O{Op->Loc, "", "", {}, 0, {}};
  if (P.LockArg >= 0)
    O.LockText = Ops->argText(*Op, P.LockArg);
  applyPrimitive(*Op, P, originFor(Op, std::move(O)), S, /*EnterOnly=*/true);
  return true;
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
  // A test of a parameter the caller passed as a constant.
  if (std::optional<ParamTest> T = paramTest(X))
    if (std::optional<bool> D = Entry.Args.decide(*T))
      return Result(*D);
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
  auto R = deltasSinceEntry(S, [](int, int Hi) { return Hi < 0; });
  return llvm::SmallVector<ContextDelta, 1>(R.begin(), R.end());
}

llvm::SmallVector<ContextDelta, 2> ContextAnalysis::netEffects(const ContextState &Exit) const {
  return deltasSinceEntry(Exit, [](int Lo, int Hi) { return Lo != 0 || Hi != 0; });
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
