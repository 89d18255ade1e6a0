//===- Operations.cpp -----------------------------------------------------===//
#include "allocflags/Analysis/Operations.h"
#include "allocflags/Analysis/IndirectCalls.h"
#include "allocflags/Analysis/MacroIndex.h"
#include "allocflags/Analysis/TUContext.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace allocflags;

/// The name to show for a called function; constructors and destructors go
/// by their class.
static llvm::StringRef calleeName(const FunctionDecl *FD) {
  if (FD->getDeclName().isIdentifier())
    return FD->getName();
  if (isa<CXXConstructorDecl, CXXDestructorDecl>(FD))
    if (const IdentifierInfo *II = cast<CXXMethodDecl>(FD)->getParent()->getIdentifier())
      return II->getName();
  return {};
}

FunctionOperations::FunctionOperations(TUContext &TU, const FunctionDecl *,
                                       llvm::ArrayRef<const CFGBlock *> RPO)
    : TU(TU) {
  const Model &M = TU.model();
  auto Classify = [&](const Stmt *S) {
    if (!S || ByStmt.count(S) || Subsumed.count(S))
      return;
    if (auto Inst = outermostModelMacro(S->getBeginLoc())) {
      auto [It, New] = ByInstance.try_emplace(Inst->NameLoc.getRawEncoding(), 0);
      if (!New) {
        Subsumed.insert(S);
        return;
      }
      Operation Op;
      Op.Facts = M.lookup(Inst->Expansion->Name);
      Op.Macro = Inst->Expansion;
      Op.Name = Inst->Expansion->Name;
      Op.Loc = TU.userLoc(Inst->NameLoc);
      It->second = add(std::move(Op));
      ByStmt[S] = It->second;
      return;
    }
    const FunctionDecl *Callee = nullptr;
    const Expr *CallE = nullptr;
    SourceLocation Loc;
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      Callee = CE->getDirectCallee();
      CallE = CE;
      Loc = CE->getExprLoc();
    } else if (const auto *CCE = dyn_cast<CXXConstructExpr>(S)) {
      Callee = CCE->getConstructor();
      CallE = CCE;
      Loc = CCE->getLocation();
    }
    if (!Callee) {
      if (const IndirectCall *IC = TU.indirectCalls().resolve(dyn_cast<CallExpr>(S)))
        addIndirect(IC, CallE, TU.userLoc(Loc), S);
      return;
    }
    Operation Op;
    Op.Facts = TU.factsFor(Callee);
    Op.Callee = Callee;
    Op.CallE = CallE;
    Op.Name = calleeName(Callee);
    Op.Loc = TU.userLoc(Loc);
    uint32_t Index = add(std::move(Op));
    ByStmt[S] = Index;
    // A function that runs a chain's callbacks calls each of them.
    if (const FunctionFacts *F = Ops[Index].Facts; F && F->RunsChain)
      if (const IndirectCall *IC = TU.indirectCalls().resolveChain(dyn_cast<CallExpr>(S), *F->RunsChain))
        addIndirect(IC, CallE, Ops[Index].Loc, S, Index);
  };
  for (const CFGBlock *B : RPO) {
    for (const CFGElement &E : *B)
      if (auto CS = E.getAs<CFGStmt>()) {
        Classify(CS->getStmt());
        if (const auto *Ex = dyn_cast<Expr>(CS->getStmt()))
          ExprElements.push_back(Ex);
      }
    // A macro whose whole expansion is control flow (`do { } while (0)` from
    // might_sleep() on some configurations) shows up only as a terminator.
    if (const Stmt *T = B->getTerminatorStmt())
      if (T->getBeginLoc().isMacroID() && outermostModelMacro(T->getBeginLoc()))
        Classify(T);
  }
}

void FunctionOperations::addIndirect(const IndirectCall *IC, const Expr *CallE, SourceLocation Loc, const Stmt *S,
                                     std::optional<uint32_t> Carrier) {
  Operation Op;
  Op.CallE = CallE;
  Op.Name = IC->Pointer;
  Op.Loc = Loc;
  Op.Indirect = IC;
  uint32_t Base = add(std::move(Op));
  llvm::SmallVector<uint32_t, 2> Alts;
  if (Carrier)
    Alts.push_back(Base); // the model operation running a chain carries the call through it
  else
    ByStmt[S] = Base;
  for (const IndirectTarget &T : IC->Targets) {
    Operation Alt;
    if (T.Decl) {
      Alt.Facts = TU.factsFor(T.Decl);
      Alt.Callee = T.Decl;
      Alt.Name = calleeName(T.Decl);
    } else {
      Alt.Name = T.Name; // stored in another TU, known by its summary
    }
    Alt.CallE = CallE;
    Alt.Loc = Loc;
    Alt.Indirect = IC;
    Alt.Target = &T;
    Alts.push_back(add(std::move(Alt)));
  }
  if (!Alts.empty())
    Alternatives[Carrier ? *Carrier : Base] = std::move(Alts);
}

llvm::SmallVector<QualType, 4> allocflags::parameterTypes(const Operation &Op) {
  llvm::SmallVector<QualType, 4> Out;
  if (Op.Target && !Op.Indirect->PassesArgs)
    return Out; // nothing is known of what a chain passes its callbacks
  if (Op.Callee) {
    for (const ParmVarDecl *P : Op.Callee->parameters())
      Out.push_back(P->getType());
  } else if (const auto *CE = dyn_cast_or_null<CallExpr>(Op.CallE)) {
    QualType T = CE->getCallee()->getType();
    if (const auto *PT = T->getAs<PointerType>())
      T = PT->getPointeeType();
    if (const auto *FPT = T->getAs<FunctionProtoType>())
      Out.append(FPT->param_type_begin(), FPT->param_type_end());
  }
  return Out;
}

uint32_t FunctionOperations::add(Operation Op) {
  Op.Index = static_cast<uint32_t>(Ops.size());
  Ops.push_back(std::move(Op));
  return Ops.back().Index;
}

/// Walks the macro-location chain of \p L outwards (argument tokens back to
/// where they were written, body tokens up to their expansion) and returns
/// the outermost recorded model-macro expansion whose body produced it.
static std::optional<std::pair<SourceLocation, const MacroExpansion *>>
outermostRecorded(const TUContext &TU, SourceLocation L) {
  const SourceManager &SM = TU.sourceManager();
  const MacroIndex &Index = TU.macros();
  std::optional<std::pair<SourceLocation, const MacroExpansion *>> Found;
  unsigned Guard = 0;
  while (L.isMacroID() && ++Guard < 256) {
    if (SM.isMacroArgExpansion(L)) {
      // a token the user passed in: follow it to where it was written
      L = SM.getImmediateSpellingLoc(L);
      continue;
    }
    SourceLocation Start = SM.getImmediateExpansionRange(L).getBegin();
    if (const MacroExpansion *E = Index.lookup(Start))
      Found = {Start, E};
    L = Start;
  }
  return Found;
}

std::optional<FunctionOperations::Instance>
FunctionOperations::outermostModelMacro(SourceLocation L) const {
  if (auto R = outermostRecorded(TU, L))
    return Instance{R->first, R->second};
  return std::nullopt;
}

llvm::StringRef allocflags::outermostModelMacroName(const TUContext &TU, SourceLocation L) {
  if (auto R = outermostRecorded(TU, L))
    return R->second->Name;
  return {};
}

Operation FunctionOperations::makeImplicitCall(const FunctionDecl *Callee, SourceLocation Loc,
                                               std::string ImplicitArg) const {
  Operation Op;
  Op.Facts = TU.factsFor(Callee);
  Op.Callee = Callee;
  Op.Name = Callee ? calleeName(Callee) : llvm::StringRef();
  Op.Loc = TU.userLoc(Loc);
  Op.ImplicitArg = std::move(ImplicitArg);
  Op.Index = Operation::NotInTable;
  return Op;
}

const Expr *FunctionOperations::argExpr(const Operation &Op, unsigned I) const {
  if (Op.Target && !Op.Indirect->PassesArgs)
    return nullptr; // a chain's callbacks get other arguments than the call that runs them
  if (const auto *CE = dyn_cast_or_null<CallExpr>(Op.CallE))
    return I < CE->getNumArgs() ? CE->getArg(I) : nullptr;
  if (const auto *CCE = dyn_cast_or_null<CXXConstructExpr>(Op.CallE))
    return I < CCE->getNumArgs() ? CCE->getArg(I) : nullptr;
  if (!Op.Macro || I >= Op.Macro->Args.size() || Op.Macro->Args[I].first.isInvalid())
    return nullptr;
  // The argument's tokens, wherever the body put them: an expression whose
  // first and last tokens were written as the argument's.  The CFG lists
  // statements and calls, not every subexpression, so look inside them; the
  // first match in pre-order is the outermost.
  const SourceManager &SM = TU.sourceManager();
  SourceLocation First = SM.getFileLoc(Op.Macro->Args[I].first);
  SourceLocation Last = SM.getFileLoc(Op.Macro->Args[I].second);
  std::vector<const Stmt *> Stack;
  for (const Expr *E : ExprElements) {
    Stack.assign(1, E);
    while (!Stack.empty()) {
      const Stmt *S = Stack.back();
      Stack.pop_back();
      if (const auto *X = dyn_cast<Expr>(S);
          X && SM.getFileLoc(X->getBeginLoc()) == First && SM.getFileLoc(X->getEndLoc()) == Last)
        return X;
      auto Children = llvm::to_vector(S->children()); // kept alive for reverse()
      for (const Stmt *C : llvm::reverse(Children))
        if (C)
          Stack.push_back(C);
    }
  }
  return nullptr;
}

std::optional<ContextKindId> FunctionOperations::macroArgLockKind(const Operation &Op, unsigned I) const {
  const Expr *E = argExpr(Op, I);
  if (!E)
    return std::nullopt;
  QualType T = E->IgnoreParenImpCasts()->getType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  return TU.model().kindForLockType(T.getUnqualifiedType().getAsString());
}

const Operation *FunctionOperations::instanceAt(const Expr *E) const {
  if (!E)
    return nullptr;
  auto Inst = outermostModelMacro(E->getBeginLoc());
  if (!Inst)
    return nullptr;
  auto It = ByInstance.find(Inst->NameLoc.getRawEncoding());
  return It == ByInstance.end() ? nullptr : &Ops[It->second];
}

llvm::ArrayRef<std::string> FunctionOperations::argTokens(const Operation &Op, unsigned I) const {
  if (Op.Macro && I < Op.Macro->ArgTokens.size())
    return Op.Macro->ArgTokens[I];
  return {};
}

std::string FunctionOperations::argText(const Operation &Op, unsigned I) const {
  if (Op.Macro) {
    // as written, when the argument is one contiguous piece of a file
    if (I < Op.Macro->Args.size() && Op.Macro->Args[I].first.isValid()) {
      const SourceManager &SM = TU.sourceManager();
      SourceLocation B = Op.Macro->Args[I].first, E = Op.Macro->Args[I].second;
      if (B.isFileID() && E.isFileID()) {
        llvm::StringRef Text = Lexer::getSourceText(CharSourceRange::getTokenRange(B, E), SM, TU.langOpts());
        if (!Text.empty())
          return Text.str();
      }
    }
    return joinTokens(argTokens(Op, I));
  }
  if (const Expr *E = argExpr(Op, I))
    return TU.printedText(E);
  if (I == 0 && !Op.Target)
    return Op.ImplicitArg;
  return "";
}

const Expr *allocflags::stripCondition(const Expr *E, bool &Negated) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot) {
      Negated = !Negated;
      E = U->getSubExpr();
      continue;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->isEqualityOp()) {
      const Expr *L = B->getLHS()->IgnoreParenImpCasts();
      const Expr *R = B->getRHS()->IgnoreParenImpCasts();
      auto IsZero = [](const Expr *X) {
        const auto *IL = dyn_cast<IntegerLiteral>(X->IgnoreParenCasts()); // also NULL, (void *)0
        return IL && IL->getValue() == 0;
      };
      const Expr *Other = IsZero(R) ? L : IsZero(L) ? R : nullptr;
      if (!Other)
        return E;
      if (B->getOpcode() == BO_EQ)
        Negated = !Negated;
      E = Other;
      continue;
    }
    if (const auto *CE = dyn_cast<CallExpr>(E);
        CE && CE->getBuiltinCallee() == Builtin::BI__builtin_expect && CE->getNumArgs() == 2) {
      E = CE->getArg(0);
      continue;
    }
    return E;
  }
  return E;
}

/// What a read macro reads: READ_ONCE(x) is `(*(const volatile T *)&(x))`,
/// rcu_dereference(p) a statement expression ending in a local initialised
/// from READ_ONCE(p).
const Expr *allocflags::throughReads(const Expr *E) {
  for (unsigned I = 0; E && I < 8; ++I) {
    E = E->IgnoreParenCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref)
      if (const auto *A = dyn_cast<UnaryOperator>(U->getSubExpr()->IgnoreParenCasts());
          A && A->getOpcode() == UO_AddrOf) {
        E = A->getSubExpr();
        continue;
      }
    const auto *SE = dyn_cast<StmtExpr>(E);
    const CompoundStmt *CS = SE ? SE->getSubStmt() : nullptr;
    const auto *Last = CS && !CS->body_empty() ? dyn_cast<Expr>(CS->body_back()) : nullptr;
    if (!Last)
      return E;
    E = Last->IgnoreParenCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->hasLocalStorage() && VD->getInit())
        E = VD->getInit();
  }
  return E;
}

const Operation *FunctionOperations::fromExpr(const Expr *E, const Stmt *Terminator) const {
  if (!E)
    return nullptr;
  if (const Operation *Op = at(E))
    return Op->isConditional() ? Op : nullptr;
  auto Inst = outermostModelMacro(E->getBeginLoc());
  if (!Inst)
    return nullptr;
  auto It = ByInstance.find(Inst->NameLoc.getRawEncoding());
  if (It == ByInstance.end() || !Ops[It->second].isConditional())
    return nullptr;
  // A branch inside the expansion itself (the ?: in spin_trylock_irqsave) is
  // part of the primitive, not a test of its result.
  if (Terminator) {
    auto TI = outermostModelMacro(Terminator->getBeginLoc());
    if (TI && TI->NameLoc == Inst->NameLoc)
      return nullptr;
  }
  return &Ops[It->second];
}

const Operation *FunctionOperations::conditional(const Expr *Cond, const Stmt *Terminator,
                                                 bool &Negated, const VarDecl *&Var) const {
  Negated = false;
  Var = nullptr;
  const Expr *S = stripCondition(Cond, Negated);
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(S))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->hasLocalStorage()) {
      Var = VD;
      return nullptr;
    }
  return fromExpr(S, Terminator);
}

const Operation *FunctionOperations::valueOf(const Expr *E) const {
  bool Negated = false;
  const Expr *S = stripCondition(E, Negated);
  if (Negated)
    return nullptr; // `locked = !spin_trylock(l)`: not worth following
  return fromExpr(S, nullptr);
}

const Stmt *allocflags::parentOf(ASTContext &Ctx, const Stmt *S) {
  auto Ps = Ctx.getParents(*S);
  return Ps.empty() ? nullptr : Ps[0].get<Stmt>();
}

bool allocflags::sameExpr(ASTContext &Ctx, const Expr *X, const Expr *Y) {
  llvm::FoldingSetNodeID A, B;
  X->IgnoreParenImpCasts()->Profile(A, Ctx, /*Canonical=*/true);
  Y->IgnoreParenImpCasts()->Profile(B, Ctx, /*Canonical=*/true);
  return A == B;
}

bool allocflags::leavesPath(const Stmt *S) {
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(S))
    S = CS->body_empty() ? nullptr : CS->body_back();
  return S && (isa<ReturnStmt>(S) || isa<GotoStmt>(S) || isa<BreakStmt>(S) || isa<ContinueStmt>(S));
}

bool allocflags::reachedOnlyIfTested(ASTContext &Ctx, const Stmt *S, const Expr *Target, bool Null) {
  // The condition is true exactly where the target is null (WantNull) or
  // set (!WantNull).
  auto Tests = [&](const Expr *Cond, bool WantNull) {
    bool Negated = false;
    const Expr *X = stripCondition(Cond, Negated);
    return X && Negated == WantNull && sameExpr(Ctx, X, Target);
  };
  const Stmt *Cur = S;
  for (const Stmt *P = parentOf(Ctx, Cur); P; Cur = P, P = parentOf(Ctx, P)) { // up to the body
    if (const auto *If = dyn_cast<IfStmt>(P); If && If->getThen() == Cur && Tests(If->getCond(), Null))
      return true;
    if (const auto *CO = dyn_cast<ConditionalOperator>(P); CO && CO->getTrueExpr() == Cur && Tests(CO->getCond(), Null))
      return true;
    if (const auto *CS = dyn_cast<CompoundStmt>(P))
      for (const Stmt *Prev : CS->body()) {
        if (Prev == Cur)
          break;
        if (const auto *If = dyn_cast<IfStmt>(Prev); If && !If->getElse() && leavesPath(If->getThen()) &&
                                                    Tests(If->getCond(), !Null))
          return true;
      }
  }
  return false;
}
