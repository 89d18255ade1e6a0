//===- Sleep.h - does an operation sleep? ----------------------*- C++ -*-===//
//
// One answer, shared by the check (which reports sleeping operations in
// atomic context) and the summary builder (which records how a function may
// sleep for its callers):
//  - a model-listed sleeping function (vfree: only outside interrupt context;
//    might_sleep_if(c): when c holds);
//  - an allocation whose flags allow blocking, or that always sleeps;
//  - a gfp API that drops its caller's lock around a blocking allocation;
//  - a call to a function whose summary says it sleeps, or sleeps when given
//    blocking gfp flags (which it is, here).
// When the answer depends on a gfp parameter of the analysed function (its
// flags are the parameter, or the operation sits under
// `if (gfpflags_allow_blocking(gfp))`), the verdict says which parameter:
// that is for the callers to decide.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_SLEEP_H
#define ALLOCFLAGS_ANALYSIS_SLEEP_H

#include "allocflags/Summary/Summary.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace allocflags {
class ContextAnalysis;
class ContextState;
class TUContext;
struct Operation;

struct SleepVerdict {
  /// Maybe: it may sleep, depending on what is not known here (flags picked
  /// by an undecided condition); summaries count it, reports do not.
  enum class KindT : uint8_t { No, Yes, Maybe, IfParamBlocks } Kind = KindT::No;
  unsigned Param = 0;        ///< IfParamBlocks: the analysed function's gfp parameter
  std::string What;          ///< "kzalloc", "msleep", or the called function
  std::string Flags;         ///< the flags as written, when they are why
  bool OutsideInterruptOnly = false;
  bool FaultsEnabledOnly = false;
  /// Through a called function's summary.
  const FunctionSummary *Via = nullptr;
  /// The callee sleeps because of the gfp flags given to it here.
  bool ViaGfpParam = false;
  /// An allocation that does not block, which still sleeps on PREEMPT_RT in
  /// contexts that stay atomic there (option PreemptRT).
  bool RTOnly = false;
  /// The evidence inside the callee.
  const SleepEvidence *ViaEvidence = nullptr;
  /// Through a callee that sleeps only on some values of its parameters:
  /// those tests, on the analysed function's parameters passed there.
  llvm::SmallVector<ParamTest, 1> Requires;
  /// Contexts released while it sleeps (a lock-dropping API's lock, a lock
  /// the callee drops), as lock texts in the caller's terms.
  llvm::SmallVector<std::pair<std::string, std::string>, 1> Drops; ///< (kind, key)
  /// Contexts the callee releases before it sleeps on some paths only: the
  /// paths may be the ones it sleeps on (a flag it tests twice), so a report
  /// resting on such a context is doubtful.
  llvm::SmallVector<std::pair<std::string, std::string>, 1> PartlyDrops; ///< (kind, key)
  /// A lock-dropping API (__xa_alloc): it unlocks the way the lock was taken
  /// (xa_lock_irq: interrupts come back on too), so what was entered together
  /// with a dropped lock is dropped with it.
  bool DropsAsTaken = false;
  /// Why it may not sleep after all (SleepEvidence::Doubt); "" when sure.
  std::string Doubt;
};

SleepVerdict classifySleep(const ContextAnalysis &A, const Operation &Op, const ContextState &S);

/// Whether a sleep \p V found at \p Op is reported inside the callee (its
/// body is analysed in a main file, in the context it is called in) rather
/// than at \p Op: not when the callee sleeps because of the gfp flags passed
/// here, nor when no main file defines it.
bool reportedInCallee(TUContext &TU, const Operation &Op, const SleepVerdict &V);

/// Why a sleep at \p Op, or in what it calls, may never happen in a context
/// held there, by the branch it sits in: it runs only for one-time
/// initialisation (the branch of `if (!flag)` that tests or sets the flag
/// again), or the test picks between it and a way that does not sleep
/// (`if (pcm->nonatomic) mutex_lock(); else spin_lock();`).  "" when it is
/// not so.
std::string branchDoubt(const ContextAnalysis &A, const Operation &Op);

} // namespace allocflags

#endif
