// context.h - kernel execution context, simulated in user space.
//
// Spin locks, RCU read-side sections, and preemption, interrupts or bottom
// halves disabled raise a per-thread atomic depth, and remember where.
// might_sleep() in atomic context reports what the kernel prints:
//   BUG: sleeping function called from invalid context at file.cpp:42
// with the guard that made the context atomic.  Every allocation whose flags
// allow direct reclaim calls it.
//
// The functions carry allocflags annotations, so the checker sees the same
// contexts statically; the guards are ordinary RAII classes whose effect the
// checker infers from their bodies.
#ifndef KALLOC_CONTEXT_H
#define KALLOC_CONTEXT_H

#include "kalloc/annotations.h"

#include <atomic>
#include <source_location>

namespace ALLOCFLAGS_DISCIPLINED kalloc {

enum class ContextKind : unsigned char { Spin, Rcu, Preempt, Irq, Bh };

/// Atomic sections entered on this thread and not yet left.
unsigned atomic_depth();
inline bool in_atomic() { return atomic_depth() != 0; }

/// Reports a Violation::SleepInAtomic when called in atomic context.
void might_sleep(std::source_location Where = std::source_location::current()) ALLOCFLAGS_SLEEPS;

namespace detail {
void enter(ContextKind K, const char *What, std::source_location Where);
void leave(ContextKind K);
} // namespace detail

/// A spin lock (busy-waits; holding it is atomic context).
class SpinLock {
public:
  SpinLock() = default;
  SpinLock(const SpinLock &) = delete;
  SpinLock &operator=(const SpinLock &) = delete;
  void lock(std::source_location Where = std::source_location::current()) ALLOCFLAGS_ENTERS(spin, -1);
  void unlock() ALLOCFLAGS_LEAVES(spin, -1);

private:
  std::atomic_flag Held;
};

void rcu_read_lock(std::source_location Where = std::source_location::current()) ALLOCFLAGS_ENTERS(rcu, -1);
void rcu_read_unlock() ALLOCFLAGS_LEAVES(rcu, -1);
void preempt_disable(std::source_location Where = std::source_location::current()) ALLOCFLAGS_ENTERS(preempt, -1);
void preempt_enable() ALLOCFLAGS_LEAVES(preempt, -1);
void local_irq_disable(std::source_location Where = std::source_location::current()) ALLOCFLAGS_ENTERS(irq, -1);
void local_irq_enable() ALLOCFLAGS_LEAVES(irq, -1);
void local_bh_disable(std::source_location Where = std::source_location::current()) ALLOCFLAGS_ENTERS(bh, -1);
void local_bh_enable() ALLOCFLAGS_LEAVES(bh, -1);

/// Scoped forms.
class SpinGuard {
public:
  explicit SpinGuard(SpinLock &L, std::source_location Where = std::source_location::current()) : L(L) {
    L.lock(Where);
  }
  ~SpinGuard() { L.unlock(); }
  SpinGuard(const SpinGuard &) = delete;
  SpinGuard &operator=(const SpinGuard &) = delete;

private:
  SpinLock &L;
};

class RcuReadGuard {
public:
  explicit RcuReadGuard(std::source_location Where = std::source_location::current()) { rcu_read_lock(Where); }
  ~RcuReadGuard() { rcu_read_unlock(); }
  RcuReadGuard(const RcuReadGuard &) = delete;
  RcuReadGuard &operator=(const RcuReadGuard &) = delete;
};

class PreemptGuard {
public:
  explicit PreemptGuard(std::source_location Where = std::source_location::current()) { preempt_disable(Where); }
  ~PreemptGuard() { preempt_enable(); }
  PreemptGuard(const PreemptGuard &) = delete;
  PreemptGuard &operator=(const PreemptGuard &) = delete;
};

class IrqGuard {
public:
  explicit IrqGuard(std::source_location Where = std::source_location::current()) { local_irq_disable(Where); }
  ~IrqGuard() { local_irq_enable(); }
  IrqGuard(const IrqGuard &) = delete;
  IrqGuard &operator=(const IrqGuard &) = delete;
};

} // namespace kalloc

#endif
