//===- context.cpp - simulated atomic context ------------------------------===//
#include "kalloc/context.h"
#include "kalloc/report.h"
#include "heap.h"

namespace ALLOCFLAGS_DISCIPLINED kalloc {
namespace {

struct Frame {
  ContextKind Kind;
  const char *What;
  std::source_location Where;
};

/// This thread's atomic sections, innermost last.  Deeper nesting than this
/// still counts, it just is not explained.
struct ThreadContext {
  static constexpr unsigned Max = 32;
  unsigned Depth = 0;
  Frame Frames[Max];
};

thread_local ThreadContext TC;

const char *describe(ContextKind K) {
  switch (K) {
  case ContextKind::Spin:
    return "spin lock taken";
  case ContextKind::Rcu:
    return "RCU read-side section entered";
  case ContextKind::Preempt:
    return "preemption disabled";
  case ContextKind::Irq:
    return "interrupts disabled";
  case ContextKind::Bh:
    return "bottom halves disabled";
  }
  return "atomic context entered";
}

} // namespace

unsigned atomic_depth() { return TC.Depth; }

constinit thread_local unsigned detail::AtomicDepth = 0;

void detail::enter(ContextKind K, const char *What, std::source_location Where) {
  if (TC.Depth < ThreadContext::Max)
    TC.Frames[TC.Depth] = {K, What, Where};
  detail::AtomicDepth = ++TC.Depth;
}

void detail::leave(ContextKind K) {
  if (TC.Depth == 0)
    return; // unbalanced: nothing to leave
  // Sections need not nest strictly (spin_unlock after rcu_read_lock):
  // drop the innermost frame of this kind.
  unsigned N = TC.Depth < ThreadContext::Max ? TC.Depth : ThreadContext::Max;
  for (unsigned I = N; I-- > 0;)
    if (TC.Frames[I].Kind == K) {
      for (unsigned J = I; J + 1 < N; ++J)
        TC.Frames[J] = TC.Frames[J + 1];
      break;
    }
  detail::AtomicDepth = --TC.Depth;
}

void might_sleep(std::source_location Where) {
  if (TC.Depth == 0)
    return;
  const Frame &F = TC.Frames[(TC.Depth < ThreadContext::Max ? TC.Depth : ThreadContext::Max) - 1];
  detail::reportf(Violation::SleepInAtomic,
                  "sleeping function called from invalid context at %s:%u in %s; in_atomic(): %u, %s (%s) at %s:%u",
                  Where.file_name(), unsigned(Where.line()), Where.function_name(), TC.Depth, describe(F.Kind),
                  F.What, F.Where.file_name(), unsigned(F.Where.line()));
}

void SpinLock::lock(std::source_location Where) {
  detail::enter(ContextKind::Spin, "SpinLock", Where);
  while (Held.test_and_set(std::memory_order_acquire))
    while (Held.test(std::memory_order_relaxed))
      ;
}

void SpinLock::unlock() {
  Held.clear(std::memory_order_release);
  detail::leave(ContextKind::Spin);
}

void rcu_read_lock(std::source_location Where) { detail::enter(ContextKind::Rcu, "rcu_read_lock", Where); }
void rcu_read_unlock() { detail::leave(ContextKind::Rcu); }
void preempt_disable(std::source_location Where) { detail::enter(ContextKind::Preempt, "preempt_disable", Where); }
void preempt_enable() { detail::leave(ContextKind::Preempt); }
void local_irq_disable(std::source_location Where) { detail::enter(ContextKind::Irq, "local_irq_disable", Where); }
void local_irq_enable() { detail::leave(ContextKind::Irq); }
void local_bh_disable(std::source_location Where) { detail::enter(ContextKind::Bh, "local_bh_disable", Where); }
void local_bh_enable() { detail::leave(ContextKind::Bh); }

} // namespace kalloc
