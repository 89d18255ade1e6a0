//===- ContextState.h - the context lattice ----------------------*- C++ -*-===//
//
// The dataflow value of the context analysis: which contexts (a spin lock on
// 'dev->lock', interrupts disabled, an RCU read-side section, ...) are held at
// a program point, and how often.
//
// Each held context carries an interval [Min, Max] of its nesting count over
// all paths that reach the point.  Joining two paths takes the hull, with an
// absent context counting as [0, 0].  Two reporting rules read the same state:
//   must: the context is held on every path (Min > 0) - the default, chosen so
//         that a lock taken on one branch only never produces a report;
//   may:  held on some path (Max > 0) - opt-in.
// Effects are intervals too, so a callee that releases a lock only on some
// paths (kernel guard destructors test the pointer first) lowers Min but not
// Max: after it, the lock is no longer "must held", which is the conservative
// reading for a checker that must not cry wolf.
//
// Counts are clamped to [-ClampLimit, ClampLimit]; that bounds the lattice
// height, so loops that acquire without releasing still reach a fixpoint.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_CONTEXTSTATE_H
#define ALLOCFLAGS_ANALYSIS_CONTEXTSTATE_H

#include "allocflags/Model/Model.h"
#include "allocflags/Summary/Summary.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>

namespace clang {
class VarDecl;
}

namespace allocflags {

/// Interned lock expression; NoKey for unkeyed kinds and unknown locks.
using LockKey = uint32_t;
inline constexpr LockKey NoKey = 0;

/// One held context.
struct HeldContext {
  ContextKindId Kind;
  LockKey Key;
  int8_t Min;
  int8_t Max;
  /// Where it was entered (index into the analysis' origin table); on joins of
  /// different origins the earlier one is kept.
  uint32_t Origin;
};

/// Where the memory a pointer holds came from: a set of allocator families
/// (bits over Model::families()), the allocation that made it (an index in
/// the analysis' site table) and, for per-instance families, the cache.
struct Provenance {
  uint32_t Families = 0;
  uint32_t Site = UINT32_MAX;
  uint32_t Instance = 0; ///< interned text of the kmem_cache, 0 unknown
  bool Null = false;     ///< a null pointer (freeing it is fine)
  /// Known only from what the program stores into a field (flow-blind:
  /// reported only when every family is wrong).
  bool FromField = false;
  bool known() const { return Families != 0; }
  bool operator==(const Provenance &O) const {
    return Families == O.Families && Site == O.Site && Instance == O.Instance && Null == O.Null &&
           FromField == O.FromField;
  }
  /// Either of two values (a join, a ?:).
  static Provenance either(const Provenance &A, const Provenance &B);
};

/// Whether a state counts as atomic for a report.
enum class JoinRuleKind : uint8_t { Must, May };

/// What a gfp flags expression is known to be: a constant, or the analysed
/// function's own gfp parameter with the direct-reclaim bit possibly forced
/// on (gfp | __GFP_DIRECT_RECLAIM) or off (gfp & ~__GFP_DIRECT_RECLAIM).
struct FlagsValue {
  enum class KindT : uint8_t { Unknown, Constant, Param } Kind = KindT::Unknown;
  uint64_t Value = 0; ///< Constant
  uint16_t Param = 0; ///< Param
  bool ForcedOn = false, ForcedOff = false;
  /// Unknown, but one of the values it may have blocks (a ?: on an undecided
  /// condition): enough for a summary to say "may sleep", not for a report.
  bool MayBlock = false;

  static FlagsValue constant(uint64_t V) {
    FlagsValue F;
    F.Kind = KindT::Constant;
    F.Value = V;
    return F;
  }
  static FlagsValue param(unsigned P) {
    FlagsValue F;
    F.Kind = KindT::Param;
    F.Param = static_cast<uint16_t>(P);
    return F;
  }
  bool known() const { return Kind != KindT::Unknown || MayBlock; }
  bool operator==(const FlagsValue &O) const {
    return Kind == O.Kind && Value == O.Value && Param == O.Param && ForcedOn == O.ForcedOn &&
           ForcedOff == O.ForcedOff && MayBlock == O.MayBlock;
  }
};

class ContextState {
public:
  static constexpr int ClampLimit = 8;

  /// Adds [Lo, Hi] to the count of (Kind, Key).  With \p FallbackRelease, a
  /// lowering effect on a key that is not held applies to the most recently
  /// entered held context of the same kind instead (a lock released through
  /// an alias: `l = &dev->lock; spin_lock(l); spin_unlock(&dev->lock)`).
  void adjust(ContextKindId Kind, LockKey Key, int Lo, int Hi, uint32_t Origin,
              bool FallbackRelease);
  void enter(ContextKindId Kind, LockKey Key, uint32_t Origin) { adjust(Kind, Key, 1, 1, Origin, false); }
  void leave(ContextKindId Kind, LockKey Key, uint32_t Origin) { adjust(Kind, Key, -1, -1, Origin, true); }

  /// Path join (interval hull).  Returns true if this state changed.
  bool join(const ContextState &Other);

  /// True when some atomic context is held under \p Rule.
  bool isAtomic(const Model &M, JoinRuleKind Rule) const;
  /// True when some interrupt-like context (in_interrupt()) may be active.
  bool mayBeInInterrupt(const Model &M) const;
  /// True when page faults may be disabled (pagefault_disable()).
  bool mayHaveFaultsDisabled(const Model &M) const;
  /// Inside a scope that sets how allocations reclaim (memalloc_nofs_save()),
  /// on some path.
  bool mayBeInFlagsScope(const Model &M) const;
  /// The reason of the first model "doubt" kind held on every path (the last
  /// reference dropped), "" when none is.
  llvm::StringRef pathDoubt(const Model &M) const;
  /// The atomic contexts held under \p Rule, in the order they were entered.
  llvm::SmallVector<HeldContext, 4> atomicContexts(const Model &M, JoinRuleKind Rule) const;

  llvm::ArrayRef<HeldContext> held() const { return Held; }

  // Known values of local flag variables (gfp_t gfp = GFP_KERNEL).
  void setValue(const clang::VarDecl *V, FlagsValue Value);
  FlagsValue value(const clang::VarDecl *V) const;

  // What a branch established about a gfp parameter: it allows blocking
  // (inside `if (gfpflags_allow_blocking(gfp))`) or it does not.
  void setParamBlocks(unsigned Param, bool Blocks);
  std::optional<bool> paramBlocks(unsigned Param) const;

  // Tests of integer parameters every path here took (`if (!sync) return;`
  // leaves sync != 0): recorded at calls for the cross-TU resolution.
  void addParamTest(const ParamTest &T);
  llvm::ArrayRef<ParamTest> paramTests() const { return ParamTests; }

  // Locals that are zero whenever a test of a parameter holds: `timeo =
  // sock_sndtimeo(sk, noblock)` is 0 when noblock is set, so the way past
  // `if (!timeo) goto fail;` is one where noblock is 0.
  void setZeroWhen(const clang::VarDecl *V, std::optional<ParamTest> T);
  const ParamTest *zeroWhen(const clang::VarDecl *V) const;

  // The code tested, on every path here, that it does not run in atomic
  // context (`if (!in_atomic())`, `if (preemptible())`): what it does there
  // it does only where it may sleep.
  void setTestedNotAtomic() { TestedNotAtomic = true; }
  bool testedNotAtomic() const { return TestedNotAtomic; }

  // Provenance of pointers, by interned lvalue text ("p", "e->buf", "*buf").
  void setProvenance(uint32_t Key, Provenance P);
  Provenance provenance(uint32_t Key) const;

  // Locals holding the result of a conditional primitive (ret = spin_trylock()).
  void setPending(const clang::VarDecl *V, std::optional<uint32_t> OpIndex);
  std::optional<uint32_t> pending(const clang::VarDecl *V) const;

  bool operator==(const ContextState &O) const;
  bool operator!=(const ContextState &O) const { return !(*this == O); }

private:
  HeldContext *find(ContextKindId Kind, LockKey Key);
  void normalize();

  llvm::SmallVector<HeldContext, 4> Held; // sorted by (Kind, Key), no [0,0] entries
  llvm::SmallVector<std::pair<const clang::VarDecl *, FlagsValue>, 2> Values;
  llvm::SmallVector<std::pair<uint16_t, bool>, 1> ParamGuards;
  llvm::SmallVector<ParamTest, 1> ParamTests;
  llvm::SmallVector<std::pair<const clang::VarDecl *, ParamTest>, 1> ZeroWhen;
  llvm::SmallVector<std::pair<uint32_t, Provenance>, 2> Prov;
  llvm::SmallVector<std::pair<const clang::VarDecl *, uint32_t>, 1> Pending;
  bool TestedNotAtomic = false;
};

} // namespace allocflags

#endif
