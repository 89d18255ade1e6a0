// detail/fastpath.h - the per-thread state the inline fast paths read.
//
// Not an API: the layout of slabs and of the per-thread object magazines,
// shared by the library's sources and the inline KmemCache fast path
// (kmem_cache.h).  Everything the fast path cannot decide alone (first use
// of a cache on a thread, an empty or full magazine, atomic context with
// sleeping flags, fault injection, an object that is not this cache's) goes
// to the out-of-line kmem_cache_alloc()/kmem_cache_free(), which check and
// report as before.
#ifndef KALLOC_DETAIL_FASTPATH_H
#define KALLOC_DETAIL_FASTPATH_H

#include "kalloc/annotations.h"

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace ALLOCFLAGS_DISCIPLINED kalloc {
struct kmem_cache;

namespace detail {

inline constexpr std::size_t SlabBytes = 64 * 1024;
inline constexpr std::size_t PageBytes = 4096;

enum class SlabKind : unsigned char { Small = 1, Large, Cache };

/// At the start of every slab (run of slabs) in the kmalloc arena; slabs
/// are SlabBytes-aligned, so an object's header is its address rounded down.
struct SlabHeader {
  std::uint32_t Magic = 0;
  SlabKind Kind = SlabKind::Small;
  unsigned char Class = 0;
  /// A free multi-slab run kept resident (counted against the arena's
  /// limit for those; single slabs are always kept and not counted).
  bool Resident = false;
  std::size_t Slabs = 1;
  std::size_t ObjectSize = 0; ///< class size; usable bytes of a large allocation
  ::kalloc::kmem_cache *Cache = nullptr;
  /// The list the slab is on, threaded through the slabs themselves as the
  /// kernel threads struct slab: its cache's slabs while it holds a cache's
  /// objects, the arena's free runs of its length while free.
  SlabHeader *Next = nullptr;
  std::uint64_t Pad[3] = {};
};
static_assert(sizeof(SlabHeader) == 64, "objects start after a 64-byte header");

inline SlabHeader *slabOf(const void *P) {
  return reinterpret_cast<SlabHeader *>(reinterpret_cast<std::uintptr_t>(P) & ~(SlabBytes - 1));
}

struct FreeObject {
  FreeObject *Next;
};

/// Caches alive at once; a cache's id indexes each thread's magazines.
inline constexpr unsigned MaxCaches = 1024;
/// Objects a magazine trades with its cache at a time; it holds < 2 * MagazineBatch.
inline constexpr unsigned MagazineBatch = 32;

/// What a cache's fast path needs; fixed for the cache's life.  Generations
/// are never reused, so a magazine left over from a destroyed cache with the
/// same id never matches.
struct CacheHead {
  unsigned Id = 0;
  std::uint64_t Generation = 0; ///< 0: no cache (creation failed)
};

/// One thread's free objects of one cache.  Allocs/Frees are written only
/// by the owning thread (relaxed) and summed by kmem_cache_live_objects().
struct Magazine {
  std::uint64_t Generation = 0; ///< of the cache it serves; 0: unused
  FreeObject *Head = nullptr;
  unsigned Count = 0;
  std::atomic<std::int64_t> Allocs{0}, Frees{0};
  /// The next magazine (of another thread) serving the same cache: the
  /// cache's list of the magazines whose counts it sums.
  Magazine *NextInCache = nullptr;
  static void bump(std::atomic<std::int64_t> &C) {
    C.store(C.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
};

/// Trivially destructible and constant-initialised, so the fast path reads
/// it with no guard or wrapper call; initial-exec, so a PIC user does not
/// go through __tls_get_addr.
struct ThreadMagazines {
  Magazine Mags[MaxCaches];
};
#define KALLOC_TLS_IE __attribute__((tls_model("initial-exec")))
extern constinit thread_local ThreadMagazines TMags KALLOC_TLS_IE;

/// The simulated context's atomic depth (context.cpp) and whether fault
/// injection is armed on this thread (fault.cpp).
extern constinit thread_local unsigned AtomicDepth KALLOC_TLS_IE;
extern constinit thread_local bool FaultsArmed KALLOC_TLS_IE;

} // namespace detail
} // namespace kalloc

#endif
