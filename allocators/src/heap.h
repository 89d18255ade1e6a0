//===- heap.h - internals shared by the backends and kmem_cache -*- C++ -*-===//
#ifndef KALLOC_SRC_HEAP_H
#define KALLOC_SRC_HEAP_H

#include "kalloc/annotations.h"
#include "kalloc/alloc.h"
#include "kalloc/detail/fastpath.h"
#include "kalloc/context.h"
#include "kalloc/fault.h"
#include "kalloc/report.h"

#include <atomic>
#include <cstdint>

namespace ALLOCFLAGS_DISCIPLINED kalloc {
namespace detail {

inline constexpr unsigned NumClasses = 13;
inline constexpr std::uint32_t SlabMagic = 0x6b736c62; // "kslb"

/// A tiny test-and-set lock: the non-blocking paths never sleep in the OS.
class SpinMutex {
public:
  void lock() {
    while (F.test_and_set(std::memory_order_acquire))
      while (F.test(std::memory_order_relaxed))
        ;
  }
  void unlock() { F.clear(std::memory_order_release); }

private:
  std::atomic_flag F;
};

class Arena {
public:
  Arena();
  /// \p N contiguous committed slabs (reused, or newly committed when
  /// \p CanBlock, else from the reserve); null when there are none.
  SlabHeader *takeSlabs(std::size_t N, bool CanBlock);
  void giveSlabs(SlabHeader *H);
  /// The header of the slab holding \p P, if \p P is in a live slab.
  SlabHeader *header(const void *P) const;
  bool contains(const void *P) const;

  /// The longest run ever asked for: a KMALLOC_MAX_SIZE allocation with
  /// its header page.
  static constexpr std::size_t MaxRunSlabs = (KMALLOC_MAX_SIZE + PageBytes + SlabBytes - 1) / SlabBytes;

private:
  char *commitLocked(std::size_t N);
  char *Base;
  std::size_t Limit;
  std::atomic<std::size_t> Next{0};
  SpinMutex Lock;
  static constexpr std::size_t KeepResidentBytes = std::size_t(8) << 20;
  std::size_t ResidentBytes = 0; ///< of multi-slab free runs kept resident
  /// Free runs by length, each list LIFO through the runs' first headers
  /// (SlabHeader::Next): a run freed is the next one of its length reused.
  SlabHeader *FreeRuns[MaxRunSlabs + 1] = {};
  /// Committed slabs kept for flags that may not block.
  static constexpr std::size_t Reserve = 16;
  char *Reserved[Reserve] = {};
  std::size_t NumReserved = 0;
};
Arena &arena();

/// The first object of a slab of objects of \p Size bytes.
inline std::size_t firstObjectOffset(std::size_t Size) {
  return Size >= sizeof(SlabHeader) ? Size : (sizeof(SlabHeader) + Size - 1) / Size * Size;
}

/// Longest report message, with its terminating NUL.  Reports are
/// formatted on the stack: one may be made where allocating is the bug, and
/// the library's own bookkeeping takes no memory without flags.
inline constexpr std::size_t ReportBytes = 1024;
/// report_violation() with a printf-style message (pointers as %p), cut to
/// ReportBytes - 1 characters ending in "..." when longer.
void reportf(Violation V, const char *Fmt, ...) __attribute__((format(printf, 2, 3)));
void *kmallocLayout(Layout L, gfp_t F, Caller Where);
long kmallocBalance();
void kfreeImpl(const void *P, const char *Op);
void *vmallocImpl(std::size_t Size, gfp_t F, Caller Where);
void vfreeImpl(const void *P, const char *Op);
bool inVmallocArena(const void *P);
/// kfree() of a kmem_cache object: back to its own cache.
void cacheFreeFromKfree(SlabHeader *H, void *P);

/// At every allocation attempt: might_sleep() for flags that may block, then
/// fault injection.  False: the attempt fails.
inline bool attemptAllowed(gfp_t F, Caller Where) {
  if (may_sleep(F) && AtomicDepth) [[unlikely]]
    might_sleep(Where);
  return !FaultsArmed || !should_fail();
}

} // namespace detail
} // namespace kalloc

#endif
