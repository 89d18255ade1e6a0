//===- SleepInAtomic.h - sleeping in atomic context -------------*- C++ -*-===//
//
// The analysis behind allocflags-sleep-in-atomic: for every function defined
// in the main file, run the context analysis and report each operation that
// may sleep while an atomic context is held:
//  - a model-listed sleeping function (mutex_lock, msleep, might_sleep, ...);
//    one that sleeps only outside interrupt context (vfree) is not reported
//    where an interrupt-like context (bottom halves off) may be active;
//  - an allocation whose flags carry the direct-reclaim bit, or an allocator
//    that always may sleep (vmalloc).
// Flags that are not a constant here are not reported.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_SLEEPINATOMIC_H
#define ALLOCFLAGS_ANALYSIS_SLEEPINATOMIC_H

namespace allocflags {
class Reporter;
class SummaryStore;
class TUContext;

/// Adds the summaries computed in this TU (functions with a body here that
/// the analysis reached) to \p Out.
void exportSummaries(TUContext &TU, SummaryStore &Out);

} // namespace allocflags

#endif
