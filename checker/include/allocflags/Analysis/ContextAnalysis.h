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
//    states stop changing; joins take the interval hull.  A branch the state
//    decides (in_interrupt() under a softirq, `if (can_sleep)` where the caller
//    passed false) makes the other edge infeasible: nothing flows along it.
//  - The function starts in its entry context: contexts its callers hold when
//    they call it, or that its registration implies (an IRQ handler runs in
//    hard-IRQ context), each with the notes that explain where it came from,
//    and the constant arguments its caller passed.
//  - Operations come from Operations.h.  A model primitive enters or leaves
//    contexts; a conditional one (trylock) does so on the edge where it
//    succeeded, also through a local that stored its result.  A lock
//    assertion (lockdep_assert_held) makes the lock held.  A call the model
//    does not know applies the callee's summarised effects
//    (TUContext::summaryOf), which covers lock helpers, guard constructors and
//    destructors.
//  - gfp flags are evaluated symbolically: a constant, or the function's own
//    gfp parameter (possibly with the direct-reclaim bit forced on or off),
//    through locals, `|`, `&`, `~`, `?:` on a decided predicate and inline
//    helpers that return flags (gfp_any()).  `if (gfpflags_allow_blocking(gfp))`
//    records on each edge whether the parameter allows blocking.
//  - After the fixpoint, a second walk hands every operation and the state
//    before it to observers (the checks, the summary builder), so each site
//    is seen once.
//
// Calls through function pointers (IndirectCalls.h) are shown to observers
// as a call to each function the pointer may hold; their effects on the
// contexts are not applied.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_CONTEXTANALYSIS_H
#define ALLOCFLAGS_ANALYSIS_CONTEXTANALYSIS_H

#include "allocflags/Analysis/ContextState.h"
#include "allocflags/Analysis/Operations.h"
#include "allocflags/Report/Finding.h"
#include "allocflags/Summary/Summary.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CFG;
class CFGBlock;
class CFGElement;
class Expr;
class FieldDecl;
class FunctionDecl;
class ParmVarDecl;
class ReturnStmt;
class SwitchStmt;
} // namespace clang

namespace allocflags {
struct FieldWrites;
class TUContext;

/// A context a function is entered with, and why.
struct EntrySeed {
  ContextKindId Kind;
  /// The lock in the function's own terms (normalised text), "" if unknown.
  std::string Key;
  /// Shown where a finding depends on it: the chain back to the lock or the
  /// registration, innermost frame first.
  llvm::SmallVector<FindingNote, 4> Notes;
  /// Calls between where the context began and this function's entry.
  unsigned Depth = 0;
  /// Why it may not really be held here (AtomicEntry::Doubt).
  std::string Doubt;
};

/// Memory a caller passes in: parameter \p Param (or what it points to,
/// with \p Deref) came from these allocator families.
struct EntryProvenance {
  unsigned Param = 0;
  bool Deref = false;
  uint32_t Families = 0;
  std::string Instance; ///< the kmem_cache, for per-instance families
  std::string What;     ///< the allocator the caller used, "" when unknown
  /// "allocated by 'kvzalloc' here", "passed as 'buf' by 'f' here".
  llvm::SmallVector<FindingNote, 2> Notes;
  bool operator==(const EntryProvenance &O) const {
    return Param == O.Param && Deref == O.Deref && Families == O.Families && Instance == O.Instance;
  }
};

/// How a function is entered: the contexts held, the constant arguments and
/// where the memory passed in came from.
struct EntryContext {
  llvm::SmallVector<EntrySeed, 2> Seeds;
  /// What the caller's integer arguments say (constants, bits known set).
  KnownArgs Args;
  llvm::SmallVector<EntryProvenance, 1> ParamProv;
  /// What the caller's gfp arguments say: (parameter, allows blocking).
  std::vector<std::pair<unsigned, bool>> GfpBlocks;
  bool empty() const { return Seeds.empty() && Args.empty() && ParamProv.empty() && GfpBlocks.empty(); }
  /// The context kinds held on entry, sorted, each once.
  llvm::SmallVector<ContextKindId, 4> kinds() const;
};

/// Where a pointer's memory was allocated, for notes.
struct ProvenanceSite {
  clang::SourceLocation Loc;
  std::string What; ///< "kvzalloc"
  /// For memory the function was given: the notes to show instead.
  llvm::SmallVector<FindingNote, 2> Chain;
};

/// Where a held context was entered.
struct ContextOrigin {
  clang::SourceLocation Loc;
  /// The lock as the user wrote it, "" when unknown or not worth showing.
  std::string LockText;
  /// Set when entered inside a called function ("foo_lock").
  std::string Via;
  /// For contexts the function was entered with: the notes to show instead.
  llvm::SmallVector<FindingNote, 4> Chain;
  /// Calls between where the context began and this function (0: here).
  unsigned Depth = 0;
  /// For contexts the function was entered with: EntrySeed::Doubt.
  std::string Doubt;
};

/// Sees every operation once, after the fixpoint, with the state before it.
class OperationObserver {
public:
  virtual ~OperationObserver();
  virtual void onOperation(const Operation &Op, const ContextState &Before) = 0;
  /// A return statement, with the state before it.
  virtual void onReturn(const clang::ReturnStmt *R, const ContextState &Before) {}
  /// A pointer stored into a field (x->buf = p), with the stored provenance.
  virtual void onFieldStore(const clang::FieldDecl *F, const Provenance &P, const ContextState &Before) {}
};

class ContextAnalysis {
public:
  ContextAnalysis(TUContext &TU, const clang::FunctionDecl *FD, const EntryContext *Entry = nullptr);
  ~ContextAnalysis();

  /// Runs to a fixpoint.  False when the function has no usable CFG.
  bool run();
  /// Second walk: every operation with the state before it.
  void observe(OperationObserver &Obs);

  /// State on return (null when no return is reachable).
  const ContextState *exitState() const;
  const ContextOrigin &origin(uint32_t I) const { return Origins[I]; }
  const FunctionOperations &operations() const { return *Ops; }
  /// Calls into functions this TU cannot see (defined elsewhere, not in the
  /// model) made while \p H was held: after it began in this function (from
  /// the top when the function was entered with it) and before \p Before
  /// (to the end when invalid), in source order.  One of them may end the
  /// context, which the whole-program pass asks their summaries.
  std::vector<CrossedCall> unknownCallsWhileHeld(const HeldContext &H, clang::SourceLocation Before) const;
  const clang::FunctionDecl *function() const { return FD; }
  bool hasEntryContext() const { return !Entry.empty(); }
  /// Why \p Held may not be held where \p S is: every one of them came in
  /// from the callers, and the way here takes a test of a parameter those
  /// callers left open (`if (!(flags & BLK_POLL_NOSLEEP))` below an
  /// `rcu_read_lock()` two calls up that passed its own `flags`) - as for a
  /// callee that sleeps for some values only, the callers of the function
  /// where the context began decide (openParamTestDoubt).  "" otherwise.
  std::string openTestDoubt(const ContextState &S, llvm::ArrayRef<HeldContext> Held) const;
  TUContext &tu() const { return TU; }

  /// Value of a flags expression in state \p S.
  FlagsValue evaluateFlags(const clang::Expr *E, const ContextState &S) const;
  /// Value of argument \p Arg of an operation.
  FlagsValue flagsOf(const Operation &Op, int Arg, const ContextState &S) const;
  /// The argument as written, for messages.
  std::string flagsText(const Operation &Op, int Arg) const;
  /// Does \p V allow blocking?  Unknown for a parameter not decided by a guard.
  std::optional<bool> blocks(const FlagsValue &V, const ContextState &S) const;
  /// A condition the state decides (a context predicate, a parameter the
  /// caller passed as a constant, a gfp test on a known value).
  std::optional<bool> evaluateCondition(const clang::Expr *Cond, const ContextState &S) const;

  /// Notes explaining one held context: where it was entered, or the chain
  /// the function was entered with.
  llvm::SmallVector<FindingNote, 4> notesFor(const HeldContext &H) const;
  /// Calls between where \p H began and this function (0: in it).
  unsigned depthOf(const HeldContext &H) const;
  /// Notes for the atomic contexts of a state, earliest first.
  llvm::SmallVector<FindingNote, 4> contextNotes(const ContextState &S, JoinRuleKind Rule) const;
  /// Contexts left relative to the function's entry (a caller's lock it
  /// dropped), as deltas over the function's parameters: on every path here
  /// (Hi < 0) or on some (Lo < 0 <= Hi: ohci_rh_resume() drops the lock
  /// unless the hub was autostopped, and sleeps only if it was not).
  llvm::SmallVector<ContextDelta, 1> releasedSinceEntry(const ContextState &S) const;
  /// Net effect of the function on its caller's contexts at exit state
  /// \p Exit (what a lock helper acquires or releases).
  llvm::SmallVector<ContextDelta, 2> netEffects(const ContextState &Exit) const;
  /// The guard a state is under: a gfp parameter known to allow blocking.
  std::optional<unsigned> blockingGuard(const ContextState &S) const;

  /// A callee's lock template ($0->lock) in this function's terms at \p Op.
  std::string instantiate(llvm::StringRef Template, const Operation &Op) const;
  /// Applies \p Deltas (a callee's effects) to \p S at \p Op.
  void applyDeltas(llvm::ArrayRef<ContextDelta> Deltas, const Operation &Op, uint32_t Origin,
                   ContextState &S) const;
  /// Index of the parameter \p E names (through casts), if any.
  std::optional<unsigned> paramIndex(const clang::Expr *E) const;
  /// The condition \p Cond (negations stripped) as a test of one integer
  /// parameter (`sync`, `mode == 2`, `flags & F_WAIT`), true exactly when
  /// the test admits the parameter's value.
  std::optional<ParamTest> paramTest(const clang::Expr *Cond) const;
  /// Notes on \p S what \p Cond having outcome \p Holds tells: a test of an
  /// integer parameter, or that the code is not in atomic context (a context
  /// predicate true in every atomic kind, found false) - of the condition
  /// itself, or of each side of a `&&` that held or a `||` that failed
  /// (`unlikely(err == -EBUSY && loop)`, `!in_atomic() && !irqs_disabled()`).
  void addConditionFacts(const clang::Expr *Cond, bool Holds, ContextState &S, unsigned Depth = 0) const;
  /// The value the caller passed for the parameter \p E names, if known.
  std::optional<int64_t> paramValue(const clang::Expr *E) const;
  /// What is known of argument \p E: its value, the bits set in it
  /// whatever else it holds, the integer parameter of ours it is.
  ArgFacts argFacts(const clang::Expr *E) const;
  /// `p & K` for an integer parameter p of ours and a constant K: (p's
  /// index, K).
  std::optional<std::pair<unsigned, int64_t>> maskedParam(const clang::Expr *E) const;
  /// `p->f` for a pointer parameter p of ours and a scalar field f this
  /// function never changes: (p's index, f).
  std::optional<std::pair<unsigned, std::string>> paramField(const clang::Expr *E) const;
  /// A pointer parameter of ours passed on as it is, with the fields of
  /// what it points to that this function may change; none when it may
  /// change all of them (assigns the pointer or writes through it whole).
  std::optional<std::pair<unsigned, std::vector<std::string>>> passedPointer(const clang::Expr *Arg) const;
  /// What a callee's parameter \p AsParam is told of the fields of what
  /// \p Arg points to: a local struct (localFields), or what our caller told
  /// us of a pointer we pass on, less the fields we may change.
  std::vector<FieldValue> pointeeFields(const clang::Expr *Arg, unsigned AsParam) const;
  /// The fields of the local struct whose address \p Arg is (`&cfg`), left
  /// at constants by its initialiser and changed nowhere in this function,
  /// which hands the address to this call only; as facts of callee
  /// parameter \p AsParam.  C only (a C++ reference could alias it).
  std::vector<FieldValue> localFields(const clang::Expr *Arg, unsigned AsParam) const;

  // Provenance (Provenance.cpp): where pointers' memory came from.
  /// The key of an lvalue whose provenance is tracked ("p", "e->buf",
  /// "*buf"), 0 when it has none.
  uint32_t provenanceKey(const clang::Expr *E) const;
  /// Where the memory \p E points to came from, in state \p S.
  Provenance provenanceOf(const clang::Expr *E, const ContextState &S) const;
  /// Where an argument's memory came from - with \p Deref, the memory it
  /// points to (&buf passed where the callee frees *param).
  Provenance argumentProvenance(const clang::Expr *Arg, bool Deref, const ContextState &S) const;
  const ProvenanceSite &site(uint32_t I) const { return Sites[I]; }
  /// Notes for a provenance: the allocation, or the chain it came in by.
  llvm::SmallVector<FindingNote, 2> provenanceNotes(const Provenance &P) const;
  /// The allocator a value came from ("kvzalloc"), "" when not known.
  std::string allocatorOf(const Provenance &P) const;

private:
  void computeReversePostOrder();
  void seedEntry(ContextState &S);
  void transferBlock(const clang::CFGBlock *B, ContextState &S, OperationObserver *Obs);
  void transferElement(const clang::CFGElement &E, ContextState &S, OperationObserver *Obs);
  void applyOperation(const Operation &Op, const void *Anchor, ContextState &S, OperationObserver *Obs);
  void applyPrimitive(const Operation &Op, const ContextPrimitive &P, uint32_t Origin, ContextState &S,
                      bool EnterOnly);
  void applyAssertion(const Operation &Op, const LockAssertion &A, const void *Anchor, ContextState &S);
  void trackLocals(const clang::Stmt *St, ContextState &S);
  /// State flowing along the edge to successor \p SuccIndex of \p B; false
  /// when the state rules the edge out.
  bool edgeTransfer(const clang::CFGBlock *B, unsigned SuccIndex, ContextState &S);
  /// The same for the edge to one case (or the default) of a switch.
  bool switchEdge(const clang::CFGBlock *B, const clang::SwitchStmt *SW, unsigned SuccIndex, ContextState &S);
  uint32_t originFor(const void *Anchor, ContextOrigin O);
  FlagsValue evaluateFlagsImpl(const clang::Expr *E, const ContextState &S, unsigned Depth) const;
  std::optional<bool> evaluateConditionImpl(const clang::Expr *E, const ContextState &S, unsigned Depth) const;
  void trackProvenance(const clang::Stmt *St, ContextState &S, OperationObserver *Obs);
  void seedProvenance(ContextState &S);
  /// is_vmalloc_addr(p) on a branch edge.
  void refineOnVmallocTest(const clang::Expr *Cond, bool TrueEdge, ContextState &S);
  Provenance provenanceOfImpl(const clang::Expr *E, const ContextState &S, unsigned Depth) const;
  uint32_t siteFor(const void *Anchor, ProvenanceSite Site) const;

  TUContext &TU;
  const clang::FunctionDecl *FD;
  EntryContext Entry;
  std::unique_ptr<clang::CFG> Cfg;
  std::vector<const clang::CFGBlock *> RPO;
  std::unique_ptr<FunctionOperations> Ops;
  std::vector<std::optional<ContextState>> EntryStates; // by block ID
  std::vector<ContextOrigin> Origins;
  llvm::DenseMap<const void *, uint32_t> OriginIds;
  /// Locks an assertion (lockdep_assert_held) says the caller holds, that the
  /// entry context did not: counts are one above the caller's from there on,
  /// which effects and released contexts take away again.
  llvm::SmallVector<std::pair<ContextKindId, LockKey>, 1> AssertedAtEntry;
  /// Counts of \p S relative to the entry that \p Keep(Lo, Hi) accepts, as
  /// deltas over the parameters.
  llvm::SmallVector<ContextDelta, 2> deltasSinceEntry(const ContextState &S,
                                                      llvm::function_ref<bool(int, int)> Keep) const;
  /// What the body may change of local structs and of what pointer
  /// parameters point to (computed on first use).
  mutable std::unique_ptr<FieldWrites> Writes;
  const FieldWrites &fieldWrites() const;
  /// The value a test of a field of what a parameter points to has, when the
  /// caller left it at a constant (`if (cfg->fc_nh_id)`).
  std::optional<bool> decideFieldTest(const clang::Expr *X) const;
  /// Locals defined once and never changed or exposed (`bool is_atomic =
  /// (gfp & GFP_KERNEL) != GFP_KERNEL;`), with that definition: a test of
  /// such a local is a test of what it was computed from.
  llvm::DenseMap<const clang::VarDecl *, const clang::Expr *> DerivedLocals;
  /// Locals whose address is taken or that are incremented: their value is
  /// not what their assignments say.
  llvm::DenseSet<const clang::VarDecl *> ExposedLocals;
  /// What \p Value, assigned to a local, is zero for: a call of an inline
  /// helper returning `p ? 0 : x` (sock_sndtimeo()), in this function's terms.
  std::optional<ParamTest> zeroWhenOf(const clang::Expr *Value) const;
  /// The test a local tested in \p X (stripped) is zero for, in state \p S.
  const ParamTest *zeroWhenTested(const clang::Expr *X, const ContextState &S) const;
  void collectDerivedLocals();
  /// \p X (a stripped condition) with derived locals replaced by their
  /// definitions, stripped again; \p Negated follows.
  const clang::Expr *throughDerivedLocals(const clang::Expr *X, bool &Negated) const;
  /// The function is early boot code (Model: early_boot).
  bool EarlyBoot = false;
  /// The model says it never sleeps (never_sleeps): its body is not judged.
  bool NotJudged = false;
  llvm::StringMap<const clang::VarDecl *> TrackedLocals;
  /// Calls into functions this TU cannot see, in source order: found once,
  /// on the first unknownCallsWhileHeld().
  mutable std::optional<std::vector<std::pair<clang::SourceLocation, const Operation *>>> UnknownCalls;
  mutable std::vector<ProvenanceSite> Sites;
  mutable llvm::DenseMap<const void *, uint32_t> SiteIds;
};

} // namespace allocflags

#endif
