//===- IndirectCalls.h - calls through function pointers -------*- C++ -*-===//
//
// Which functions a call through a function pointer may reach, by
// multi-layer type analysis (Lu & Hu, "Where Does It Go?", CCS 2019): a
// function whose address is stored is recorded under the *layers of types*
// it was stored through, and a call loads from the layers it names.
//
//   static const struct foo_ops ops = { .refill = foo_refill };
//     -> foo_refill under "foo_ops.refill"
//   static struct foo_dev d = { .tmpl = { .open = foo_open } };
//   p->tmpl.open = foo_open;
//     -> foo_open under "foo_dev.tmpl|foo_tmpl.open"
//   static handler_t table[] = { a, b };   hook = fn;
//     -> a, b under "@<USR of table>", fn under "@<USR of hook>"
//   register_cb(d, fn), where register_cb stores its parameter in d->cb
//     -> fn under the key of d->cb
//   (void *)fn, or fn in any other slot that is not a function pointer
//     -> fn escapes its layers: under "type:<its function type>"
//   atomic_notifier_chain_register(&my_chain, &my_nb), my_nb's callback
//   field set to fn (model: notifier_chains)
//     -> fn under "chain:my_chain", run by atomic_notifier_call_chain(&my_chain,
//        ...) and by model wrappers around that chain, in their caller's context
//
// A call `d->ops->refill(d)` loads from "foo_dev.ops|foo_ops.refill" and
// reaches the functions stored under a key with the same innermost layer
// whose outer layers agree as far as both keys know them (a table filled in
// as a plain variable and later pointed to by d->ops has no outer layer and
// matches).  When nothing is stored under the layers, the functions of the
// pointer's type that escaped are the last resort.  A call with more targets
// than AnalysisOptions::MaxIndirectTargets is left unresolved.
//
// Inside a TU the targets are the TU's own stores plus, when a summary
// store is given, those of the whole program.  In the standalone tool's
// phase 1 each TU records its stores and its calls through pointers (by
// key) in its summaries; the whole-program pass gives each such call the
// targets stored anywhere (SummaryStore::resolve).
//
// Limits: a pointer copied through a local, a parameter or a cast to an
// unrelated struct type is not followed beyond what the layers say; calls
// of a function's own parameters are callbacks (FunctionSummary::CallsParams).
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_INDIRECTCALLS_H
#define ALLOCFLAGS_ANALYSIS_INDIRECTCALLS_H

#include "allocflags/Analysis/LocalDefinitions.h"
#include "allocflags/Summary/Summary.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <string>
#include <vector>

namespace clang {
class CallExpr;
class Expr;
class FunctionDecl;
class QualType;
} // namespace clang

namespace allocflags {
class TUContext;
struct ChainCall;

/// One function a call through a pointer may reach.
struct IndirectTarget {
  /// The function, when this TU declares it (else only the store knows it).
  const clang::FunctionDecl *Decl = nullptr;
  std::string USR, Name;
  SourcePos Site;            ///< where it was stored
  clang::SourceLocation Loc; ///< the same, when in this TU
};

/// A call through a function pointer, resolved.
struct IndirectCall {
  std::string Pointer; ///< as written: "d->ops->refill"
  std::string Key;     ///< the layered key, "" when the pointer has none
  std::string Type;    ///< the pointer's function type
  std::vector<IndirectTarget> Targets;
  /// The targets are the functions of that type whose address escaped.
  bool ByType = false;
  /// More targets than the limit: none are kept.
  bool OverLimit = false;
  /// The call's arguments are the targets' (false for a chain: its
  /// callbacks are passed other values).
  bool PassesArgs = true;
  /// The call is made only where the pointer tested non-null (`if
  /// (chip->irq_bus_lock) chip->irq_bus_lock(d)`): an optional operation
  /// of the interface, which most implementations leave out.
  bool Optional = false;
  /// Why a sleep through one of the targets may not be taken ("" when the
  /// pointer can hold one function only).  An optional operation whose
  /// functions are all stored in other files is doubtful even with one
  /// target: that the analysed program has one implementation with the
  /// operation says nothing of the object called here (ath9k's PCI code
  /// calling the register-flush operation only ath9k_htc sets).
  std::string doubt() const;
  /// The doubt of an optional operation only ("" when the call is not one,
  /// or a target is stored in this file).
  std::string optionalDoubt() const;
};

class IndirectCalls {
public:
  explicit IndirectCalls(TUContext &TU);
  ~IndirectCalls();
  /// The resolution of \p CE when it calls through a function pointer that
  /// is not one of the calling function's own parameters; null otherwise.
  const IndirectCall *resolve(const clang::CallExpr *CE);
  /// The callbacks registered on the chain that \p CE, a call of a
  /// function the model says runs one (\p Chain), runs.
  const IndirectCall *resolveChain(const clang::CallExpr *CE, const ChainCall &Chain);
  /// The functions this TU stores where pointers are loaded from.
  const SummaryStore &stores();
  /// Every call through a pointer resolved so far.
  void forEachResolved(llvm::function_ref<void(const IndirectCall &)> F) const {
    for (const auto &E : Cache)
      if (E.second)
        F(*E.second);
  }

private:
  void collect();
  /// The targets stored under \p Key (else, with \p Type, that escaped
  /// with that type) in this TU and the whole program, within the limit.
  void lookup(IndirectCall &IC, bool TypeFallback);
  /// What the local \p Callee names was copied from, when it is defined
  /// once, its address never taken, and that has a key; else null.
  const clang::Expr *copiedFrom(const clang::Expr *Callee);
  TUContext &TU;
  bool Collected = false;
  SummaryStore Local; ///< only its pointer table is used
  llvm::StringMap<const clang::FunctionDecl *> DeclByUSR;
  llvm::StringMap<clang::SourceLocation> StoreLocs; ///< by key and USR
  llvm::DenseMap<const clang::CallExpr *, std::unique_ptr<IndirectCall>> Cache;
  llvm::DenseMap<const clang::FunctionDecl *, llvm::DenseMap<const clang::VarDecl *, LocalDefinitions>> Locals;
  friend class PointerStoreFinder;
};

/// The layered key of an lvalue holding a function pointer ("" when it has
/// none): a field (with the fields it is reached through), a global pointer
/// or array of pointers.
std::string pointerKey(TUContext &TU, const clang::Expr *E);
/// The key of the chain an expression names (`&my_chain`, `&priv->chain`),
/// "" when it names none.
std::string chainKey(TUContext &TU, const clang::Expr *E);
/// The function an expression names (`f`, `&f`, through casts), if any.
const clang::FunctionDecl *referencedFunction(const clang::Expr *E);
/// A function type as text, the same in every TU.
std::string functionTypeText(clang::QualType FunctionType);

} // namespace allocflags

#endif
