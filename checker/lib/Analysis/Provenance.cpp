//===- Provenance.cpp - where pointers' memory came from -----------------===//
//
// Part of the context analysis: a may-analysis of the allocator families the
// memory behind each tracked lvalue (a local, a field path "e->buf", "*buf")
// may come from, flowing through locals, casts, conditionals, pointer
// arithmetic and container_of(), function returns (summaries), fields (the
// whole program's stores into a record field) and parameters (what callers
// pass in: entry contexts).  is_vmalloc_addr(p) refines it on each branch.
// A null pointer is remembered as such: freeing it is fine.
//
//===----------------------------------------------------------------------===//
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/TUContext.h"
#include "allocflags/Model/Model.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace allocflags;

uint32_t ContextAnalysis::siteFor(const void *Anchor, ProvenanceSite Site) const {
  auto [It, New] = SiteIds.try_emplace(Anchor, static_cast<uint32_t>(Sites.size()));
  if (New)
    Sites.push_back(std::move(Site));
  return It->second;
}

uint32_t ContextAnalysis::provenanceKey(const Expr *E) const {
  if (!E)
    return 0;
  E = E->IgnoreParenCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (!isa<VarDecl>(DRE->getDecl()))
      return 0;
  } else if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() != UO_Deref || !provenanceKey(U->getSubExpr()))
      return 0;
  } else if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (!isa<FieldDecl>(ME->getMemberDecl()))
      return 0;
  } else {
    return 0;
  }
  return TU.internKey(normalizeLockText(TU.printedText(E)));
}

Provenance ContextAnalysis::provenanceOf(const Expr *E, const ContextState &S) const {
  return provenanceOfImpl(E, S, 0);
}

Provenance ContextAnalysis::provenanceOfImpl(const Expr *E, const ContextState &S, unsigned Depth) const {
  Provenance None;
  if (!E || Depth > 8)
    return None;
  E = E->IgnoreParenCasts();
  if (!E->isValueDependent() &&
      E->isNullPointerConstant(TU.ast(), Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull) {
    Provenance P;
    P.Null = true;
    return P;
  }
  const Model &M = TU.model();

  // An allocation: a call the model knows, or a macro expansion of one whose
  // value this expression is (kvzalloc(...) -> alloc_hooks(...) on new kernels).
  const Operation *Op = nullptr;
  if (const auto *CE = dyn_cast<CallExpr>(E))
    Op = Ops->at(CE);
  if (!Op || !Op->Facts)
    if (const Operation *I = Ops->instanceAt(E); I && I->Loc == TU.userLoc(E->getBeginLoc()))
      Op = I;
  if (Op && Op->Facts && Op->Facts->Alloc) {
    std::optional<unsigned> F = M.findFamily(Op->Facts->Alloc->Family);
    if (!F)
      return None;
    // kvmalloc() with flags that do not block never falls back to vmalloc.
    if (const AllocFamily &AF = M.families()[*F];
        AF.Vmalloc == VmallocKind::Maybe && !AF.IfNonBlocking.empty() && Op->Facts->Alloc->FlagsArg >= 0)
      if (std::optional<bool> B = blocks(flagsOf(*Op, Op->Facts->Alloc->FlagsArg, S), S); B && !*B)
        if (std::optional<unsigned> To = M.findFamily(AF.IfNonBlocking))
          F = To;
    Provenance P;
    P.Families = 1u << *F;
    P.Site = siteFor(Op, {Op->Loc, Op->Name.str(), {}});
    if (Op->Facts->Alloc->CacheArg >= 0) {
      std::string Cache = Ops->argText(*Op, Op->Facts->Alloc->CacheArg);
      P.Instance = Cache.empty() ? 0 : TU.internKey(normalizeLockText(Cache));
    }
    return P;
  }
  // A function that returns allocated memory (its summary).
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    const FunctionSummary *Sum = Callee && !(Op && Op->Facts) ? TU.summaryOf(Callee) : nullptr;
    if (Sum && !Sum->Returns.Families.empty()) {
      Provenance P;
      for (const std::string &Name : Sum->Returns.Families)
        if (std::optional<unsigned> F = M.findFamily(Name))
          P.Families |= 1u << *F;
      std::string Text = "'" + Sum->Name + "' returns memory from '" + Sum->Returns.What + "' here";
      SourceLocation L = TU.locationOf(Sum->Returns.Site);
      if (L.isInvalid() && Sum->Returns.Site.valid())
        Text += " (" + Sum->Returns.Site.str() + ")";
      std::string What = Sum->Returns.Families.size() == 1 ? Sum->Returns.What : Sum->Name;
      P.Site = siteFor(CE, {TU.userLoc(CE->getExprLoc()), What, {FindingNote{L, Text}}});
      return P;
    }
    return None;
  }
  if (const auto *SE = dyn_cast<StmtExpr>(E)) {
    // ({ ...; value; }), as in container_of()
    const CompoundStmt *CS = SE->getSubStmt();
    if (!CS->body_empty())
      if (const auto *Last = dyn_cast<Expr>(CS->body_back()))
        return provenanceOfImpl(Last, S, Depth + 1);
    return None;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    if (const auto *ME = dyn_cast<MemberExpr>(U->getSubExpr()->IgnoreParens()); ME && ME->isArrow())
      return provenanceOfImpl(ME->getBase(), S, Depth + 1); // &x->member: inside x's memory
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    return Provenance::either(provenanceOfImpl(CO->getTrueExpr(), S, Depth + 1),
                              provenanceOfImpl(CO->getFalseExpr(), S, Depth + 1));
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->isAdditiveOp()) {
    // pointer arithmetic stays inside the allocation
    if (BO->getLHS()->getType()->isPointerType())
      return provenanceOfImpl(BO->getLHS(), S, Depth + 1);
    if (BO->getRHS()->getType()->isPointerType())
      return provenanceOfImpl(BO->getRHS(), S, Depth + 1);
    return None;
  }
  if (uint32_t Key = provenanceKey(E)) {
    Provenance P = S.provenance(Key);
    if (P.known() || P.Null)
      return P;
  }
  // A field: what the whole program stores into it.
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      if (const FieldFact *F = TU.fieldFact(FD); F && !F->HasUnknown && !F->Families.empty()) {
        Provenance P;
        for (const std::string &Name : F->Families)
          if (std::optional<unsigned> Fam = M.findFamily(Name))
            P.Families |= 1u << *Fam;
        std::string Text = "'" + F->Field + "' is set to memory from '" + F->What + "' here";
        SourceLocation L = TU.locationOf(F->Site);
        if (L.isInvalid() && F->Site.valid())
          Text += " (" + F->Site.str() + ")";
        P.Site = siteFor(FD, {L, F->What, {FindingNote{L, Text}}});
        P.FromField = true;
        return P;
      }
  return None;
}

void ContextAnalysis::trackProvenance(const Stmt *St, ContextState &S, OperationObserver *Obs) {
  auto Assign = [&](const Expr *LHS, const Expr *RHS) {
    if (!LHS->getType()->isPointerType())
      return;
    Provenance P = provenanceOf(RHS, S);
    if (uint32_t Key = provenanceKey(LHS))
      S.setProvenance(Key, P);
    if (Obs)
      if (const auto *ME = dyn_cast<MemberExpr>(LHS->IgnoreParenCasts()))
        if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
          Obs->onFieldStore(FD, P, S);
  };
  if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit() && VD->getType()->isPointerType()) {
        Provenance P = provenanceOf(VD->getInit(), S);
        S.setProvenance(TU.internKey(VD->getName()), P);
      }
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(St); BO && BO->getOpcode() == BO_Assign)
    Assign(BO->getLHS(), BO->getRHS());
}

void ContextAnalysis::seedProvenance(ContextState &S) {
  for (const EntryProvenance &EP : Entry.ParamProv) {
    if (EP.Param >= FD->getNumParams())
      continue;
    std::string Name = FD->getParamDecl(EP.Param)->getName().str();
    Provenance P;
    P.Families = EP.Families;
    P.Instance = EP.Instance.empty() ? 0 : TU.internKey(EP.Instance);
    P.Site = siteFor(&EP, {FD->getLocation(), EP.What, EP.Notes});
    S.setProvenance(TU.internKey(EP.Deref ? "*" + Name : Name), P);
  }
}

void ContextAnalysis::refineOnVmallocTest(const Expr *Cond, bool TrueEdge, ContextState &S) {
  bool Negated = false;
  const Expr *X = stripCondition(Cond, Negated);
  const auto *CE = dyn_cast_or_null<CallExpr>(X);
  const Operation *Op = CE ? Ops->at(CE) : nullptr;
  if (!Op)
    Op = Ops->instanceAt(X);
  if (!Op || !Op->Facts || !Op->Facts->VmallocTest)
    return;
  uint32_t Key = provenanceKey(Ops->argExpr(*Op, Op->Facts->VmallocTest->Arg));
  if (!Key)
    return;
  Provenance P = S.provenance(Key);
  if (!P.known())
    return;
  bool IsVmalloc = TrueEdge != Negated;
  const Model &M = TU.model();
  uint32_t Out = 0;
  for (unsigned I = 0; I < M.families().size(); ++I) {
    if (!(P.Families & (1u << I)))
      continue;
    const AllocFamily &F = M.families()[I];
    if (F.Vmalloc == VmallocKind::Maybe) {
      if (std::optional<unsigned> To = M.findFamily(IsVmalloc ? F.IfVmalloc : F.IfNotVmalloc))
        Out |= 1u << *To;
    } else if ((F.Vmalloc == VmallocKind::Yes) == IsVmalloc) {
      Out |= 1u << I;
    }
  }
  P.Families = Out;
  S.setProvenance(Key, P);
}

std::string ContextAnalysis::allocatorOf(const Provenance &P) const {
  return P.Site < Sites.size() ? Sites[P.Site].What : std::string();
}

llvm::SmallVector<FindingNote, 2> ContextAnalysis::provenanceNotes(const Provenance &P) const {
  if (P.Site >= Sites.size())
    return {};
  const ProvenanceSite &Site = Sites[P.Site];
  if (!Site.Chain.empty())
    return Site.Chain;
  return {FindingNote{Site.Loc, "allocated by '" + Site.What + "' here"}};
}
