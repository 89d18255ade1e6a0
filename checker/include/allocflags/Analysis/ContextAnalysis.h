//===- ContextAnalysis.h - execution context over the CFG ------*- C++ -*-===//
//
// A forward dataflow analysis over one function's clang::CFG that computes,
// at every operation, which execution contexts are held (ContextState.h).
//
// Design (after clang's ThreadSafety analysis and klint's preempt-count
// dataflow):
//  - The CFG is built with implicit destructors and cleanup functions, so C++
//    RAII guards and kernel guard()/scoped_guard() (variables with a cleanup
//    attribute) release where the scope ends, on every path out of it.
//  - Blocks are visited in reverse post-order from a worklist until the entry
//    states stop changing; joins take the interval hull.
//  - Operations come from Operations.h.  A model primitive enters or leaves
//    contexts; a conditional one (trylock) does so on the branch edge where it
//    succeeded, also through a local that stored its result.  A call the model
//    does not know applies the callee's effects inferred from its body in this
//    TU (TUContext::effectsOf), which covers lock helpers, guard constructors
//    and destructors.
//  - Local gfp variables with constant values are tracked flow-sensitively so
//    `gfp_t gfp = GFP_KERNEL; ... kmalloc(n, gfp)` is judged by its value.
//  - After the fixpoint, a second walk hands every operation and the state
//    before it to an observer (the checks), so each site is reported once.
//
// Limits: calls through function pointers have no effect; a lock passed in by
// the caller is not known here (the function starts with nothing held).
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_CONTEXTANALYSIS_H
#define ALLOCFLAGS_ANALYSIS_CONTEXTANALYSIS_H

#include "allocflags/Analysis/ContextState.h"
#include "allocflags/Analysis/Operations.h"
#include "allocflags/Report/Finding.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CFG;
class CFGBlock;
class CFGElement;
class FunctionDecl;
} // namespace clang

namespace allocflags {
class TUContext;

/// Where a held context was entered.
struct ContextOrigin {
  clang::SourceLocation Loc;
  /// The lock as the user wrote it, "" when unknown or not worth showing.
  std::string LockText;
  /// Set when entered inside a called function ("foo_lock").
  std::string Via;
};

/// Sees every operation once, after the fixpoint, with the state before it.
class OperationObserver {
public:
  virtual ~OperationObserver();
  virtual void onOperation(const Operation &Op, const ContextState &Before) = 0;
};

class ContextAnalysis {
public:
  ContextAnalysis(TUContext &TU, const clang::FunctionDecl *FD);
  ~ContextAnalysis();

  /// Runs to a fixpoint.  False when the function has no usable CFG.
  bool run();
  /// Second walk: every operation with the state before it.
  void observe(OperationObserver &Obs);

  /// State on return (null when no return is reachable).
  const ContextState *exitState() const;
  const ContextOrigin &origin(uint32_t I) const { return Origins[I]; }
  const FunctionOperations &operations() const { return *Ops; }

  /// Flags value of an allocation operation, if constant here.
  std::optional<uint64_t> flagsValue(const Operation &Op, int FlagsArg,
                                     const ContextState &S) const;
  /// Flags argument as written.
  std::string flagsText(const Operation &Op, int FlagsArg) const;

  /// Notes for the atomic contexts of a state, earliest first.
  llvm::SmallVector<FindingNote, 4> contextNotes(const ContextState &S, JoinRuleKind Rule) const;

private:
  void computeReversePostOrder();
  void transferBlock(const clang::CFGBlock *B, ContextState &S, OperationObserver *Obs);
  void transferElement(const clang::CFGElement &E, ContextState &S, OperationObserver *Obs);
  void applyOperation(const Operation &Op, const void *Anchor, ContextState &S,
                      OperationObserver *Obs);
  void applyPrimitive(const Operation &Op, const ContextPrimitive &P, uint32_t Origin,
                      ContextState &S, bool EnterOnly);
  void applyCalleeEffects(const Operation &Op, uint32_t Origin, ContextState &S);
  void trackLocals(const clang::Stmt *St, ContextState &S);
  /// State flowing along the edge to successor \p SuccIndex of \p B.
  void edgeTransfer(const clang::CFGBlock *B, unsigned SuccIndex, ContextState &S);
  uint32_t originFor(const void *Anchor, ContextOrigin O);

  TUContext &TU;
  const clang::FunctionDecl *FD;
  std::unique_ptr<clang::CFG> Cfg;
  std::vector<const clang::CFGBlock *> RPO;
  std::unique_ptr<FunctionOperations> Ops;
  std::vector<std::optional<ContextState>> EntryStates; // by block ID
  std::vector<ContextOrigin> Origins;
  llvm::DenseMap<const void *, uint32_t> OriginIds;
  llvm::StringMap<const clang::VarDecl *> TrackedLocals;
};

} // namespace allocflags

#endif
