//===- LocalDefinitions.cpp - how a function defines its locals -----------===//
#include "allocflags/Analysis/LocalDefinitions.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;
using namespace allocflags;

namespace {
class DefinitionCounter : public RecursiveASTVisitor<DefinitionCounter> {
public:
  llvm::DenseMap<const VarDecl *, LocalDefinitions> Vars;

  bool VisitVarDecl(VarDecl *VD) {
    if (VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) && VD->getType()->isScalarType() && VD->getInit()) {
      LocalDefinitions &D = Vars[VD];
      D.Value = VD->getInit();
      ++D.Count;
    }
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (!BO->isAssignmentOp())
      return true;
    if (const VarDecl *VD = local(BO->getLHS())) {
      LocalDefinitions &D = Vars[VD];
      D.Value = BO->getRHS();
      ++D.Count;
      D.Exposed |= BO->isCompoundAssignmentOp();
    }
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
      if (const VarDecl *VD = local(U->getSubExpr()))
        Vars[VD].Exposed = true;
    return true;
  }

private:
  static const VarDecl *local(const Expr *E) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD))
        return VD;
    return nullptr;
  }
};
} // namespace

llvm::DenseMap<const VarDecl *, LocalDefinitions> allocflags::countLocalDefinitions(const Stmt *Body) {
  DefinitionCounter C;
  if (Body)
    C.TraverseStmt(const_cast<Stmt *>(Body));
  return std::move(C.Vars);
}
