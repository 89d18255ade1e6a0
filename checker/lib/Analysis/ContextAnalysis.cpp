//===- ContextAnalysis.cpp ------------------------------------------------===//
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/MacroEval.h"
#include "allocflags/Analysis/MacroIndex.h"
#include "allocflags/Analysis/TUContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include <set>

using namespace clang;
using namespace allocflags;

OperationObserver::~OperationObserver() = default;

ContextAnalysis::ContextAnalysis(TUContext &TU, const FunctionDecl *FD) : TU(TU), FD(FD) {}
ContextAnalysis::~ContextAnalysis() = default;

bool ContextAnalysis::run() {
  const Stmt *Body = FD->getBody();
  if (!Body)
    return false;
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true;   // C++ RAII guards and cleanup-attribute guards
  BO.AddTemporaryDtors = true;
  BO.AddInitializers = true;
  BO.PruneTriviallyFalseEdges = true; // do { } while (0) bodies of macros
  Cfg = CFG::buildCFG(FD, const_cast<Stmt *>(Body), &TU.ast(), BO);
  if (!Cfg)
    return false;

  computeReversePostOrder();
  std::vector<unsigned> RPOIndex(Cfg->getNumBlockIDs(), ~0u);
  for (unsigned I = 0; I < RPO.size(); ++I)
    RPOIndex[RPO[I]->getBlockID()] = I;
  Ops = std::make_unique<FunctionOperations>(TU, FD, RPO);
  EntryStates.assign(Cfg->getNumBlockIDs(), std::nullopt);

  // Worklist ordered by reverse post-order: a block is processed after its
  // forward predecessors, so most functions converge in one pass.
  std::vector<bool> Queued(RPO.size(), false);
  std::set<unsigned> Work;
  const CFGBlock &Entry = Cfg->getEntry();
  EntryStates[Entry.getBlockID()] = ContextState();
  Work.insert(RPOIndex[Entry.getBlockID()]);
  unsigned Steps = 0;
  const unsigned StepLimit = 64 * static_cast<unsigned>(RPO.size()) + 1024;
  while (!Work.empty() && ++Steps < StepLimit) {
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
      edgeTransfer(B, ThisIndex, Out);
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
  const CFGBlock *Entry = &Cfg->getEntry();
  Seen[Entry->getBlockID()] = true;
  Stack.push_back({Entry, Entry->succ_rbegin()});
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
    trackLocals(St, S);
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
    Operation Op = Ops->makeImplicitCall(Dtor, D.getTriggerStmt() ? D.getTriggerStmt()->getEndLoc()
                                                                  : VD->getLocation(),
                                         "&" + varText(VD));
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
  if (Obs)
    Obs->onOperation(Op, S);
  if (Op.Facts && Op.Facts->Context) {
    if (Op.isConditional())
      return; // takes effect on the branch edge (edgeTransfer)
    ContextOrigin O{Op.Loc, "", ""};
    if (Op.Facts->Context->LockArg >= 0)
      O.LockText = Ops->argText(Op, Op.Facts->Context->LockArg);
    applyPrimitive(Op, *Op.Facts->Context, originFor(Anchor, std::move(O)), S, false);
    return;
  }
  if (!Op.Facts && Op.Callee) {
    const CalleeEffects &CE = TU.effectsOf(Op.Callee);
    if (CE.Effects.empty())
      return;
    ContextOrigin O{Op.Loc, "", Op.Name.str()};
    applyCalleeEffects(Op, originFor(Anchor, std::move(O)), S);
  }
}

void ContextAnalysis::applyPrimitive(const Operation &Op, const ContextPrimitive &P, uint32_t Origin,
                                     ContextState &S, bool EnterOnly) {
  const Model &M = TU.model();
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

/// Replaces $0, $1, ... and $this (the object pointer) in a callee's key
/// template with the caller's argument texts.  Empty when an argument has no
/// text.
static std::string instantiateKey(llvm::StringRef Template, TUContext &TU,
                                  const FunctionOperations &Ops, const Operation &Op) {
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
      while (J < Template.size() && isdigit(static_cast<unsigned char>(Template[J])))
        N = N * 10 + (Template[J++] - '0');
      Arg = Ops.argText(Op, N);
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

void ContextAnalysis::applyCalleeEffects(const Operation &Op, uint32_t Origin, ContextState &S) {
  const CalleeEffects &CE = TU.effectsOf(Op.Callee);
  for (const CalleeEffect &Eff : CE.Effects) {
    LockKey Key = NoKey;
    std::string Shown;
    if (!Eff.KeyTemplate.empty()) {
      std::string Text = instantiateKey(Eff.KeyTemplate, TU, *Ops, Op);
      if (!Text.empty()) {
        Key = TU.internKey(normalizeKeyText(Text));
        if (!Eff.Opaque)
          Shown = Text;
      }
    }
    if (!Shown.empty() && Origins[Origin].LockText.empty())
      Origins[Origin].LockText = normalizeKeyText(Shown);
    // A callee that releases on some path is taken to release on all of them
    // (guard destructors test the lock pointer first; it is never null), so
    // neither join rule keeps a lock "held" past the end of its guard.
    int Hi = Eff.Lo < 0 ? Eff.Lo : Eff.Hi;
    S.adjust(Eff.Kind, Key, Eff.Lo, Hi, Origin, /*FallbackRelease=*/true);
  }
}

void ContextAnalysis::trackLocals(const Stmt *St, ContextState &S) {
  auto Track = [&](const VarDecl *VD, const Expr *Value, BinaryOperatorKind Opc) {
    if (!VD || !VD->hasLocalStorage() || !VD->getType()->isIntegerType())
      return;
    std::optional<uint64_t> V = Value ? TU.gfp().evaluate(Value) : std::nullopt;
    if (!V && Value)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Value->IgnoreParenImpCasts()))
        if (const auto *Src = dyn_cast<VarDecl>(DRE->getDecl()))
          V = S.value(Src);
    if (Opc == BO_OrAssign || Opc == BO_AndAssign) {
      std::optional<uint64_t> Old = S.value(VD);
      V = (Old && V) ? std::optional<uint64_t>(Opc == BO_OrAssign ? (*Old | *V) : (*Old & *V))
                     : std::nullopt;
    } else if (Opc != BO_Assign) {
      V = std::nullopt;
    }
    if (V)
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

void ContextAnalysis::edgeTransfer(const CFGBlock *B, unsigned SuccIndex, ContextState &S) {
  if (B->succ_size() != 2)
    return;
  const Stmt *T = B->getTerminatorStmt();
  const Expr *Cond = B->getLastCondition();
  if (!T || !Cond)
    return;
  bool Negated = false;
  const VarDecl *Var = nullptr;
  const Operation *Op = Ops->conditional(Cond, T, Negated, Var);
  if (!Op && Var)
    if (std::optional<uint32_t> I = S.pending(Var))
      Op = &(*Ops)[*I];
  if (!Op)
    return;
  const ContextPrimitive &P = *Op->Facts->Context;
  bool TrueMeansSuccess = (P.When == WhenKind::NonZero) != Negated;
  if ((SuccIndex == 0) != TrueMeansSuccess)
    return;
  ContextOrigin O{Op->Loc, "", ""};
  if (P.LockArg >= 0)
    O.LockText = Ops->argText(*Op, P.LockArg);
  applyPrimitive(*Op, P, originFor(Op, std::move(O)), S, /*EnterOnly=*/true);
}

std::optional<uint64_t> ContextAnalysis::flagsValue(const Operation &Op, int FlagsArg,
                                                    const ContextState &S) const {
  if (FlagsArg < 0)
    return std::nullopt;
  if (Op.Macro) {
    llvm::ArrayRef<std::string> Toks = Ops->argTokens(Op, FlagsArg);
    if (const Preprocessor *PP = TU.preprocessor())
      if (auto V = MacroValueEvaluator(*PP, &TU.ast()).evaluateTokens(Toks))
        return V;
    if (Toks.size() == 1)
      if (const VarDecl *VD = TrackedLocals.lookup(Toks[0]))
        return S.value(VD);
    return std::nullopt;
  }
  const Expr *E = Ops->argExpr(Op, FlagsArg);
  if (!E)
    return std::nullopt;
  if (auto V = TU.gfp().evaluate(E))
    return V;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return S.value(VD);
  return std::nullopt;
}

std::string ContextAnalysis::flagsText(const Operation &Op, int FlagsArg) const {
  if (FlagsArg < 0)
    return "";
  if (Op.Macro)
    return Ops->argText(Op, FlagsArg);
  if (const Expr *E = Ops->argExpr(Op, FlagsArg))
    return TU.spelledText(E);
  return "";
}

llvm::SmallVector<FindingNote, 4> ContextAnalysis::contextNotes(const ContextState &S,
                                                               JoinRuleKind Rule) const {
  llvm::SmallVector<FindingNote, 4> Notes;
  llvm::SmallVector<uint32_t, 4> Seen;
  for (const HeldContext &H : S.atomicContexts(TU.model(), Rule)) {
    if (llvm::is_contained(Seen, H.Origin))
      continue;
    Seen.push_back(H.Origin);
    const ContextOrigin &O = Origins[H.Origin];
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
    Notes.push_back({O.Loc, std::move(Text)});
  }
  return Notes;
}
