// fault.h - fault injection for tests, like the kernel's failslab: make
// allocations on this thread fail, the Nth one or at random, while a scope
// is alive.  Only allocation attempts count (not frees, not resizes that fit).
#ifndef KALLOC_FAULT_H
#define KALLOC_FAULT_H

#include "kalloc/annotations.h"

#include <cstdint>

namespace ALLOCFLAGS_DISCIPLINED kalloc {

/// Fails the \p N th allocation attempt (1-based) made on this thread while
/// it lives.
class FailNth {
public:
  explicit FailNth(unsigned N);
  ~FailNth();
  FailNth(const FailNth &) = delete;
  FailNth &operator=(const FailNth &) = delete;
  /// Attempts seen so far in this scope; whether the Nth was reached.
  unsigned attempts() const;
  bool fired() const;
};

/// Fails each allocation attempt on this thread with probability \p P
/// (deterministic for a seed) while it lives.
class FailRandomly {
public:
  FailRandomly(double P, std::uint64_t Seed);
  ~FailRandomly();
  FailRandomly(const FailRandomly &) = delete;
  FailRandomly &operator=(const FailRandomly &) = delete;
};

namespace detail {
/// Called by every backend at each allocation attempt.
bool should_fail();
} // namespace detail

} // namespace kalloc

#endif
