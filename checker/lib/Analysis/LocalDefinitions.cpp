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

class FieldWriteCollector : public RecursiveASTVisitor<FieldWriteCollector> {
public:
  FieldWrites W;

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp())
      written(BO->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp()) {
      written(U->getSubExpr());
    } else if (U->getOpcode() == UO_AddrOf) {
      Target T = targetOf(U->getSubExpr());
      if (T.Var && T.Field.empty() && !T.Through)
        ++W.AddressTaken[T.Var]; // &cfg: where it goes, it may be changed
      else
        written(U->getSubExpr()); // &cfg.x, &p->x
    }
    return true;
  }

private:
  /// The variable an lvalue is part of, with its top-level field (empty for
  /// the whole), and whether it is reached through the pointer.
  struct Target {
    const ValueDecl *Var = nullptr;
    llvm::StringRef Field;
    bool Through = false;
  };
  static Target targetOf(const Expr *E) {
    Target T;
    for (unsigned Depth = 0; E && Depth < 16; ++Depth) {
      E = E->IgnoreParenImpCasts();
      if (const auto *ME = dyn_cast<MemberExpr>(E)) {
        T.Field = ME->getMemberDecl()->getName();
        T.Through |= ME->isArrow();
        E = ME->getBase();
      } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
        T.Through |= AS->getBase()->IgnoreParenImpCasts()->getType()->isPointerType();
        E = AS->getBase();
      } else if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref) {
        T.Through = true;
        E = U->getSubExpr();
      } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
        T.Var = DRE->getDecl();
        return T;
      } else {
        return Target();
      }
    }
    return Target();
  }
  void written(const Expr *LHS) {
    Target T = targetOf(LHS);
    if (!T.Var)
      return;
    if (T.Field.empty())
      W.Whole.insert(T.Var);
    else
      W.Fields[T.Var].insert(T.Field);
  }
};
} // namespace

FieldWrites allocflags::collectFieldWrites(const Stmt *Body) {
  FieldWriteCollector C;
  if (Body)
    C.TraverseStmt(const_cast<Stmt *>(Body));
  return std::move(C.W);
}

llvm::DenseMap<const VarDecl *, LocalDefinitions> allocflags::countLocalDefinitions(const Stmt *Body) {
  DefinitionCounter C;
  if (Body)
    C.TraverseStmt(const_cast<Stmt *>(Body));
  return std::move(C.Vars);
}
