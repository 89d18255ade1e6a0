//===- LocalDefinitions.h - how a function defines its locals --*- C++ -*-===//
//
// How each local scalar of a body is defined: by its initialiser, by plain
// assignments, or in ways that make its value unknowable (compound
// assignment, ++/--, its address taken).  A local defined once and never
// exposed stands for its one definition: conditions look through
// `bool is_atomic = (gfp & GFP_KERNEL) != GFP_KERNEL;` (ContextAnalysis),
// calls through `fn = dev->ops->get;` (IndirectCalls).
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_LOCALDEFINITIONS_H
#define ALLOCFLAGS_ANALYSIS_LOCALDEFINITIONS_H

#include "llvm/ADT/DenseMap.h"

namespace clang {
class Expr;
class Stmt;
class VarDecl;
} // namespace clang

namespace allocflags {

struct LocalDefinitions {
  const clang::Expr *Value = nullptr; ///< the last definition seen
  unsigned Count = 0;
  bool Exposed = false;
  /// The one definition, when there is exactly one and nothing else can
  /// change the local.
  const clang::Expr *only() const { return Count == 1 && !Exposed ? Value : nullptr; }
};

/// The definitions of the non-parameter local scalars in \p Body.
llvm::DenseMap<const clang::VarDecl *, LocalDefinitions> countLocalDefinitions(const clang::Stmt *Body);

} // namespace allocflags

#endif
