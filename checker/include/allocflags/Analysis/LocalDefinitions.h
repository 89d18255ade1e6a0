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
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

namespace clang {
class Expr;
class Stmt;
class ValueDecl;
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

/// What a body may change of a struct - a local one, or the one a pointer
/// parameter points to - anywhere, whatever the path: fields assigned
/// (`cfg.fc_type = ...`, `p->x |= 1`), incremented or whose address is taken
/// (by their top-level field: `cfg.nl.net = n` changes `nl`); the whole of it
/// when it is assigned, written through `*p` or `p[i]`, or the pointer
/// reassigned.  Where a local's address goes (`&cfg`) is counted: a
/// callee handed it may change anything.
struct FieldWrites {
  llvm::DenseMap<const clang::ValueDecl *, llvm::StringSet<>> Fields;
  llvm::DenseSet<const clang::ValueDecl *> Whole;
  llvm::DenseMap<const clang::ValueDecl *, unsigned> AddressTaken;
  bool mayChange(const clang::ValueDecl *V, llvm::StringRef Field) const {
    if (Whole.count(V))
      return true;
    auto It = Fields.find(V);
    return It != Fields.end() && It->second.count(Field);
  }
};

FieldWrites collectFieldWrites(const clang::Stmt *Body);

} // namespace allocflags

#endif
