//===- Summary.h - per-function summaries and the store ---------*- C++ -*-===//
//
// What one function does, as far as its callers care, in a form that outlives
// its translation unit:
//   - whether it may sleep, with the first sleeping operation kept as
//     evidence (the chain continues through the callee's own summary);
//   - whether it sleeps only when one of its gfp parameters allows blocking;
//   - its net effect on the caller's contexts (returns with a lock held or
//     released: __acquires/__releases-style helpers);
//   - the context it expects on entry (lockdep_assert_held(), __must_hold());
//   - its calls, with what is known of their gfp arguments, so the standalone
//     tool can resolve sleeping chains across translation units.
// Locks are written as templates over the function's parameters ($0, $this)
// so a caller can name them with its own arguments.
//
// Summaries are keyed by USR.  The store also holds the functions registered
// as atomic entry points (interrupt handlers, timer callbacks, ...), the
// fingerprint of the model and of every summarised source file: a store that
// does not match the model, the schema or the sources is an error, never used.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_SUMMARY_SUMMARY_H
#define ALLOCFLAGS_SUMMARY_SUMMARY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <algorithm>
#include <cstdint>
#include <optional>
#include <tuple>
#include <string>
#include <vector>

namespace llvm::json {
class Value;
}

namespace allocflags {

/// Bumped whenever the meaning or layout of a summary changes.
inline constexpr unsigned SummarySchemaVersion = 11;

/// A source position kept as text.
struct SourcePos {
  std::string File;
  unsigned Line = 0, Column = 0;
  bool valid() const { return !File.empty(); }
  std::string str() const;
  bool operator==(const SourcePos &O) const { return File == O.File && Line == O.Line && Column == O.Column; }
};

/// A change of context relative to the function's entry.
/// A call into a function its TU could not see (defined in another file),
/// made while a context was held: the whole-program pass asks the callee's
/// summary whether it ends that context (pin_kill() drops the caller's
/// rcu_read_lock(), io_cq_unlock_post() the completion lock).
struct CrossedCall {
  std::string USR;
  llvm::SmallVector<std::string, 3> ArgTexts; ///< in the caller's terms
  bool operator==(const CrossedCall &O) const { return USR == O.USR && ArgTexts == O.ArgTexts; }
};

struct ContextDelta {
  std::string Kind;        ///< model context kind
  std::string KeyTemplate; ///< lock over $0..$N/$this; "" if unkeyed or unknown
  bool Opaque = false;     ///< the key names a local of the function: not shown
  int8_t Lo = 0, Hi = 0;   ///< count interval
  /// For a context entered (Lo > 0): the calls made after, which may end it.
  std::vector<CrossedCall> Crossed;
  bool operator==(const ContextDelta &O) const {
    return Kind == O.Kind && KeyTemplate == O.KeyTemplate && Opaque == O.Opaque && Lo == O.Lo &&
           Hi == O.Hi && Crossed == O.Crossed;
  }
};

/// Whether the function \p G, called as \p X, ends for sure a context of
/// kind \p Kind on lock \p Lock (normalised, in the caller's terms; "" for
/// an unkeyed context or one the caller cannot name).
bool endsContext(const struct FunctionSummary &G, const CrossedCall &X, llvm::StringRef Kind, llvm::StringRef Lock);

/// One way a function may sleep.
struct SleepEvidence {
  SourcePos Site;          ///< the sleeping operation, or the call leading to it
  std::string What;        ///< "kzalloc", "msleep", or the called function
  std::string Flags;       ///< the flags as written, when they are why it sleeps
  std::string ViaUSR;      ///< when through a call: the callee (the chain goes on there)
  bool OutsideInterruptOnly = false; ///< sleeps only where in_interrupt() is false
  bool FaultsEnabledOnly = false;    ///< a user access: not under pagefault_disable()
  /// Not seen: assumed of an unknown function that takes gfp flags.
  bool Assumed = false;
  /// Why this way to sleep may not be taken, when the analysis could not
  /// decide a step of it (a test of a parameter whose value the call does
  /// not tell, flags picked by an undecided condition); "" when every step
  /// is unconditional or decided.  A finding resting on it is low confidence.
  std::string Doubt;
  /// Contexts the function has left relative to its entry when it sleeps
  /// here (a caller's lock it drops around the sleep): on every path (Hi <
  /// 0) or on some (Hi >= 0).
  llvm::SmallVector<ContextDelta, 1> Released;
  /// How much of the caller's context this way leaves: 0 nothing, 1 some
  /// of it on some paths, 2 some of it for sure.  Of two ways to sleep the
  /// lower is the better evidence: it is the one a caller's lock covers.
  unsigned releaseRank() const {
    unsigned R = 0;
    for (const ContextDelta &D : Released)
      R = std::max(R, D.Hi < 0 ? 2u : 1u);
    return R;
  }
  bool operator==(const SleepEvidence &O) const {
    return Site.str() == O.Site.str() && What == O.What && Flags == O.Flags && ViaUSR == O.ViaUSR &&
           OutsideInterruptOnly == O.OutsideInterruptOnly && FaultsEnabledOnly == O.FaultsEnabledOnly &&
           Assumed == O.Assumed && Doubt == O.Doubt &&
           Released == O.Released;
  }
};

/// The function sleeps when its gfp parameter \p Param allows blocking.
struct GfpParamSleep {
  unsigned Param = 0;
  SleepEvidence Evidence;
  bool operator==(const GfpParamSleep &O) const { return Param == O.Param && Evidence == O.Evidence; }
};

/// What is known of a gfp argument at a call, judged with the calling TU's
/// direct-reclaim bit: a constant that allows blocking or not, or the
/// caller's own gfp parameter, possibly with the bit forced on or off.
struct GfpArgFact {
  enum class KindT : uint8_t { Unknown, Constant, Param } Kind = KindT::Unknown;
  bool Blocks = false;  ///< Constant: carries the direct-reclaim bit
  /// Constant: says how to allocate (GfpEvaluator::isRequest), not only
  /// where: GFP_NOWAIT is a request not to block, GFP_DMA a zone hint.
  bool Request = true;
  unsigned Param = 0;   ///< Param: the caller's parameter index
  bool ForcedOn = false;  ///< Param: ... | __GFP_DIRECT_RECLAIM
  bool ForcedOff = false; ///< Param: ... & ~__GFP_DIRECT_RECLAIM
  /// Constant: blocks but keeps reclaim from I/O or the filesystem
  /// (GFP_NOFS, GFP_NOIO; GfpEvaluator::restrictsReclaim).
  bool Restricts = false;
};

/// A test of one of a function's integer parameters that every path to a
/// point took, with its outcome there: after `if (!sync) return;` a call is
/// made only with `sync != 0`.  The cross-TU resolution skips a call whose
/// tests fail for the constant arguments a context arrived with.
struct ParamTest {
  enum class KindT : uint8_t {
    NonZero, ///< param != 0
    Equals,  ///< param == Value
    AnyBits, ///< (param & Value) != 0
    /// *param != 0, param a pointer to an integer the caller owns (the
    /// `long *timeo` of a wait: `if (!*timeo) return -EAGAIN;`).  Arguments
    /// never decide it (a context knows pointers, not what they point to):
    /// it is carried to a caller that passes its own pointer on, else the
    /// call leaves it undecided, which makes the way to sleep a doubt.
    DerefNonZero,
    /// param is one of a few small values: bit v of Value is set for each
    /// value v in 0..63.  Two ways to sleep in two `case`s of a switch on
    /// the parameter (`case TP_EARLY: init(); case TP_PERIODIC: arm();`)
    /// sleep only for those values.
    OneOf,
    Last = OneOf
  } Kind = KindT::NonZero;
  unsigned Param = 0;
  int64_t Value = 0;
  bool Outcome = true; ///< what the test evaluated to on the way
  /// Whether a path with \p Arg for the parameter takes this way.
  bool admits(int64_t Arg) const {
    if (Kind == KindT::DerefNonZero)
      return true;
    bool R = Kind == KindT::NonZero  ? Arg != 0
             : Kind == KindT::Equals ? Arg == Value
             : Kind == KindT::OneOf  ? Arg >= 0 && Arg < 64 && ((static_cast<uint64_t>(Value) >> Arg) & 1)
                                     : (Arg & Value) != 0;
    return R == Outcome;
  }
  bool operator==(const ParamTest &O) const {
    return Kind == O.Kind && Param == O.Param && Value == O.Value && Outcome == O.Outcome;
  }
};

/// What a caller's arguments say about a function's integer parameters: a
/// constant value, or bits known set (`len | F_NB`).  Sorted by parameter.
/// A field of what a pointer argument points to, known at the call: the
/// caller made it in a local struct whose initialiser leaves the field at a
/// constant (`struct fib6_config cfg = { ... }` without `.fc_mx`: null) and
/// wrote it nowhere else.
struct FieldValue {
  unsigned Param = 0;
  std::string Field;
  int64_t Value = 0;
  bool operator==(const FieldValue &O) const {
    return std::tie(Param, Field, Value) == std::tie(O.Param, O.Field, O.Value);
  }
  bool operator<(const FieldValue &O) const {
    return std::tie(Param, Field, Value) < std::tie(O.Param, O.Field, O.Value);
  }
};

struct KnownArgs {
  std::vector<std::pair<unsigned, int64_t>> Values;
  std::vector<std::pair<unsigned, uint64_t>> Ones; ///< parameters without a value
  std::vector<FieldValue> Fields; ///< `param->field`, for pointer parameters
  bool empty() const { return Values.empty() && Ones.empty() && Fields.empty(); }
  std::optional<int64_t> value(unsigned Param) const;
  uint64_t ones(unsigned Param) const;
  std::optional<int64_t> field(unsigned Param, llvm::StringRef Field) const;
  /// Drops every fact of parameters from \p NumParams on.
  void dropFrom(unsigned NumParams);
  /// The outcome of \p T on these arguments, when they decide it.
  std::optional<bool> decide(const ParamTest &T) const;
  /// Every fact here is one of \p O's too: analysing with these decides no
  /// branch that \p O leaves open.
  bool subsetOf(const KnownArgs &O) const;
  /// Keeps only the facts \p O has too; true if something was dropped.
  bool intersect(const KnownArgs &O);
  void sort();
  bool operator==(const KnownArgs &O) const { return Values == O.Values && Ones == O.Ones && Fields == O.Fields; }
  bool operator<(const KnownArgs &O) const {
    return std::tie(Values, Ones, Fields) < std::tie(O.Values, O.Ones, O.Fields);
  }
};

/// Whether no test of \p Tests is decided false by \p Args.
bool admits(llvm::ArrayRef<ParamTest> Tests, const KnownArgs &Args);

/// What is known of one argument at a call.
struct ArgFacts {
  std::optional<int64_t> Value;     ///< a constant
  uint64_t KnownOnes = 0;           ///< bits set whatever else it holds (x | F_NB)
  std::optional<unsigned> CallerParam; ///< the caller's own integer parameter
};

/// A callee's tests (SleepsOnlyIf) at a call, given \p Arg (the facts of the
/// argument for a callee parameter) and \p OnPath, the caller's tests on the
/// way to the call.  Null when the call cannot take the callee's way (an
/// argument fails a test, or a carried test contradicts the path); else the
/// tests carried over to the caller's parameters.  \p Undecided, when given,
/// is set to a callee parameter whose test the call neither decides nor
/// carries (the argument is a field or a computed value): the callee may
/// not take its sleeping way there.
std::optional<llvm::SmallVector<ParamTest, 1>> carryTests(llvm::ArrayRef<ParamTest> CalleeTests,
                                                         llvm::function_ref<ArgFacts(unsigned)> Arg,
                                                         llvm::ArrayRef<ParamTest> OnPath,
                                                         std::optional<unsigned> *Undecided = nullptr);

/// One way a function sleeps, with the tests of its parameters on it.
struct SleepWay {
  SleepEvidence Evidence;
  llvm::SmallVector<ParamTest, 1> Tests;
  bool operator==(const SleepWay &O) const { return Evidence == O.Evidence && Tests == O.Tests; }
};

/// How many ways to sleep with different tests a summary keeps apart
/// (FunctionSummary::Ways); with more, only what they all share is kept.
inline constexpr unsigned MaxSleepWays = 8;

struct FunctionSummary;

/// How far flags-less evidence (FunctionSummary::Flagless) travels up: a
/// function keeps it only when the flags-less allocation is at most this
/// many calls below its own call of it (`f(gfp)` -> `g()` -> `h()` ->
/// `vmalloc()` is reported at f's call of g).  Deeper chains run through
/// shared infrastructure (wake-ups, tracepoints, page freeing) whose rare
/// slow paths allocate: not what a maintainer of f would change.
inline constexpr unsigned MaxFlaglessDepth = 1;

/// How many functions FunctionSummary::InlineCallees keeps.
inline constexpr unsigned MaxInlineCallees = 16;

/// How many calls below \p G its flags-less allocation is (0: G calls the
/// flags-less API itself), following FunctionSummary::Flagless through
/// \p ByUSR; MaxFlaglessDepth + 1 when deeper or unknown.
unsigned flaglessDepth(const FunctionSummary &G,
                       llvm::function_ref<const FunctionSummary *(llvm::StringRef USR)> ByUSR);

/// The doubt of a way to sleep through \p G that a call reaches with an
/// undecided argument for parameter \p Param (see carryTests).
std::string undecidedParamDoubt(const FunctionSummary &G, unsigned Param);

/// Whether \p T picks a mode (`flags & BLK_POLL_NOSLEEP`, `mode == 2`, a
/// `case`) rather than guards (`if (!xprt) return;`, `if (!len)`): the
/// tests an open argument makes a doubt of (openParamTestDoubt).
inline bool choosesMode(const ParamTest &T) {
  return T.Kind == ParamTest::KindT::AnyBits || T.Kind == ParamTest::KindT::Equals ||
         T.Kind == ParamTest::KindT::OneOf;
}

/// The doubt of a context carried into a call that \p Fn makes only on a
/// test of its parameter \p Param, which the callers that brought the
/// context in leave open: they decide whether the call happens there.
std::string openParamTestDoubt(llvm::StringRef Fn, llvm::StringRef Param);

/// Notes one more way \p F sleeps, with the tests on it (Sleeps and
/// SleepsOnlyIf are kept apart); true if Ways changed.
bool addSleepWay(FunctionSummary &F, const SleepEvidence &Evidence, llvm::ArrayRef<ParamTest> Tests);

/// How a call sleeps through \p G: the evidence of the way taken and its
/// tests in the caller's terms (carryTests), Undecided naming a parameter
/// the arguments do not decide.
struct CallWay {
  const SleepEvidence *Evidence = nullptr;
  llvm::SmallVector<ParamTest, 1> Tests;
  std::optional<unsigned> Undecided;
};
/// The first of \p G's ways the arguments admit, one they decide before one
/// they leave open; none when they rule every way out or G does not sleep.
std::optional<CallWay> sleepWayAt(const FunctionSummary &G, llvm::function_ref<ArgFacts(unsigned)> Arg,
                                  llvm::ArrayRef<ParamTest> OnPath);

/// Keeps in \p Have only the tests \p Other has too (two ways to sleep:
/// what both require); tests of one parameter for a small value each become
/// one test for either value (ParamTest::KindT::OneOf).
void intersectTests(llvm::SmallVectorImpl<ParamTest> &Have, llvm::ArrayRef<ParamTest> Other);

/// A call, as the cross-TU resolution needs it.
struct CallSiteSummary {
  std::string CalleeUSR, CalleeName;
  SourcePos Site;
  /// Facts about the arguments (by the callee's parameter index), for the
  /// arguments that may be gfp flags.
  llvm::SmallVector<std::pair<unsigned, GfpArgFact>, 1> GfpArgs;
  /// Argument texts, to rewrite lock templates across the call.
  llvm::SmallVector<std::string, 3> ArgTexts;
  /// Made only when this gfp parameter of the caller allows blocking
  /// (under `if (gfpflags_allow_blocking(gfp))`).
  std::optional<unsigned> GuardParam;
  /// Contexts the caller has left relative to its entry at the call.
  llvm::SmallVector<ContextDelta, 1> Released;
  bool InInterruptOnly = false; ///< in_interrupt() is true at the call
  /// Made inside a scope that sets how allocations reclaim
  /// (memalloc_nofs_save()): flags-less allocations below are told how.
  bool InFlagsScope = false;
  /// Constant arguments (by the callee's parameter index).
  llvm::SmallVector<std::pair<unsigned, int64_t>, 1> ConstArgs;
  /// Arguments that are the caller's own parameters: (callee parameter,
  /// caller parameter, passed as what it points to).
  llvm::SmallVector<std::tuple<unsigned, unsigned, bool>, 1> ParamArgs;
  /// Tests of the caller's parameters every path to the call took.
  llvm::SmallVector<ParamTest, 1> Requires;
  /// Bits known set in arguments that are not constants (by the callee's
  /// parameter index): `MAKE_SEND_FLAGS(len)` always has F_NB.
  llvm::SmallVector<std::pair<unsigned, uint64_t>, 1> ArgOnes;
  /// Fields of a local struct passed by address, known at the call (by the
  /// callee's parameter index).
  std::vector<FieldValue> ArgFields;
  /// Arguments that are a field of what a parameter of the caller points
  /// to (`cfg->fc_mx`): (callee parameter, caller parameter, field).
  llvm::SmallVector<std::tuple<unsigned, unsigned, std::string>, 1> FieldArgs;
  /// Pointer arguments that are the caller's own pointer parameter, passed
  /// on: (callee parameter, caller parameter, the fields of what it points
  /// to that the caller may change).  What the caller's callers told it of
  /// the other fields goes on.
  std::vector<std::tuple<unsigned, unsigned, std::vector<std::string>>> PointerArgs;
  /// Arguments that are bits of a parameter of the caller (`flags &
  /// MSG_DONTWAIT`): (callee parameter, caller parameter, mask).
  llvm::SmallVector<std::tuple<unsigned, unsigned, int64_t>, 1> MaskArgs;
  /// Made only on a path a model "doubt" kind marks (the last reference
  /// dropped), or through a function pointer that may hold other functions:
  /// the contexts it passes on, and a sleep through it, are doubtful.
  std::string Doubt;
  /// A call through a function pointer (IndirectCalls.h): the pointer as
  /// written ("d->ops->refill").  With an empty CalleeUSR, the layered key
  /// the whole-program pass resolves it by (one call per target is added);
  /// with a CalleeUSR, one resolved target, stored at \p StoredAt.
  std::string Pointer, IndirectKey;
  /// The pointer's function type, for targets that escaped their layers.
  std::string IndirectType;
  SourcePos StoredAt;

  /// What is known of the argument for callee parameter \p P, for a caller
  /// entered with \p Caller.
  ArgFacts argFacts(unsigned P, const KnownArgs &Caller = KnownArgs()) const;
  /// The callee's known arguments, for a caller entered with \p Caller.
  KnownArgs knownArgs(const KnownArgs &Caller) const;
};

/// The function returns memory of these families.
struct ReturnSummary {
  std::vector<std::string> Families;
  SourcePos Site;   ///< the allocation
  std::string What; ///< "kvzalloc"
  bool operator==(const ReturnSummary &O) const {
    return Families == O.Families && Site == O.Site && What == O.What;
  }
};

/// The function frees (or resizes) what parameter Param holds (or points to).
struct FreedParam {
  unsigned Param = 0;
  bool Deref = false;
  std::string Free;                   ///< "kfree"
  std::vector<std::string> Accepted;  ///< the families that free accepts
  SourcePos Site;
  bool operator==(const FreedParam &O) const {
    return Param == O.Param && Deref == O.Deref && Free == O.Free && Accepted == O.Accepted && Site == O.Site;
  }
};

/// What the program stores into one record field.
struct FieldFact {
  std::string Field;                 ///< "panfrost_gem_object.sgts"
  std::vector<std::string> Families; ///< of the stores with a known provenance
  SourcePos Site;                    ///< one such store
  std::string What;                  ///< its allocator
  bool HasUnknown = false;           ///< some store's provenance is unknown
};

/// Memory passed in by a caller in another TU.
struct ProvenanceEntry {
  std::string USR;
  unsigned Param = 0;
  bool Deref = false;
  std::vector<std::string> Families;
  std::string Instance;
  std::string What; ///< the allocator, "vmalloc"; "" when unknown
  std::vector<std::pair<SourcePos, std::string>> Notes;
  bool operator==(const ProvenanceEntry &O) const {
    return USR == O.USR && Param == O.Param && Deref == O.Deref && Families == O.Families;
  }
};

struct FunctionSummary {
  std::string USR, Name;
  SourcePos Definition;
  std::vector<std::string> Params; ///< parameter names (to rewrite locks across calls)
  std::optional<SleepEvidence> Sleeps;
  /// Tests of its parameters on the way to every one of its unconditional
  /// sleeps (`if (flags & F_NB) return send_nb(); ... ct_send()`): a call
  /// whose arguments fail one does not make it sleep.
  llvm::SmallVector<ParamTest, 1> SleepsOnlyIf;
  /// The ways it sleeps, each with its own tests, while there are at most
  /// MaxSleepWays with different tests and none without (empty otherwise,
  /// and after WaysLost): a switch that sleeps in two cases sleeps for
  /// those two values only, where SleepsOnlyIf keeps only what the ways
  /// share.  A call takes the first way its arguments admit (sleepWayAt).
  std::vector<SleepWay> Ways;
  bool WaysLost = false;
  llvm::SmallVector<GfpParamSleep, 1> SleepsIfGfp;
  /// One of its ways to sleep (Sleeps, Ways, SleepsIfGfp, kept or not) is
  /// reported in its own body: a sleeping operation, a call that sleeps
  /// because of the flags passed there, a callee no main file defines (an
  /// inline function of a header).  A function that sleeps only inside
  /// callees defined in other files has nothing to report under a context
  /// its callers give it (the callees' TUs report): its TU is not checked
  /// again for that context (needsCheckAgain).
  bool SleepsHere = false;
  /// Memory is judged in its own body: it frees something, or calls a
  /// function that frees what it is passed and is not reported inside (a
  /// header's inline function).  Memory from elsewhere reaching a function
  /// that does not is judged where it is freed (needsCheckAgain).
  bool FreesHere = false;
  /// Functions of other files it reaches through inline functions of
  /// headers (directly or through its own TU's functions), at most
  /// MaxInlineCallees (InlineCalleesLost past that).  A sleep in one of them
  /// is reported at this TU's call of the inline function; the whole
  /// program does not see that chain (a header's function is in the store
  /// only when it does something a caller needs), so the tool checks the TU
  /// again when one of them sleeps (needsCheckAgain).
  std::vector<std::string> InlineCallees;
  bool InlineCalleesLost = false;
  llvm::SmallVector<ContextDelta, 2> Effects;
  /// Parameters holding functions that this function calls (an iterator's
  /// callback): a function passed there runs in the caller's context.
  std::vector<unsigned> CallsParams;
  ReturnSummary Returns;
  std::vector<FreedParam> FreesParams;
  std::vector<CallSiteSummary> Calls;
  /// It allocates with flags its callers cannot choose (a flags-less API
  /// such as vmalloc(), directly or through callees that take no flags
  /// themselves), outside any allocation scope: the first such site.
  std::optional<SleepEvidence> Flagless;
  /// It has a gfp_t parameter: callers tell it how to allocate.
  bool TakesGfp = false;
  /// C++ (allocflags-implicit-allocation): it allocates without flags - new,
  /// a standard container's growth, a copy of an allocating type - itself or
  /// through callees that are not disciplined: the first such site.  Kept for
  /// functions that are not disciplined themselves, whose sites are reported
  /// at the disciplined calls to them (across files through the store).
  std::optional<SleepEvidence> Implicit;
  /// C++: flag-disciplined (ALLOCFLAGS_DISCIPLINED or the check's options):
  /// its own implicit allocations are reported inside it, never at its callers.
  bool Disciplined = false;

  /// Everything a caller reads (not Calls): used to detect a fixpoint.
  bool sameFacts(const FunctionSummary &O) const {
    return Sleeps == O.Sleeps && SleepsOnlyIf == O.SleepsOnlyIf && Ways == O.Ways && WaysLost == O.WaysLost &&
           SleepsIfGfp == O.SleepsIfGfp &&
           Effects == O.Effects &&
           Returns == O.Returns && FreesParams == O.FreesParams &&
           Flagless == O.Flagless && Implicit == O.Implicit && Disciplined == O.Disciplined;
  }
  /// Nothing a caller would act on.
  bool trivial() const {
    return !Sleeps && SleepsIfGfp.empty() && Effects.empty() && Returns.Families.empty() &&
           FreesParams.empty() && !Flagless && !Implicit;
  }
};

/// A context a function is entered with, found in some TU: it is registered
/// as an interrupt handler, timer callback, ... (hardirq, softirq), or a
/// caller calls it while holding a lock.
/// How many contexts the store keeps per function entered (AtomicEntry),
/// and a TU per function it analyses (EntryContext); further ones are merged
/// into the first of their kind, which keeps the constants both agree on.
inline constexpr unsigned MaxEntriesPerFunction = 8;
/// The doubt of a context merged that way: its notes still name one caller,
/// whose constants may have kept it off the way to a sleep found now
/// (iwlwifi's time points: many callers pass an event, few the sleeping ones).
inline constexpr const char *MergedEntryDoubt =
    "it is entered in this context from several callers with different constant arguments; the one named here "
    "may not take this way";

struct AtomicEntry {
  std::string USR;          ///< the function entered
  std::string Kind;         ///< the context kind held on entry
  std::string KeyTemplate;  ///< the lock over the function's parameters, "" if unknown
  /// Why, innermost first: "called from 'f' here", "spin lock 'x' acquired here".
  std::vector<std::pair<SourcePos, std::string>> Notes;
  /// Functions passed to this one at the atomic call (parameter index, USR):
  /// they run in the same context if it calls that parameter.
  std::vector<std::pair<unsigned, std::string>> Callbacks;
  /// Calls between where the context began and this function's entry.
  unsigned Depth = 0;
  /// Integer arguments known at the call (not gfp flags, which summaries
  /// carry on their own): the function is analysed with them.
  KnownArgs Args;
  /// Recorded by the function's own TU, which found nothing to report under
  /// it there: kept for the whole-program pass to carry on through the
  /// function's calls, not a reason to check that TU again.
  bool Relay = false;
  /// Why the context may not really be held in the function (it came down a
  /// last-reference path): findings resting on it are low confidence.
  std::string Doubt;
  /// What the caller's gfp arguments say: (parameter, allows blocking), for
  /// the gfp parameters that are known.  GFP_NOWAIT passed down decides the
  /// callee's gfpflags_allow_blocking() tests.
  std::vector<std::pair<unsigned, bool>> GfpBlocks;
  /// Recorded for a call through a pointer (USR "ptr:..."): the pointer as
  /// written, for the notes of the targets it is given to.
  std::string Pointer;
  /// The calls the caller made into other files while holding the context
  /// before this one, and the lock in its terms (normalised; "" unkeyed):
  /// the whole-program pass drops the entry when one of them ends it.
  std::vector<CrossedCall> Crossed;
  std::string CallerLock;
  std::optional<bool> gfpBlocks(unsigned P) const {
    for (const auto &[I, B] : GfpBlocks)
      if (I == P)
        return B;
    return std::nullopt;
  }
  /// This entry makes \p O redundant: same kind, no more constants, as few
  /// calls away, and not a relay where \p O is not.
  bool covers(const AtomicEntry &O) const {
    return Kind == O.Kind && Args.subsetOf(O.Args) && Depth <= O.Depth && (!Relay || O.Relay) &&
           (Doubt.empty() || !O.Doubt.empty()) && GfpBlocks == O.GfpBlocks &&
           (Crossed.empty() || Crossed == O.Crossed); // one that may have ended stands in for none
  }
  bool operator==(const AtomicEntry &O) const {
    return USR == O.USR && Kind == O.Kind && KeyTemplate == O.KeyTemplate && Notes == O.Notes &&
           Callbacks == O.Callbacks && Depth == O.Depth && Args == O.Args && Relay == O.Relay && Doubt == O.Doubt &&
           GfpBlocks == O.GfpBlocks && Crossed == O.Crossed && CallerLock == O.CallerLock;
  }
};

/// A function whose address the program stores where a call through a
/// pointer may load it, under a layered key (IndirectCalls.h), outermost
/// layer first: "foo_dev.ops|foo_ops.refill", "@<USR of a global pointer or
/// array of pointers>", "type:<function type>".
struct PointerTarget {
  std::string Key;
  std::string USR, Name;
  SourcePos Site; ///< the store
  bool operator==(const PointerTarget &O) const { return Key == O.Key && USR == O.USR; }
};

/// Whether a call through \p CallKey may load what was stored under
/// \p StoreKey: the same innermost layer, and the same type at every outer
/// layer both keys know.
bool pointerKeysMatch(llvm::StringRef StoreKey, llvm::StringRef CallKey);
/// The innermost layer of a key ("foo_ops.refill"), which indexes stores.
llvm::StringRef innermostLayer(llvm::StringRef Key);
/// The key of last resort for an escaping function, by its type.
inline std::string typeKey(llvm::StringRef FunctionType) { return "type:" + FunctionType.str(); }
/// The USR an entry context recorded for a call through a pointer is kept
/// under until the whole-program pass gives it to the targets.
inline std::string indirectEntryUSR(llvm::StringRef Key, llvm::StringRef FunctionType) {
  return "ptr:" + Key.str() + "\t" + FunctionType.str();
}

/// Why a call through \p Pointer (loaded from \p Key) may not reach one of
/// its \p Targets functions: "" for one target found by the pointer's layers
/// (it can hold nothing else) and for a chain (every callback on it runs); a
/// target matched \p ByType only is always in doubt.
std::string indirectDoubt(llvm::StringRef Key, llvm::StringRef Pointer, size_t Targets, bool ByType = false);
/// The note at the store of \p Target that a call through \p Pointer loads
/// from \p Key (with \p ByType, where its address escaped; for a chain, its
/// registration).
std::string storedNote(llvm::StringRef Target, llvm::StringRef Key, llvm::StringRef Pointer, bool ByType = false);
/// Whether a key names a chain of callbacks rather than a pointer.
inline bool isChainKey(llvm::StringRef Key) { return Key.starts_with("chain:"); }

/// How calls through function pointers were resolved (--stats).
struct IndirectStats {
  unsigned Sites = 0, Resolved = 0, ByType = 0;
  unsigned NoKey = 0, NoTargets = 0, OverLimit = 0;
  uint64_t Targets = 0; ///< summed over resolved sites
  unsigned MaxTargets = 0;
};

/// A call that gives a function's gfp parameter flags that do not allow
/// blocking (or, asked for, that restrict reclaim: GFP_NOFS), directly or
/// through its callers' own gfp parameters.
struct NonBlockingCall {
  std::string Caller; ///< the function making the call with the constant
  SourcePos Site;
};

/// The questions one TU's analysis asked a whole-program store (phase 2),
/// each once.  A result cached with them stays valid while the store of a
/// later run gives every one of them the same answer
/// (SummaryStore::answerDigest): the same summaries of the functions it calls,
/// the same contexts for its own, the same targets for its calls through
/// pointers.  While an object lives, the questions this thread asks \p Of are
/// noted in it.
class StoreReads {
public:
  explicit StoreReads(const class SummaryStore &Of);
  ~StoreReads();
  StoreReads(const StoreReads &) = delete;
  StoreReads &operator=(const StoreReads &) = delete;
  /// Notes a question if this thread records questions asked of \p Store.
  static void note(const SummaryStore *Store, char Kind, llvm::StringRef Key);
  std::vector<std::string> questions() const;

private:
  const SummaryStore *Of;
  StoreReads *Outer;
  llvm::StringSet<> Asked;
};

/// Summaries of a whole program (or of one TU), with what makes them valid.
class SummaryStore {
public:
  /// Fingerprint of the model files' contents (and the allocflags version).
  std::string ModelHash;
  /// Source file -> fingerprint of its contents when summarised.
  llvm::StringMap<std::string> Sources;

  const FunctionSummary *lookup(llvm::StringRef USR) const;
  /// Whether \p File is the main file of a TU the store summarised.
  bool knowsSource(llvm::StringRef File) const;
  FunctionSummary &getOrCreate(llvm::StringRef USR) { return Functions[USR]; }
  void add(FunctionSummary S);
  /// Records an entry context (the first few per function are kept).
  bool addEntry(AtomicEntry E);
  llvm::ArrayRef<AtomicEntry> entriesOf(llvm::StringRef USR) const;
  const llvm::StringMap<FunctionSummary> &functions() const { return Functions; }
  llvm::StringMap<FunctionSummary> &functions() { return Functions; }
  const llvm::StringMap<std::vector<AtomicEntry>> &entries() const { return Entries; }

  /// Stores into record fields, merged over the TUs ("record.field").
  void addFieldStore(const FieldFact &F);
  const FieldFact *fieldFact(llvm::StringRef Field) const;
  const llvm::StringMap<FieldFact> &fields() const { return Fields; }
  /// Functions stored where calls through pointers load them.
  void addPointerTarget(PointerTarget T);
  /// The targets of a call through \p CallKey: those stored under a
  /// matching key, else (\p FunctionType given) those that escaped with
  /// that type; \p ByType says which.
  std::vector<const PointerTarget *> pointerTargets(llvm::StringRef CallKey, llvm::StringRef FunctionType = "",
                                                    bool *ByType = nullptr) const;
  const llvm::StringMap<std::vector<PointerTarget>> &pointers() const { return Pointers; }
  /// Memory callers in other TUs pass in.
  bool addProvenanceEntry(ProvenanceEntry E);
  llvm::ArrayRef<ProvenanceEntry> provenanceEntriesOf(llvm::StringRef USR) const;
  const llvm::StringMap<std::vector<ProvenanceEntry>> &provenanceEntries() const { return ProvEntries; }

  /// Phase 1 bookkeeping (not written out): fields this TU frees without
  /// knowing where their memory came from - other TUs' stores may tell.
  llvm::StringSet<> FieldsFreedUnknown;
  /// Phase 1 bookkeeping: functions whose default assumption (an unknown
  /// function that takes gfp flags allocates with them) made a report here.
  llvm::StringSet<> AssumedUsed;
  /// Phase 1: functions whose findings turn on which callers pass them
  /// flags that do not allow blocking (gfp-not-forwarded, flags-less
  /// allocations): the whole program may know a caller the TU did not.
  llvm::StringSet<> CallersAsked;
  /// Phase 1 bookkeeping: calls through pointers this TU resolved, with the
  /// number of targets it saw (other TUs may store more).
  llvm::StringMap<unsigned> IndirectSeen;
  /// After resolve(): how calls through pointers were resolved.
  IndirectStats Indirect;

  /// Adds everything from \p Other (a definition wins over a declaration-only
  /// entry; for two definitions of one USR the first is kept).
  void merge(SummaryStore &&Other);

  /// Whole-program resolution: propagates sleeping through calls (bottom-up
  /// over the strongly connected components of the call graph the Calls
  /// describe, to a fixpoint inside each), then entry contexts down the calls
  /// made while they still hold, up to \p MaxCallDepth calls from where
  /// they began (0: no limit).
  /// Calls through function pointers are first replaced by calls to the
  /// functions stored under their key (none when there are more than
  /// \p MaxIndirectTargets); entries recorded for such a call ("ptr:<key>")
  /// go to each.
  void resolve(unsigned MaxCallDepth = 0, unsigned MaxIndirectTargets = 32);

  /// The first call that gives parameter \p Param of \p USR non-blocking
  /// flags, over the whole store (findNonBlockingCall).
  std::optional<NonBlockingCall> nonBlockingCall(llvm::StringRef USR, unsigned Param, bool OrRestricted) const;

  /// Digest of this store's answer to a question StoreReads noted.
  std::string answerDigest(llvm::StringRef Question) const;

  /// The summary store file's document (sorted: runs diff).
  llvm::json::Value toJSON() const;
  llvm::Error writeJSON(llvm::StringRef Path) const; ///< atomic: temp file + rename
  static llvm::Expected<SummaryStore> readJSON(llvm::StringRef Path);
  /// The store file's text \p Text (\p Path names it in errors).
  static llvm::Expected<SummaryStore> parseJSON(llvm::StringRef Text, llvm::StringRef Path);
  /// A TU's phase-1 store as the tool's cache keeps it: everything in the
  /// order it was added, bookkeeping included, so that merging it back is
  /// merging the TU's own analysis.  \p What names the record in errors.
  llvm::json::Value toRecord() const;
  static llvm::Expected<SummaryStore> fromRecord(const llvm::json::Value &Record, llvm::StringRef What);

private:
  llvm::StringMap<FunctionSummary> Functions;
  llvm::StringMap<std::vector<AtomicEntry>> Entries;
  llvm::StringMap<FieldFact> Fields;
  llvm::StringMap<std::vector<ProvenanceEntry>> ProvEntries;
  llvm::StringMap<std::vector<PointerTarget>> Pointers; ///< by innermost layer
  void expandIndirectCalls(unsigned MaxTargets);
  /// Drops entries whose context a call their caller made before (into
  /// another file) ends, and the same from functions' net effects.
  void dropEndedContexts();
};


/// The first such call reaching parameter \p Param of \p USR among the
/// summaries \p ForEach visits (the whole program's store, or one TU's), in
/// visiting order; none when every caller passes blocking flags or only
/// unknown ones.  With \p OrRestricted, flags that block but restrict
/// reclaim count too.
std::optional<NonBlockingCall>
findNonBlockingCall(llvm::function_ref<void(llvm::function_ref<void(const FunctionSummary &)>)> ForEach,
                    llvm::StringRef USR, unsigned Param, bool OrRestricted = false);

/// Stable fingerprint of a byte string (FNV-1a, hex).
std::string fingerprint(llvm::StringRef Bytes);
/// A strong digest of a byte string (xxh3, 128 bits, hex): cache keys.
std::string contentDigest(llvm::StringRef Bytes);

} // namespace allocflags

#endif
