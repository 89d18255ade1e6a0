//===- Operations.h - what a CFG element does, in model terms ---*- C++ -*-===//
//
// Maps the statements of one function's CFG to operations: a call to a
// model-listed function, an expansion of a model-listed macro, or a call to a
// function the model does not know (whose effects may be inferred).
//
// Macro expansions.  A statement belongs to the outermost recorded expansion
// of a model macro whose *body* produced it: the macro-location chain of the
// statement's first token is walked outwards, following argument tokens back to
// where they were written, so `spin_lock_irqsave(get_lock(d), f)` keeps
// get_lock() as a call of its own while everything the macro body expanded to
// (typecheck(), _raw_spin_lock_irqsave(), local_irq_save() inside
// spin_trylock_irqsave, or a bare barrier() for preempt_disable without
// CONFIG_PREEMPT_COUNT) is the one operation.  The operation is carried by the
// first of its statements in reverse post-order; the others are subsumed.
//
// Conditional operations (trylocks) take effect on a branch edge: at a
// terminator whose condition is the operation, possibly negated, compared with
// zero, or wrapped in __builtin_expect - but not at branches inside the
// operation's own expansion.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_OPERATIONS_H
#define ALLOCFLAGS_ANALYSIS_OPERATIONS_H

#include "allocflags/Model/Model.h"
#include "clang/AST/Type.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CFG;
class CFGBlock;
class Expr;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace allocflags {
struct IndirectCall;
struct IndirectTarget;
struct MacroExpansion;
class TUContext;

struct Operation {
  /// Model facts, or null for a call the model does not know.
  const FunctionFacts *Facts = nullptr;
  /// The called function (null for macro expansions).
  const clang::FunctionDecl *Callee = nullptr;
  /// The call carrying the arguments (CallExpr or CXXConstructExpr), if any.
  const clang::Expr *CallE = nullptr;
  /// The expansion, when recognised as a macro.
  const MacroExpansion *Macro = nullptr;
  /// Name as the user wrote it.
  llvm::StringRef Name;
  /// Where to report it.
  clang::SourceLocation Loc;
  /// Text of an argument the AST does not show (the "&var" a cleanup function
  /// receives, the object of a destructor).
  std::string ImplicitArg;
  /// Index in the function's operation table (stable across iterations);
  /// NotInTable for implicit calls made on the fly (makeImplicitCall).
  uint32_t Index = 0;
  static constexpr uint32_t NotInTable = UINT32_MAX;
  /// A call through a function pointer (IndirectCalls.h).  The operation
  /// the statement carries has no callee; each target this TU declares is
  /// an alternative with the target as its callee, seen by observers (for
  /// sleeping and contexts) but applying no effects.
  const IndirectCall *Indirect = nullptr;
  /// For an alternative: the target.  One only the summary store knows (no
  /// declaration here) has no callee; its summary is found by USR.
  const IndirectTarget *Target = nullptr;
  /// The operation carried by the statement of a call through a pointer.
  bool isIndirectBase() const { return Indirect && !Target; }

  bool isConditional() const {
    return Facts && Facts->Context && Facts->Context->When != WhenKind::Always;
  }
};

class FunctionOperations {
public:
  /// \p RPO is the CFG's blocks in reverse post-order.
  FunctionOperations(TUContext &TU, const clang::FunctionDecl *FD,
                     llvm::ArrayRef<const clang::CFGBlock *> RPO);

  /// The operation a statement carries, if any.
  const Operation *at(const clang::Stmt *S) const {
    auto It = ByStmt.find(S);
    return It == ByStmt.end() ? nullptr : &Ops[It->second];
  }
  /// True for statements that are part of a macro operation carried elsewhere.
  bool subsumed(const clang::Stmt *S) const { return Subsumed.count(S); }

  /// The conditional operation decided by a branch on \p Cond (the block's
  /// last condition) under \p Terminator; \p Negated tells whether the true
  /// edge means "zero".  Does not look through variables (see ContextAnalysis).
  const Operation *conditional(const clang::Expr *Cond, const clang::Stmt *Terminator,
                               bool &Negated, const clang::VarDecl *&Var) const;

  /// The operation produced by an expression used as a value (a trylock
  /// stored in a variable).
  const Operation *valueOf(const clang::Expr *E) const;
  /// The macro operation whose expansion produced \p E, if any.
  const Operation *instanceAt(const clang::Expr *E) const;

  /// The targets of a call through a pointer, as operations (see
  /// Operation::Indirect).
  llvm::ArrayRef<uint32_t> alternatives(const Operation &Op) const {
    // NotInTable is DenseMap's empty key: never look it up.
    if (Op.Index == Operation::NotInTable)
      return {};
    auto It = Alternatives.find(Op.Index);
    return It == Alternatives.end() ? llvm::ArrayRef<uint32_t>() : llvm::ArrayRef<uint32_t>(It->second);
  }

  const Operation &operator[](uint32_t I) const { return Ops[I]; }
  size_t size() const { return Ops.size(); }

  /// Makes a call operation for an implicit call (destructor, cleanup
  /// function); not indexed by statement.
  Operation makeImplicitCall(const clang::FunctionDecl *Callee, clang::SourceLocation Loc,
                             std::string ImplicitArg) const;

  /// Argument \p I as an expression: the call's argument, or for a macro
  /// the outermost expression spelled exactly as that argument.
  const clang::Expr *argExpr(const Operation &Op, unsigned I) const;
  /// The lock kind of a macro argument naming a lock (by its type).
  std::optional<ContextKindId> macroArgLockKind(const Operation &Op, unsigned I) const;
  /// Argument \p I as text: spelled as written for macros, printed for calls.
  std::string argText(const Operation &Op, unsigned I) const;
  /// Argument \p I as unexpanded token spellings (macro operations only).
  llvm::ArrayRef<std::string> argTokens(const Operation &Op, unsigned I) const;

private:
  struct Instance {
    clang::SourceLocation NameLoc;
    const MacroExpansion *Expansion;
  };
  std::optional<Instance> outermostModelMacro(clang::SourceLocation L) const;
  const Operation *fromExpr(const clang::Expr *E, const clang::Stmt *Terminator) const;
  uint32_t add(Operation Op);
  /// Adds a call through a pointer (or, with \p Carrier, through the chain
  /// the model operation \p Carrier runs) and its targets.
  void addIndirect(const IndirectCall *IC, const clang::Expr *CallE, clang::SourceLocation Loc,
                   const clang::Stmt *S, std::optional<uint32_t> Carrier = std::nullopt);

  TUContext &TU;
  std::vector<Operation> Ops;
  llvm::DenseMap<const clang::Stmt *, uint32_t> ByStmt;
  llvm::DenseSet<const clang::Stmt *> Subsumed;
  llvm::DenseMap<clang::SourceLocation::UIntTy, uint32_t> ByInstance;
  llvm::DenseMap<uint32_t, llvm::SmallVector<uint32_t, 2>> Alternatives;
  std::vector<const clang::Expr *> ExprElements; // in CFG order, for argExpr on macros
};

/// The types of the parameters a call operation passes arguments to: its
/// callee's, or for a call through a pointer, the pointer's function type's.
llvm::SmallVector<clang::QualType, 4> parameterTypes(const Operation &Op);

/// The name of the outermost model-named macro whose body produced \p L
/// ("" if none): what the user wrote for a call that a macro expanded to.
llvm::StringRef outermostModelMacroName(const TUContext &TU, clang::SourceLocation L);

/// The expression inside parentheses, implicit casts, __builtin_expect() and
/// double negation; \p Negated flips for each logical not and "== 0".
const clang::Expr *stripCondition(const clang::Expr *E, bool &Negated);

/// What a read macro reads: READ_ONCE(x) is `(*(const volatile T *)&(x))`,
/// rcu_dereference(p) a statement expression ending in a local initialised
/// from READ_ONCE(p).  Other expressions are returned without casts.
const clang::Expr *throughReads(const clang::Expr *E);

/// The statement \p S sits in (null at the top of a body).
const clang::Stmt *parentOf(clang::ASTContext &Ctx, const clang::Stmt *S);

/// Whether \p X and \p Y name the same lvalue (`d->buf`, a global).
bool sameExpr(clang::ASTContext &Ctx, const clang::Expr *X, const clang::Expr *Y);

/// Whether \p S ends the path: a return, goto, break or continue, alone or
/// last in a block.
bool leavesPath(const clang::Stmt *S);

/// Whether \p S is reached only where \p Target tested non-null (null when
/// \p Null): inside the branch of `if (target)` or `target ? S : ...`, or
/// after `if (!target) return;` earlier in an enclosing block.
bool reachedOnlyIfTested(clang::ASTContext &Ctx, const clang::Stmt *S, const clang::Expr *Target, bool Null);

} // namespace allocflags

#endif
