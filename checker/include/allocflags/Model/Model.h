//===- Model.h - kernel knowledge as data -----------------------*- C++ -*-===//
//
// The model says what named functions and macros do: which enter or leave which
// kind of execution context, which may sleep, which allocate (with which flags
// argument and from which allocator family) and which free.  It is loaded from
// YAML files (docs/model-format.md); the kernel model ships as
// checker/model/kernel.yaml and users add their own files.  Nothing in the
// engine names a kernel function: every such fact lives here.
//
// Names are what users write.  A name matches a call to a function of that name
// and an expansion of a macro of that name (see Analysis/Operations.h), so one
// model serves kernels where `kmalloc` is an inline function (6.1) and kernels
// where it is a macro around `kmalloc_noprof` (6.10+).
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_MODEL_MODEL_H
#define ALLOCFLAGS_MODEL_MODEL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace allocflags {

using ContextKindId = uint16_t;

/// A kind of execution context that primitives enter and leave: a spin lock
/// held, interrupts disabled, an RCU read-side section, ...
struct ContextKind {
  std::string Name;
  /// Sleeping while this context is active is a bug.
  bool Atomic = true;
  /// Instances are told apart by their lock expression (two spin locks are two
  /// entries; "interrupts disabled" is one).
  bool Keyed = false;
  /// in_interrupt() is true here: functions that only sleep outside interrupt
  /// context (vfree defers its work instead) do not sleep.
  bool Interrupt = false;
  /// Still atomic on PREEMPT_RT, where spin locks and softirqs are
  /// preemptible: no allocation at all, even GFP_ATOMIC (raw spin locks,
  /// interrupts or preemption off, unthreaded hard-IRQ handlers).
  bool RTAtomic = false;
  /// Page faults are disabled here (pagefault_disable()): user accesses fail
  /// with -EFAULT instead of sleeping to fault the page in.
  bool NoFaults = false;
  /// A path condition rather than a context (the last reference was
  /// dropped): a sleep under it is real only on that path, so a finding
  /// resting on it is low confidence, with this as its reason.  Local to the
  /// function: never a summarised effect.
  std::string Doubt;
  /// Note shown where the context was entered; "{lock}" is replaced by the
  /// quoted lock expression, or removed when it is not known.
  std::string Note;
  /// A scope that sets how allocations inside it may reclaim
  /// (memalloc_nofs_save()): a flags-less allocation is told how by it.
  bool FlagsScope = false;
};

/// When a conditional primitive (a trylock) takes effect.
enum class WhenKind : uint8_t {
  Always,  ///< unconditionally
  NonZero, ///< on the paths where its result is non-zero (spin_trylock)
  Zero,    ///< on the paths where its result is zero
};

/// A primitive that enters and/or leaves contexts (spin_lock_irqsave enters
/// "spin" and "irq").
struct ContextPrimitive {
  llvm::SmallVector<ContextKindId, 2> Enter;
  llvm::SmallVector<ContextKindId, 2> Leave;
  /// Argument naming the lock (for keyed kinds and notes), or -1.
  int LockArg = -1;
  WhenKind When = WhenKind::Always;
};

/// When a model-listed sleeping function actually sleeps.
enum class SleepConditionKind : uint8_t {
  Always,
  /// Only outside interrupt context (vfree: deferred when in_interrupt()).
  OutsideInterrupt,
  /// Only where page faults may be taken (copy_from_user: under
  /// pagefault_disable() it fails instead of sleeping).
  FaultsEnabled,
};

struct SleepingFunction {
  SleepConditionKind Condition = SleepConditionKind::Always;
  /// Sleeps only when this argument is true (might_sleep_if(cond)), or -1.
  int ConditionArg = -1;
  /// Sleeps only to free vmalloc memory: the argument that holds it (kvfree
  /// sleeps in vfree(), kfree() does not), or -1.
  int VmallocArg = -1;
};

/// A function that allocates memory.
struct AllocatorFunction {
  std::string Family;
  /// Index of the gfp flags argument, or -1 when there is none.
  int FlagsArg = -1;
  /// Sleeps whatever the flags say (vmalloc and friends).
  bool AlwaysSleeps = false;
  /// The cache the object comes from (kmem_cache_alloc), or -1.
  int CacheArg = -1;
};

/// Whether memory of a family may be a vmalloc mapping (is_vmalloc_addr()).
enum class VmallocKind : uint8_t { No, Yes, Maybe };

/// An allocator family: memory that only its own frees may release.
struct AllocFamily {
  std::string Name;
  VmallocKind Vmalloc = VmallocKind::No;
  /// For Maybe families (kvmalloc): what the memory is known to be on each
  /// side of an is_vmalloc_addr() test.
  std::string IfVmalloc, IfNotVmalloc;
  /// For Maybe families: what memory allocated with flags that do not block
  /// is (kvmalloc falls back to vmalloc only when it may sleep), or empty.
  std::string IfNonBlocking;
  /// Objects belong to one instance (a kmem_cache) and go back to it.
  bool PerInstance = false;
};

/// A function that frees (or resizes) memory of some families.
struct FreeFunction {
  llvm::SmallVector<std::string, 3> Families;
  int PtrArg = 0;
  bool Realloc = false;
  /// The cache the object goes back to (kmem_cache_free), or -1.
  int CacheArg = -1;
  /// Families accepted from a kernel version on (kfree of kmem_cache
  /// objects since 6.4), as LINUX_VERSION_CODE.
  uint32_t SinceVersion = 0;
  llvm::SmallVector<std::string, 1> SinceFamilies;
};

/// is_vmalloc_addr(p): refines what p may be on each branch.
struct FamilyTest {
  int Arg = 0;
};

/// A function that hands a callback to code that runs it in atomic context
/// (request_irq: the handler runs in hard-IRQ context).
struct EntryPointRegistrar {
  int CallbackArg = 0;
  llvm::SmallVector<ContextKindId, 2> Enter;
  /// When argument FlagsArg carries flag macro Flag (IRQF_NO_THREAD), the
  /// callback also enters IfFlag (it stays unthreaded on PREEMPT_RT).
  int FlagsArg = -1;
  std::string Flag;
  llvm::SmallVector<ContextKindId, 1> IfFlag;
  /// How the callback runs, for notes ("runs in hard-IRQ context"); the
  /// first kind's note when empty.
  std::string Why;
};

/// An API that allocates with flags its caller cannot choose (vmalloc,
/// vzalloc, alloc_workqueue: GFP_KERNEL inside).
struct FlaglessAllocator {
  std::string Implies;   ///< the flags it allocates with, as written
  /// The flags-taking form, "{0}".."{9}" for the call's arguments and
  /// "{gfp}" for the flags: "__vmalloc({0}, {gfp} | __GFP_ZERO)"; "" if none.
  std::string WithFlags;
};

/// A chain of callbacks (a notifier chain): one function runs what others
/// registered on it, in its caller's context (IndirectCalls.h).  The chain
/// is named by an argument (`&my_chain`, `&priv->chain`) or, for wrappers
/// around one chain (call_netevent_notifiers), by the model.
struct ChainCall {
  int ChainArg = -1;   ///< the chain argument, or -1 with Chain
  std::string Chain;   ///< the chain variable's name, for wrappers
  /// Registration only: the argument with the block registered, and the
  /// field of it that holds the callback ("notifier_block.notifier_call").
  int BlockArg = -1;
  std::string CallbackField;
};

/// lockdep_assert_held(l) and friends: the lock is held from here on; its
/// kind comes from the lock's type (Model::kindForLockType).
struct LockAssertion {
  int LockArg = 0;
};

/// A test of the execution context (in_interrupt()): true where one of
/// TrueIn is active, false where none may be; else unknown.
struct ContextPredicate {
  llvm::SmallVector<ContextKindId, 4> TrueIn;
  bool Negated = false; ///< preemptible(): true where none of TrueIn is active
};

/// A test of gfp flags: true when the flags argument allows blocking
/// (gfpflags_allow_blocking(gfp)).
struct GfpPredicate {
  int FlagsArg = 0;
};

/// A gfp API that drops a lock its caller holds around a blocking
/// allocation (__xa_store() under xa_lock()).
struct LockDroppingCall {
  int FlagsArg = 0;
  /// The lock it drops, as a template over the arguments ("&$0->xa_lock").
  std::string LockTemplate;
};

/// Everything the model knows about one name.  Several categories may apply
/// (vfree frees and may sleep).
struct FunctionFacts {
  std::optional<ContextPrimitive> Context;
  std::optional<SleepingFunction> Sleeps;
  std::optional<AllocatorFunction> Alloc;
  std::optional<FreeFunction> Free;
  std::optional<EntryPointRegistrar> Registrar;
  std::optional<LockAssertion> Assertion;
  std::optional<ContextPredicate> Predicate;
  std::optional<GfpPredicate> FlagsTest;
  std::optional<LockDroppingCall> DropsLock;
  std::optional<FamilyTest> VmallocTest;
  /// Allocates with flags its caller cannot choose.
  std::optional<FlaglessAllocator> Flagless;
  /// Runs the callbacks registered on a chain (atomic_notifier_call_chain).
  std::optional<ChainCall> RunsChain;
  /// Registers a callback on a chain (atomic_notifier_chain_register).
  std::optional<ChainCall> RegistersOnChain;
  /// Runs before the scheduler (start_kernel): interrupts are off by design,
  /// gfp_allowed_mask strips reclaim and sleep checks are off, so the
  /// contexts it enters are not atomic context for the checks.
  bool EarlyBoot = false;
  /// Does not sleep, whatever its body seems to do: its sleeping paths are
  /// not taken from where it is called (panic() on a dying system,
  /// kvfree_call_rcu() with an rcu_head).  Its body is not summarised and no
  /// caller's context flows into it.
  bool NeverSleeps = false;
  /// Does without sleeping what a sleeping call does (udelay() for
  /// msleep(), mutex_trylock() for mutex_lock()): model `atomic_alternatives`.
  bool AtomicAlternative = false;
};

/// Fields of a record type whose functions are called in atomic context
/// (net_device_ops.ndo_select_queue), bound where a table is initialised or
/// the field assigned.
struct EntryField {
  std::string Record;
  std::string Field;
  llvm::SmallVector<ContextKindId, 2> Enter;
  std::string Why; ///< as EntryPointRegistrar::Why
};

/// A C++ library type that owns heap memory (std::vector, std::string,
/// std::function): constructing it other than by default or by move, copy
/// assigning it, and calling one of its growing members allocates without
/// being told how (allocflags-implicit-allocation).
struct CxxAllocatingType {
  /// Members (and non-member operators returning the type, like string's
  /// operator+) that may grow it: "push_back", "operator[]", "operator+".
  std::vector<std::string> Grows;
  /// Its default constructor allocates too (std::deque, std::unordered_map
  /// in some libraries): false for most.
  bool DefaultAllocates = false;
};

/// How to find the direct-reclaim bit of the analysed code's gfp flags.
struct GfpModel {
  /// The flags type (used to find flags arguments inside macro expansions).
  std::string TypeName = "gfp_t";
  /// Enumerators holding the bit *number* (newer kernels: ___GFP_DIRECT_RECLAIM_BIT).
  std::vector<std::string> BitEnums;
  /// Macros holding the bit *value*, tried in order (___GFP_DIRECT_RECLAIM).
  std::vector<std::string> BitMacros;
  /// Used when the translation unit defines none of the above.
  uint64_t Fallback = 0x400;
  /// Bits that make a constant without the direct-reclaim bit a request not
  /// to block (GFP_NOWAIT, GFP_ATOMIC: kswapd reclaim, __GFP_HIGH) rather
  /// than a zone or modifier hint (GFP_DMA, __GFP_ZERO): enumerators holding
  /// bit numbers and macros holding values, all that the TU defines, else
  /// the fallback.
  std::vector<std::string> RequestEnums, RequestMacros;
  uint64_t RequestFallback = 0x820;
  /// Bits that let reclaim start I/O and enter the filesystem (__GFP_IO,
  /// __GFP_FS): flags that block without one of them (GFP_NOFS, GFP_NOIO)
  /// restrict how an allocation may reclaim.  Looked up like the request bits.
  std::vector<std::string> ScopeEnums, ScopeMacros;
  uint64_t ScopeFallback = 0xc0;
  /// Macro names of the common flag sets, used to print flags readably.
  std::vector<std::string> Names;
};

class Model {
public:
  /// Loads and merges model files in order; a later file's facts about a name
  /// replace an earlier file's facts of the same category.  The first error
  /// comes back as "file:line:col: message".
  static llvm::Expected<Model> load(llvm::ArrayRef<std::string> Files);

  /// The kernel model shipped with allocflags, plus \p Extra files.
  /// \p AnchorAddress is any address inside the running binary or plugin; the
  /// shipped model is looked up relative to it (../share/allocflags).
  static llvm::Expected<Model> loadShipped(llvm::ArrayRef<std::string> Extra,
                                           const void *AnchorAddress);

  /// Directory holding the shipped model files, or an error saying where it
  /// was looked for.
  static llvm::Expected<std::string> shippedModelDir(const void *AnchorAddress);

  /// Facts from source annotations (allocflags_annotate("allocators: {family:
  /// kmalloc, flags_arg: 1}")): each text is one entry of a model section,
  /// without `names`, read against this model's kinds and families.
  llvm::Expected<FunctionFacts> parseAnnotations(llvm::ArrayRef<llvm::StringRef> Texts) const;

  const FunctionFacts *lookup(llvm::StringRef Name) const {
    auto It = Facts.find(Name);
    return It == Facts.end() ? nullptr : &It->second;
  }
  const ContextKind &kind(ContextKindId Id) const { return Kinds[Id]; }
  /// Ops-table fields called in atomic context, for record \p Record.
  llvm::ArrayRef<EntryField> entryFields() const { return Fields; }
  const EntryField *entryField(llvm::StringRef Record, llvm::StringRef Field) const;
  /// The context kind a lock of this type gives (spinlock_t: spin).
  std::optional<ContextKindId> kindForLockType(llvm::StringRef TypeName) const;
  /// Allocator families, by index (bit positions in family sets).
  llvm::ArrayRef<AllocFamily> families() const { return Families; }
  std::optional<unsigned> findFamily(llvm::StringRef Name) const;
  /// Macro holding the kernel version of the analysed tree, and the version
  /// assumed when the tree does not define it.
  llvm::StringRef versionMacro() const { return VersionMacro; }
  llvm::ArrayRef<ContextKind> kinds() const { return Kinds; }
  std::optional<ContextKindId> findKind(llvm::StringRef Name) const;
  const GfpModel &gfp() const { return Gfp; }
  /// Names whose macro expansions the preprocessor hook must record.
  bool isModelName(llvm::StringRef Name) const { return Facts.count(Name); }
  /// C++ library types that own heap memory, by qualified name without
  /// template arguments or inline namespaces ("std::vector").
  const CxxAllocatingType *cxxType(llvm::StringRef QualifiedName) const {
    auto It = CxxTypes.find(QualifiedName);
    return It == CxxTypes.end() ? nullptr : &It->second;
  }
  /// Functions that allocate without flags, by qualified name
  /// ("malloc", "std::make_shared", "operator new").
  bool isCxxAllocatingFunction(llvm::StringRef QualifiedName) const {
    return CxxFunctions.count(QualifiedName);
  }
  /// The files this model was loaded from, in order.
  llvm::ArrayRef<std::string> files() const { return Files; }

  // Building (used by the loader and by unit tests).
  ContextKindId addKind(ContextKind K);
  FunctionFacts &factsFor(llvm::StringRef Name) { return Facts[Name]; }
  void addEntryField(EntryField F) { Fields.push_back(std::move(F)); }
  void addLockType(std::string Type, ContextKindId K) { LockTypes[Type] = K; }
  unsigned addFamily(AllocFamily F);
  void setVersionMacro(std::string M) { VersionMacro = std::move(M); }
  GfpModel &gfpModel() { return Gfp; }
  void addCxxType(std::string Name, CxxAllocatingType T) { CxxTypes[Name] = std::move(T); }
  void addCxxFunction(llvm::StringRef Name) { CxxFunctions.insert(Name); }

private:
  std::vector<ContextKind> Kinds;
  llvm::StringMap<FunctionFacts> Facts;
  std::vector<EntryField> Fields;
  llvm::StringMap<ContextKindId> LockTypes;
  std::vector<AllocFamily> Families;
  std::string VersionMacro = "LINUX_VERSION_CODE";
  GfpModel Gfp;
  llvm::StringMap<CxxAllocatingType> CxxTypes;
  llvm::StringSet<> CxxFunctions;
  std::vector<std::string> Files;
};

} // namespace allocflags

#endif
