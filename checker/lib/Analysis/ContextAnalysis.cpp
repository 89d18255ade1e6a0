//===- ContextAnalysis.cpp - the walk: worklist, transfer, edges ----------===//
//
// Forward dataflow over the function's CFG (ContextAnalysis.h); what the
// walk asks of expressions -- parameters and their tests, gfp flags,
// conditions, the contexts relative to entry and their notes -- is in
// ContextConditions.cpp.
//
//===----------------------------------------------------------------------===//
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
      // A path that ends in BUG() or panic() never returns: what it holds
      // there is no effect on callers (a lock taken before a BUG_ON would
      // otherwise be "maybe still held" after every call).
      if (SB == &Cfg->getExit() && B->hasNoReturnElement())
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
    if (D.Exposed)
      ExposedLocals.insert(VD);
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
  case CFGElement::DeleteDtor:
  case CFGElement::MemberDtor:
  case CFGElement::BaseDtor: {
    // `delete p` runs the pointee's destructor; a destructor's body ends by
    // running its members' and bases' (the destructor's closing brace).
    auto D = E.castAs<CFGImplicitDtor>();
    const CXXDestructorDecl *Dtor = D.getDestructorDecl(TU.ast());
    if (!Dtor)
      return;
    const void *Anchor = nullptr;
    SourceLocation Loc;
    if (auto Del = E.getAs<CFGDeleteDtor>()) {
      Anchor = Del->getDeleteExpr();
      Loc = Del->getDeleteExpr()->getBeginLoc();
    } else if (auto M = E.getAs<CFGMemberDtor>()) {
      Anchor = M->getFieldDecl();
      Loc = FD->getEndLoc();
    } else {
      Anchor = E.castAs<CFGBaseDtor>().getBaseSpecifier();
      Loc = FD->getEndLoc();
    }
    Operation Op = Ops->makeImplicitCall(Dtor, Loc, "");
    applyOperation(Op, Anchor, S, Obs);
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
    return Text.empty() ? NoKey : TU.internKey(normalizeLockText(Text));
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
  LockKey Key = Text.empty() ? NoKey : TU.internKey(normalizeLockText(Text));
  // Already known to be held - also when a context of the kind entered
  // with a lock the caller's text could not name over our parameters
  // (`&EXT4_SB(inode->i_sb)->s_fc_lock`): a function asserting a lock on
  // entry is told about its caller's, and an unlock of it must release that
  // one, not a second count of the same lock.
  for (const HeldContext &H : S.held())
    if (H.Kind == *Kind && (H.Key == Key || H.Key == NoKey) && H.Min > 0)
      return;
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
  return instantiateLock(
      Template,
      [&](std::optional<unsigned> N) -> std::string {
        if (N)
          return Ops->argText(Op, *N);
        std::string This = Op.ImplicitArg;
        if (const auto *MCE = dyn_cast_or_null<CXXMemberCallExpr>(Op.CallE))
          if (const Expr *Obj = MCE->getImplicitObjectArgument()) {
            const auto *ME = dyn_cast<MemberExpr>(MCE->getCallee()->IgnoreParens());
            This = (ME && ME->isArrow() ? "" : "&") + TU.printedText(Obj);
          }
        return This;
      },
      LockArgs::Expressions);
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
        Key = TU.internKey(normalizeLockText(Text));
        if (!D.Opaque)
          Shown = Text;
      }
    }
    if (!Shown.empty() && Origin < Origins.size() && Origins[Origin].LockText.empty())
      const_cast<ContextOrigin &>(Origins[Origin]).LockText = normalizeLockText(Shown);
    // A callee that releases on some path is taken to release on all of them
    // (guard destructors test the lock pointer first; it is never null), so
    // neither join rule keeps a lock "held" past the end of its guard.
    int Hi = D.Lo < 0 ? D.Lo : D.Hi;
    S.adjust(*Kind, Key, D.Lo, Hi, Origin, /*FallbackRelease=*/true);
  }
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
    S.setZeroWhen(VD, Opc == BO_Assign && Value ? zeroWhenOf(Value) : std::nullopt);
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
  // A test of an integer parameter (the way taken, for calls below it), or
  // of the context the code runs in.
  addConditionFacts(Cond, TrueEdge, S);

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
