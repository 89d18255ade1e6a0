//===- kmem_cache.cpp - object caches --------------------------------------===//
//
// A cache owns slabs of one object size; every slab's header names its
// cache, so an object freed into another cache is caught.  Each thread keeps
// a small magazine of free objects per cache (no atomics on the fast path);
// magazines trade batches with the cache under its lock.
//
// Live objects are counted per magazine with relaxed single-writer counters
// that kmem_cache_destroy() sums: destroying a cache that still has objects
// out is reported and the cache is left alone (a leak, not corruption).
//
// The bookkeeping takes no memory without flags, as in the kernel: the
// descriptor and its name are kmalloc'ed with GFP_KERNEL (kernel:
// kmem_cache_zalloc + kstrdup_const), the cache's slabs are listed through
// their headers and the magazines that serve it through the magazines.
//
//===----------------------------------------------------------------------===//
#include "heap.h"
#include "kalloc/context.h"
#include "kalloc/fault.h"
#include "kalloc/overflow.h"
#include "kalloc/report.h"

#include <cstring>
#include <mutex>
#include <new>

using namespace kalloc::detail;

namespace ALLOCFLAGS_DISCIPLINED kalloc {

struct kmem_cache {
  detail::CacheHead Fast; ///< read by the inline fast path (kmem_cache.h)
  char *Name = nullptr; ///< kmalloc'ed copy
  std::size_t Size = 0;
  /// For "is this offset a multiple of Size" without a division: for
  /// 32-bit n, n % Size == 0 exactly when n * Magic <= Magic - 1 (mod 2^64)
  /// with Magic = 2^64 / Size + 1 (Lemire, Kaser, Kurz 2019).
  std::uint64_t Magic = 0;
  SpinMutex Lock;
  FreeObject *Head = nullptr;
  SlabHeader *Slabs = nullptr;            ///< through SlabHeader::Next
  detail::Magazine *Magazines = nullptr; ///< of threads that used it, through NextInCache
  std::int64_t Retired = 0; ///< allocs - frees of magazines gone (thread exit)
};

namespace detail {
namespace {

/// Caches by id, so a thread leaving can give its magazines back.
struct Registry {
  std::mutex Lock;
  kmem_cache *Caches[MaxCaches] = {};
  std::uint64_t NextGeneration = 1;
};
Registry &registry() {
  static Registry R;
  return R;
}

void flushAll(Magazine &M, kmem_cache *C) {
  std::lock_guard<SpinMutex> G(C->Lock);
  while (M.Head) {
    FreeObject *O = M.Head;
    M.Head = O->Next;
    O->Next = C->Head;
    C->Head = O;
  }
  M.Count = 0;
}

/// Touched only when a magazine is first used: gives the thread's magazines
/// back when it exits.
struct MagazineReaper {
  ~MagazineReaper() {
    Registry &R = registry();
    std::lock_guard<std::mutex> G(R.Lock);
    for (unsigned I = 0; I < MaxCaches; ++I) {
      Magazine &M = TMags.Mags[I];
      kmem_cache *C = R.Caches[I];
      if (!M.Generation || !C || C->Fast.Generation != M.Generation)
        continue;
      flushAll(M, C);
      std::lock_guard<SpinMutex> CG(C->Lock);
      C->Retired += M.Allocs.load() - M.Frees.load();
      for (Magazine **L = &C->Magazines; *L; L = &(*L)->NextInCache)
        if (*L == &M) {
          *L = M.NextInCache;
          break;
        }
    }
  }
};
thread_local MagazineReaper Reaper;

/// First use of a cache on this thread (or the id's last cache is gone).
[[gnu::noinline]] Magazine &adoptMagazine(kmem_cache *C, Magazine &M) {
  (void)&Reaper; // constructs it: its destructor runs at thread exit
  M.Generation = C->Fast.Generation;
  M.Head = nullptr;
  M.Count = 0;
  M.Allocs.store(0, std::memory_order_relaxed);
  M.Frees.store(0, std::memory_order_relaxed);
  std::lock_guard<SpinMutex> G(C->Lock);
  M.NextInCache = C->Magazines;
  C->Magazines = &M;
  return M;
}

inline Magazine &magazineFor(kmem_cache *C) {
  Magazine &M = TMags.Mags[C->Fast.Id];
  if (M.Generation != C->Fast.Generation) [[unlikely]]
    return adoptMagazine(C, M);
  return M;
}

bool refill(kmem_cache *C, Magazine &M, bool CanBlock) {
  {
    std::lock_guard<SpinMutex> G(C->Lock);
    for (unsigned I = 0; I < MagazineBatch && C->Head; ++I) {
      FreeObject *O = C->Head;
      C->Head = O->Next;
      O->Next = M.Head;
      M.Head = O;
      ++M.Count;
    }
  }
  if (M.Head)
    return true;
  SlabHeader *H = arena().takeSlabs(1, CanBlock);
  if (!H)
    return false;
  H->Kind = SlabKind::Cache;
  H->ObjectSize = C->Size;
  H->Cache = C;
  char *Base = reinterpret_cast<char *>(H);
  std::size_t First = firstObjectOffset(C->Size), Count = (SlabBytes - First) / C->Size;
  for (std::size_t I = Count; I-- > 0;) {
    auto *O = reinterpret_cast<FreeObject *>(Base + First + I * C->Size);
    O->Next = M.Head;
    M.Head = O;
    ++M.Count;
  }
  std::lock_guard<SpinMutex> G(C->Lock);
  H->Next = C->Slabs;
  C->Slabs = H;
  return true;
}

void freeInto(kmem_cache *C, void *P) {
  Magazine &M = magazineFor(C);
  auto *O = static_cast<FreeObject *>(P);
  O->Next = M.Head;
  M.Head = O;
  M.bump(M.Frees);
  if (++M.Count < 2 * MagazineBatch)
    return;
  std::lock_guard<SpinMutex> G(C->Lock);
  for (unsigned I = 0; I < MagazineBatch; ++I) {
    FreeObject *X = M.Head;
    M.Head = X->Next;
    X->Next = C->Head;
    C->Head = X;
  }
  M.Count -= MagazineBatch;
}

} // namespace

constinit thread_local ThreadMagazines TMags = {};

const CacheHead &cache_head(const kmem_cache *C) {
  static const CacheHead None;
  return C ? C->Fast : None;
}

void cacheFreeFromKfree(SlabHeader *H, void *P) { freeInto(H->Cache, P); }

/// The descriptor and its name, back to kmalloc.
static void freeCache(kmem_cache *C) {
  char *Name = C->Name;
  C->~kmem_cache();
  kfree(Name);
  kfree(C);
}

} // namespace detail

kmem_cache *kmem_cache_create(const char *Name, std::size_t Size, std::size_t Align) {
  Registry &R = registry();
  if (Size < sizeof(FreeObject))
    Size = sizeof(FreeObject);
  if (Align < alignof(FreeObject))
    Align = alignof(FreeObject);
  // A huge Size would wrap to a small one when rounded up; size_round_up
  // saturates to SIZE_MAX, which the limit below refuses.
  Size = size_round_up(Size, Align);
  if (Size > SlabBytes / 4 || Align > PageBytes)
    return nullptr;
  // Allocated before the registry's lock is taken, so the lock is never
  // held across an allocation that may sleep.
  if (!Name)
    Name = "?";
  std::size_t NameBytes = std::strlen(Name) + 1;
  void *Mem = kzalloc(sizeof(kmem_cache), GFP_KERNEL);
  char *Copy = Mem ? static_cast<char *>(kmalloc(NameBytes, GFP_KERNEL)) : nullptr;
  if (!Copy) {
    kfree(Mem);
    return nullptr;
  }
  std::memcpy(Copy, Name, NameBytes);
  auto *C = ::new (Mem) kmem_cache;
  C->Name = Copy;
  C->Size = Size;
  C->Magic = ~std::uint64_t(0) / Size + 1;
  {
    std::lock_guard<std::mutex> G(R.Lock);
    for (unsigned I = 0; I < MaxCaches; ++I)
      if (!R.Caches[I]) {
        C->Fast.Id = I;
        C->Fast.Generation = R.NextGeneration++;
        R.Caches[I] = C;
        return C;
      }
  }
  freeCache(C); // every id is taken
  return nullptr;
}

void *kmem_cache_alloc(kmem_cache *C, gfp_t F, Caller Where) {
  if (!attemptAllowed(F, Where) || !C)
    return nullptr;
  Magazine &M = magazineFor(C);
  if (!M.Head && !refill(C, M, may_sleep(F)))
    return nullptr;
  FreeObject *O = M.Head;
  M.Head = O->Next;
  --M.Count;
  M.bump(M.Allocs);
  return O;
}

void *kmem_cache_zalloc(kmem_cache *C, gfp_t F, Caller Where) {
  void *P = kmem_cache_alloc(C, F, Where);
  if (P)
    std::memset(P, 0, C->Size);
  return P;
}

void kmem_cache_free(kmem_cache *C, void *P) {
  if (!P)
    return;
  if (!C) {
    reportf(Violation::BadPointer, "kmem_cache_free(NULL, %p): no cache", P);
    return;
  }
  SlabHeader *H = arena().header(P);
  if (!H || H->Kind != SlabKind::Cache) {
    Backend B = backend_of(P);
    reportf(B == Backend::None ? Violation::BadPointer : Violation::BackendMismatch,
            "kmem_cache_free(%s, %p): the object came from %s, not from a kmem_cache", kmem_cache_name(C), P,
            B == Backend::None ? "no kalloc allocator" : backend_name(B));
    return;
  }
  if (H->Cache != C) {
    reportf(Violation::WrongCache, "kmem_cache_free(%s, %p): the object belongs to cache '%s'", kmem_cache_name(C),
            P, kmem_cache_name(H->Cache));
    return;
  }
  auto Off = std::size_t(static_cast<char *>(P) - reinterpret_cast<char *>(H));
  if (Off < firstObjectOffset(C->Size) || std::uint64_t(Off) * C->Magic > C->Magic - 1) {
    reportf(Violation::BadPointer, "kmem_cache_free(%s, %p): not the start of an object", kmem_cache_name(C), P);
    return;
  }
  freeInto(C, P);
}

std::size_t kmem_cache_live_objects(const kmem_cache *C) {
  auto *MC = const_cast<kmem_cache *>(C);
  std::lock_guard<SpinMutex> G(MC->Lock);
  std::int64_t Live = MC->Retired;
  for (const Magazine *M = MC->Magazines; M; M = M->NextInCache)
    Live += M->Allocs.load(std::memory_order_relaxed) - M->Frees.load(std::memory_order_relaxed);
  return Live > 0 ? std::size_t(Live) : 0;
}

const char *kmem_cache_name(const kmem_cache *C) { return C->Name; }

void kmem_cache_destroy(kmem_cache *C) {
  if (!C)
    return;
  if (std::size_t Live = kmem_cache_live_objects(C)) {
    reportf(Violation::CacheNotEmpty, "kmem_cache_destroy(%s): %zu object%s still allocated; the cache is kept",
            kmem_cache_name(C), Live, Live == 1 ? "" : "s");
    return;
  }
  Registry &R = registry();
  std::lock_guard<std::mutex> G(R.Lock);
  // Magazines of other threads are left as they are: their generation no
  // longer matches any cache, so they are reset before use.
  R.Caches[C->Fast.Id] = nullptr;
  Magazine &Mine = TMags.Mags[C->Fast.Id];
  if (Mine.Generation == C->Fast.Generation) {
    Mine.Generation = 0;
    Mine.Head = nullptr;
    Mine.Count = 0;
  }
  for (SlabHeader *H = C->Slabs; H;) {
    SlabHeader *Next = H->Next; // giveSlabs() clears the header
    arena().giveSlabs(H);
    H = Next;
  }
  freeCache(C);
}

} // namespace kalloc
