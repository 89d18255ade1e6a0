//===- heap.cpp - the kmalloc, vmalloc and kvmalloc backends ---------------===//
//
// Address space is reserved once per backend (PROT_NONE, nothing committed),
// so which backend owns a pointer is a range check - the run-time mismatch
// checks cost a comparison.  Inside the kmalloc arena, every 64 KiB slab
// starts with a header saying what it holds (a size class, a large
// allocation, a kmem_cache's objects).
//
// Blocking: committing memory (mprotect) is the "may block" path.  Flags
// without __GFP_DIRECT_RECLAIM only use slabs already committed and a reserve
// of committed slabs, and fail when those run out.
//
//===----------------------------------------------------------------------===//
#include "heap.h"
#include "kalloc/alloc.h"
#include "kalloc/report.h"

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sys/mman.h>

namespace ALLOCFLAGS_DISCIPLINED kalloc {
namespace detail {

// --- kmalloc arena ----------------------------------------------------------

namespace {
constexpr std::size_t ArenaBytes = std::size_t(16) << 30;
constexpr std::size_t VArenaBytes = std::size_t(16) << 30;
constexpr unsigned Batch = 32;      ///< objects moved between a thread and a pool at once

/// The kernel's kmalloc caches (kmalloc-8 ... kmalloc-8k).
constexpr std::size_t ClassSizes[NumClasses] = {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192};

char *reserveSpace(std::size_t Bytes) {
  void *P = mmap(nullptr, Bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (P == MAP_FAILED) {
    std::fprintf(stderr, "kalloc: cannot reserve %zu bytes of address space\n", Bytes);
    std::abort();
  }
  return static_cast<char *>(P);
}

/// Memory of the library's own tables: zeroed, committed page by page as
/// it is touched.
template <class T> T *mapZeroed(std::size_t Bytes) {
  void *P = mmap(nullptr, Bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (P == MAP_FAILED) {
    std::fprintf(stderr, "kalloc: cannot map %zu bytes for its tables\n", Bytes);
    std::abort();
  }
  return static_cast<T *>(P);
}
} // namespace

Arena &arena() {
  static Arena A;
  return A;
}

Arena::Arena() : Base(reserveSpace(ArenaBytes)), Limit(ArenaBytes / SlabBytes) {
  std::lock_guard<SpinMutex> G(Lock);
  while (NumReserved < Reserve)
    Reserved[NumReserved++] = commitLocked(1);
}

char *Arena::commitLocked(std::size_t N) {
  if (Next + N > Limit)
    return nullptr;
  char *P = Base + Next * SlabBytes;
  if (mprotect(P, N * SlabBytes, PROT_READ | PROT_WRITE) != 0)
    return nullptr;
  Next += N;
  return P;
}

SlabHeader *Arena::takeSlabs(std::size_t N, bool CanBlock) {
  assert(N >= 1 && N <= MaxRunSlabs && "no allocation needs a longer run");
  std::lock_guard<SpinMutex> G(Lock);
  char *P = nullptr;
  if (SlabHeader *Free = FreeRuns[N]) {
    FreeRuns[N] = Free->Next;
    P = reinterpret_cast<char *>(Free);
    if (Free->Resident)
      ResidentBytes -= N * SlabBytes;
  } else if (CanBlock) {
    P = commitLocked(N);
    while (P && NumReserved < Reserve)
      if (char *R = commitLocked(1))
        Reserved[NumReserved++] = R;
      else
        break;
  } else if (N == 1 && NumReserved) {
    P = Reserved[--NumReserved];
  }
  if (!P)
    return nullptr;
  auto *H = reinterpret_cast<SlabHeader *>(P);
  *H = SlabHeader();
  H->Magic = SlabMagic;
  H->Slabs = N;
  return H;
}

void Arena::giveSlabs(SlabHeader *H) {
  std::size_t N = H->Slabs;
  char *P = reinterpret_cast<char *>(H);
  assert(N >= 1 && N <= MaxRunSlabs);
  // The header is cleared so a stale pointer into the run is caught as bad
  // (its Magic stays 0 while it links the free run).
  std::memset(H, 0, sizeof(SlabHeader));
  // Multi-slab runs go back to the system (the range stays committed-able),
  // except up to KeepResidentBytes of them: a buffer freed and allocated
  // again (a growing vector) would otherwise fault in every page each time,
  // which cost KVec::push 30% of its time against std::vector.  Nothing
  // relies on returned pages being zero: __GFP_ZERO clears explicitly.
  if (N > 1) {
    std::lock_guard<SpinMutex> G(Lock);
    if (ResidentBytes + N * SlabBytes <= KeepResidentBytes) {
      ResidentBytes += N * SlabBytes;
      H->Resident = true;
      H->Next = FreeRuns[N];
      FreeRuns[N] = H;
      return;
    }
  }
  // Outside the lock: a system call.  The first page stays, with the
  // header that links the run into its free list.
  if (N > 1)
    madvise(P + PageBytes, N * SlabBytes - PageBytes, MADV_DONTNEED);
  std::lock_guard<SpinMutex> G(Lock);
  H->Next = FreeRuns[N];
  FreeRuns[N] = H;
}

SlabHeader *Arena::header(const void *P) const {
  auto A = reinterpret_cast<std::uintptr_t>(P), B = reinterpret_cast<std::uintptr_t>(Base);
  if (A < B || A >= B + Next.load(std::memory_order_acquire) * SlabBytes)
    return nullptr;
  auto *H = reinterpret_cast<SlabHeader *>(A & ~(SlabBytes - 1));
  return H->Magic == SlabMagic ? H : nullptr;
}

bool Arena::contains(const void *P) const {
  auto A = reinterpret_cast<std::uintptr_t>(P), B = reinterpret_cast<std::uintptr_t>(Base);
  return A >= B && A < B + Limit * SlabBytes;
}

// --- size classes -------------------------------------------------------------

namespace {

struct ClassPool {
  SpinMutex Lock;
  FreeObject *Head = nullptr;
};
ClassPool Pools[NumClasses];

struct ThreadCache {
  FreeObject *Head[NumClasses] = {};
  unsigned Count[NumClasses] = {};
  long Balance = 0; ///< allocations minus frees on this thread
};
/// Trivially destructible (no guard on the fast path); the reaper, made
/// when the thread first refills, hands the objects back at thread exit.
constinit thread_local ThreadCache TCache;

struct CacheReaper {
  ~CacheReaper() {
    for (unsigned C = 0; C < NumClasses; ++C)
      while (TCache.Head[C]) {
        FreeObject *O = TCache.Head[C];
        TCache.Head[C] = O->Next;
        std::lock_guard<SpinMutex> G(Pools[C].Lock);
        O->Next = Pools[C].Head;
        Pools[C].Head = O;
      }
  }
};
thread_local CacheReaper Reaper;


bool refill(unsigned C, bool CanBlock) {
  (void)&Reaper; // constructs it: its destructor runs at thread exit
  ThreadCache &T = TCache;
  {
    std::lock_guard<SpinMutex> G(Pools[C].Lock);
    for (unsigned I = 0; I < Batch && Pools[C].Head; ++I) {
      FreeObject *O = Pools[C].Head;
      Pools[C].Head = O->Next;
      O->Next = T.Head[C];
      T.Head[C] = O;
      ++T.Count[C];
    }
  }
  if (T.Head[C])
    return true;
  SlabHeader *H = arena().takeSlabs(1, CanBlock);
  if (!H)
    return false;
  std::size_t Size = ClassSizes[C];
  H->Kind = SlabKind::Small;
  H->Class = static_cast<unsigned char>(C);
  H->ObjectSize = Size;
  char *Base = reinterpret_cast<char *>(H);
  // Carved in reverse so the thread hands them out in address order.
  std::size_t First = firstObjectOffset(Size), Count = (SlabBytes - First) / Size;
  for (std::size_t I = Count; I-- > 0;) {
    auto *O = reinterpret_cast<FreeObject *>(Base + First + I * Size);
    O->Next = T.Head[C];
    T.Head[C] = O;
    ++T.Count[C];
  }
  return true;
}

int classFor(Layout L) {
  std::size_t Need = L.size < L.align ? L.align : L.size;
  for (unsigned C = 0; C < NumClasses; ++C) {
    std::size_t S = ClassSizes[C];
    if (S >= Need && (S & (0 - S)) >= L.align) // the class's natural alignment
      return int(C);
  }
  return -1;
}


} // namespace

void *kmallocLayout(Layout L, gfp_t F, Caller Where) {
  if (!attemptAllowed(F, Where))
    return nullptr;
  if (L.size == 0)
    L.size = 1;
  // Also refuses SIZE_MAX, what an overflowing size saturates to.
  if (L.size > KMALLOC_MAX_SIZE || L.align > PageBytes)
    return nullptr;
  bool CanBlock = may_sleep(F);
  void *P = nullptr;
  int C = classFor(L);
  if (C >= 0) {
    ThreadCache &T = TCache;
    if (!T.Head[C] && !refill(unsigned(C), CanBlock))
      return nullptr;
    FreeObject *O = T.Head[C];
    T.Head[C] = O->Next;
    --T.Count[C];
    ++T.Balance;
    P = O;
    if (any(F & __GFP_ZERO))
      std::memset(P, 0, ClassSizes[C]);
    return P;
  }
  // Large: whole slabs, the data a page past the header.  L.size is at
  // most KMALLOC_MAX_SIZE here, so the sum cannot wrap.
  std::size_t N = (L.size + PageBytes + SlabBytes - 1) / SlabBytes;
  SlabHeader *H = arena().takeSlabs(N, CanBlock);
  if (!H)
    return nullptr;
  H->Kind = SlabKind::Large;
  H->ObjectSize = N * SlabBytes - PageBytes;
  ++TCache.Balance;
  P = reinterpret_cast<char *>(H) + PageBytes;
  if (any(F & __GFP_ZERO))
    std::memset(P, 0, L.size);
  return P;
}

/// The size-class or large allocation \p P starts, or null (after reporting)
/// when \p P is not one.  \p Op names the caller for messages.
static SlabHeader *kmallocHeader(const void *P, const char *Op) {
  SlabHeader *H = arena().header(P);
  if (!H) {
    Backend B = backend_of(P);
    if (B == Backend::Vmalloc)
      reportf(Violation::BackendMismatch,
              "%s() of vmalloc memory %p: it came from vmalloc(); free it with vfree() or kvfree()", Op, P);
    else
      reportf(Violation::BadPointer, "%s() of %p, which no kalloc allocator returned", Op, P);
    return nullptr;
  }
  auto Off = std::size_t(static_cast<const char *>(P) - reinterpret_cast<char *>(H));
  bool Start = H->Kind == SlabKind::Large ? Off == PageBytes
                                          : Off >= firstObjectOffset(H->ObjectSize) && Off % H->ObjectSize == 0;
  if (!Start) {
    reportf(Violation::BadPointer, "%s() of %p, which is not the start of an allocation", Op, P);
    return nullptr;
  }
  return H;
}

void kfreeImpl(const void *P, const char *Op) {
  if (!P)
    return;
  SlabHeader *H = kmallocHeader(P, Op);
  if (!H)
    return;
  if (H->Kind == SlabKind::Cache) {
    cacheFreeFromKfree(H, const_cast<void *>(P)); // legal since Linux 6.4
    return;
  }
  ThreadCache &T = TCache;
  --T.Balance;
  if (H->Kind == SlabKind::Large) {
    arena().giveSlabs(H);
    return;
  }
  unsigned C = H->Class;
  auto *O = static_cast<FreeObject *>(const_cast<void *>(P));
  O->Next = T.Head[C];
  T.Head[C] = O;
  if (++T.Count[C] < 2 * Batch)
    return;
  // Too many cached here: hand a batch back.
  std::lock_guard<SpinMutex> G(Pools[C].Lock);
  for (unsigned I = 0; I < Batch; ++I) {
    FreeObject *X = T.Head[C];
    T.Head[C] = X->Next;
    X->Next = Pools[C].Head;
    Pools[C].Head = X;
  }
  T.Count[C] -= Batch;
}

long kmallocBalance() { return TCache.Balance; }

std::size_t kmallocUsable(const void *P) {
  SlabHeader *H = arena().header(P);
  return H ? H->ObjectSize : 0;
}

// --- vmalloc ------------------------------------------------------------------
//
// The arena's own page table, one entry per page, in a mapping of its own
// (MAP_NORESERVE: only the entries used are committed), as the kernel keeps
// its vmap_areas apart from the pages they map.  Runs are described at
// their ends only: a live allocation at its first page (its length, the
// guard page not included), a free run (guard pages included) at its first
// and its last page - boundary tags, so a run freed merges with free
// neighbours at once, and one that reaches the top lowers it.  Every other
// entry is zero.  Free runs are on doubly linked lists (through the
// entries) by size bin, 2^k to 2^(k+1) - 1 pages in bin k: an allocation
// takes the first fit of its own bin, else the first run of a larger bin.

namespace {
constexpr std::size_t VPages = VArenaBytes / PageBytes;
constexpr std::uint32_t NoPage = UINT32_MAX;
static_assert(VPages < NoPage, "page numbers fit in the table's links");
constexpr unsigned NumBins = 64 - __builtin_clzll(VPages); // bin of VPages included

struct PageEntry {
  enum : std::uint8_t { LiveStart = 1, FreeStart = 2, FreeEnd = 4 };
  std::uint32_t Pages;              ///< the run's length, at its tagged ends
  std::uint32_t NextFree, PrevFree; ///< at a free run's first page
  std::uint8_t Flags;
};

struct VArena {
  VArena() {
    for (std::uint32_t &B : Bins)
      B = NoPage;
  }
  char *Base = reserveSpace(VArenaBytes);
  PageEntry *Table = mapZeroed<PageEntry>(VPages * sizeof(PageEntry));
  std::mutex Lock;
  std::size_t NextPage = 0; ///< pages from here up were never used, or all returned
  std::size_t Live = 0;     ///< allocations
  std::uint32_t Bins[NumBins];

  static unsigned binOf(std::size_t Pages) { return 63 - __builtin_clzll(Pages); }
  void insertFree(std::size_t First, std::size_t Pages);
  void removeFree(std::size_t First);
  std::size_t takeRun(std::size_t Pages);
  void giveRun(std::size_t First, std::size_t Pages);
};

void VArena::insertFree(std::size_t First, std::size_t Pages) {
  unsigned B = binOf(Pages);
  PageEntry &E = Table[First];
  E = {std::uint32_t(Pages), Bins[B], NoPage, PageEntry::FreeStart};
  if (Bins[B] != NoPage)
    Table[Bins[B]].PrevFree = std::uint32_t(First);
  Bins[B] = std::uint32_t(First);
  PageEntry &Last = Table[First + Pages - 1];
  Last.Pages = std::uint32_t(Pages);
  Last.Flags |= PageEntry::FreeEnd;
}

void VArena::removeFree(std::size_t First) {
  PageEntry E = Table[First];
  if (E.PrevFree != NoPage)
    Table[E.PrevFree].NextFree = E.NextFree;
  else
    Bins[binOf(E.Pages)] = E.NextFree;
  if (E.NextFree != NoPage)
    Table[E.NextFree].PrevFree = E.PrevFree;
  Table[First + E.Pages - 1] = {};
  Table[First] = {};
}

/// The first page of a run of \p Pages, or NoPage when the arena is full.
std::size_t VArena::takeRun(std::size_t Pages) {
  std::size_t Found = NoPage;
  unsigned B = binOf(Pages);
  for (std::uint32_t F = Bins[B]; F != NoPage && Found == NoPage; F = Table[F].NextFree)
    if (Table[F].Pages >= Pages)
      Found = F;
  for (unsigned Up = B + 1; Up < NumBins && Found == NoPage; ++Up)
    if (Bins[Up] != NoPage)
      Found = Bins[Up];
  if (Found == NoPage) {
    if (NextPage + Pages > VPages)
      return NoPage;
    Found = NextPage;
    NextPage += Pages;
    return Found;
  }
  std::size_t Have = Table[Found].Pages;
  removeFree(Found);
  if (Have > Pages)
    insertFree(Found + Pages, Have - Pages);
  return Found;
}

void VArena::giveRun(std::size_t First, std::size_t Pages) {
  if (First > 0 && (Table[First - 1].Flags & PageEntry::FreeEnd)) {
    std::size_t Before = Table[First - 1].Pages;
    removeFree(First - Before);
    First -= Before, Pages += Before;
  }
  if (First + Pages < NextPage && (Table[First + Pages].Flags & PageEntry::FreeStart)) {
    std::size_t After = Table[First + Pages].Pages;
    removeFree(First + Pages);
    Pages += After;
  }
  if (First + Pages == NextPage)
    NextPage = First;
  else
    insertFree(First, Pages);
}

VArena &varena() {
  static VArena V;
  return V;
}

/// The page \p P starts, or NoPage when it is not a page of the arena.
std::size_t pageOf(const VArena &V, const void *P) {
  auto A = reinterpret_cast<std::uintptr_t>(P), B = reinterpret_cast<std::uintptr_t>(V.Base);
  if (A < B || A >= B + VArenaBytes || (A - B) % PageBytes)
    return NoPage;
  return (A - B) / PageBytes;
}
} // namespace

bool inVmallocArena(const void *P) {
  VArena &V = varena();
  auto A = reinterpret_cast<std::uintptr_t>(P), B = reinterpret_cast<std::uintptr_t>(V.Base);
  return A >= B && A < B + VArenaBytes;
}

void *vmallocImpl(std::size_t Size, gfp_t F, Caller Where) {
  // vmalloc maps pages: there is no non-blocking way to do that.
  if (!may_sleep(F))
    return nullptr;
  if (!attemptAllowed(F, Where))
    return nullptr;
  // Larger than the arena can never be mapped; refusing it first also keeps
  // the page count below from wrapping (SIZE_MAX, a saturated size, would
  // round up to 0 pages and map one).
  if (Size > VArenaBytes - PageBytes)
    return nullptr;
  std::size_t Pages = (Size + PageBytes - 1) / PageBytes;
  if (Pages == 0)
    Pages = 1;
  std::size_t Run = Pages + 1; // the guard page stays unmapped
  VArena &V = varena();
  std::lock_guard<std::mutex> G(V.Lock);
  std::size_t First = V.takeRun(Run);
  if (First == NoPage)
    return nullptr;
  char *P = V.Base + First * PageBytes;
  if (mprotect(P, Pages * PageBytes, PROT_READ | PROT_WRITE) != 0) {
    V.giveRun(First, Run);
    return nullptr;
  }
  V.Table[First] = {std::uint32_t(Pages), NoPage, NoPage, PageEntry::LiveStart};
  ++V.Live;
  return P; // fresh or MADV_DONTNEED pages: zeroed
}

std::size_t vmallocUsable(const void *P) {
  VArena &V = varena();
  std::size_t Page = pageOf(V, P);
  if (Page == NoPage)
    return 0;
  std::lock_guard<std::mutex> G(V.Lock);
  const PageEntry &E = V.Table[Page];
  return E.Flags & PageEntry::LiveStart ? E.Pages * PageBytes : 0;
}

void vfreeImpl(const void *P, const char *Op) {
  if (!P)
    return;
  VArena &V = varena();
  if (std::size_t Page = pageOf(V, P); Page != NoPage) {
    std::lock_guard<std::mutex> G(V.Lock);
    if (V.Table[Page].Flags & PageEntry::LiveStart) {
      std::size_t Pages = V.Table[Page].Pages;
      V.Table[Page] = {};
      char *Start = static_cast<char *>(const_cast<void *>(P));
      madvise(Start, Pages * PageBytes, MADV_DONTNEED);
      mprotect(Start, Pages * PageBytes, PROT_NONE); // use after free faults
      V.giveRun(Page, Pages + 1);
      --V.Live;
      return;
    }
  }
  Backend B = backend_of(P);
  if (B == Backend::Kmalloc || B == Backend::Cache)
    reportf(Violation::BackendMismatch, "%s() of %s memory %p: it came from %s", Op, backend_name(B), P,
            B == Backend::Cache ? "kmem_cache_alloc(); free it with kmem_cache_free()"
                                : "kmalloc(); free it with kfree() or kvfree()");
  else
    reportf(Violation::BadPointer, "%s() of %p, which is not the start of a vmalloc allocation", Op, P);
}

} // namespace detail

// --- public API -----------------------------------------------------------------

using namespace detail;

Backend backend_of(const void *P) {
  if (!P)
    return Backend::None;
  if (SlabHeader *H = arena().header(P))
    return H->Kind == SlabKind::Cache ? Backend::Cache : Backend::Kmalloc;
  if (inVmallocArena(P))
    return Backend::Vmalloc;
  return Backend::None;
}

long kmalloc_thread_balance() { return kmallocBalance(); }

std::size_t vmalloc_live_allocations() {
  VArena &V = varena();
  std::lock_guard<std::mutex> G(V.Lock);
  return V.Live;
}

const char *backend_name(Backend B) {
  switch (B) {
  case Backend::None:
    return "unknown";
  case Backend::Kmalloc:
    return "kmalloc";
  case Backend::Vmalloc:
    return "vmalloc";
  case Backend::Cache:
    return "kmem_cache";
  }
  return "?";
}

void *Kmalloc::alloc(Layout L, gfp_t F, Caller Where) { return kmallocLayout(L, F, Where); }
void Kmalloc::free(void *P) { kfreeImpl(P, "kfree"); }

/// Resizes in place when the allocation already has room, else moves.
/// \p Usable is the allocation's usable size (0 when \p P is not of this
/// backend - reported by the caller).
template <class AllocFn, class FreeFn>
static void *moveTo(void *P, std::size_t Usable, Layout New, Layout Old, AllocFn Alloc, FreeFn Free) {
  if (New.size <= Usable)
    return P;
  void *N = Alloc();
  if (!N)
    return nullptr; // the old buffer is untouched
  std::size_t Keep = Old.size ? Old.size : Usable;
  std::memcpy(N, P, Keep < New.size ? Keep : New.size);
  Free(P);
  return N;
}

void *Kmalloc::realloc(void *P, Layout New, Layout Old, gfp_t F, Caller Where) {
  if (!P)
    return New.size ? kmallocLayout(New, F, Where) : nullptr;
  if (!kmallocHeader(P, "krealloc"))
    return nullptr;
  if (backend_of(P) == Backend::Cache) {
    reportf(Violation::BackendMismatch, "krealloc() of kmem_cache object %p: cache objects cannot be resized", P);
    return nullptr;
  }
  if (New.size == 0) {
    kfreeImpl(P, "krealloc");
    return nullptr;
  }
  return moveTo(P, kmallocUsable(P), New, Old, [&] { return kmallocLayout(New, F, Where); },
                [](void *X) { kfreeImpl(X, "krealloc"); });
}

void *Vmalloc::alloc(Layout L, gfp_t F, Caller Where) {
  return L.align > PageBytes ? nullptr : vmallocImpl(L.size, F, Where);
}
void Vmalloc::free(void *P) { vfreeImpl(P, "vfree"); }

void *Vmalloc::realloc(void *P, Layout New, Layout Old, gfp_t F, Caller Where) {
  if (!P)
    return New.size ? Vmalloc::alloc(New, F, Where) : nullptr;
  std::size_t Usable = vmallocUsable(P);
  if (!Usable) {
    Backend B = backend_of(P);
    reportf(B == Backend::None ? Violation::BadPointer : Violation::BackendMismatch,
            "vrealloc() of %s memory %p: only vmalloc memory can be resized by vrealloc()", backend_name(B), P);
    return nullptr;
  }
  if (New.size == 0) {
    vfreeImpl(P, "vrealloc");
    return nullptr;
  }
  return moveTo(P, Usable, New, Old, [&] { return Vmalloc::alloc(New, F, Where); },
                [](void *X) { vfreeImpl(X, "vrealloc"); });
}

void *KVmalloc::alloc(Layout L, gfp_t F, Caller Where) {
  // kvmalloc_node(): kmalloc first, quietly and without retrying for sizes
  // beyond a page; vmalloc only where blocking is allowed.
  Flags KF = F;
  if (L.size > PageBytes)
    KF = (KF | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
  if (void *P = kmallocLayout(L, KF, Where))
    return P;
  if (!may_sleep(F) || L.align > PageBytes)
    return nullptr;
  void *P = vmallocImpl(L.size, F, Where);
  return P; // vmalloc memory is zeroed already
}

void KVmalloc::free(void *P) { kvfree(P); }

void *KVmalloc::realloc(void *P, Layout New, Layout Old, gfp_t F, Caller Where) {
  if (!P)
    return New.size ? KVmalloc::alloc(New, F, Where) : nullptr;
  Backend B = backend_of(P);
  std::size_t Usable = B == Backend::Kmalloc ? kmallocUsable(P) : B == Backend::Vmalloc ? vmallocUsable(P) : 0;
  if (!Usable || (B == Backend::Kmalloc && !kmallocHeader(P, "kvrealloc"))) {
    reportf(B == Backend::None || B == Backend::Vmalloc ? Violation::BadPointer : Violation::BackendMismatch,
            "kvrealloc() of %s memory %p: only kmalloc/vmalloc/kvmalloc allocations can be resized", backend_name(B),
            P);
    return nullptr;
  }
  if (New.size == 0) {
    kvfree(P);
    return nullptr;
  }
  return moveTo(P, Usable, New, Old, [&] { return KVmalloc::alloc(New, F, Where); }, [](void *X) { kvfree(X); });
}

void *kmalloc(std::size_t Size, gfp_t F, Caller W) { return kmallocLayout({Size, 8}, F, W); }
void *kzalloc(std::size_t Size, gfp_t F, Caller W) { return kmallocLayout({Size, 8}, F | __GFP_ZERO, W); }
void *kcalloc(std::size_t N, std::size_t Size, gfp_t F, Caller W) {
  return kmallocLayout({array_size(N, Size), 8}, F | __GFP_ZERO, W);
}
void *kmalloc_array(std::size_t N, std::size_t Size, gfp_t F, Caller W) {
  return kmallocLayout({array_size(N, Size), 8}, F, W);
}
void *krealloc(void *P, std::size_t NewSize, gfp_t F, Caller W) {
  return Kmalloc::realloc(P, {NewSize, 8}, {0, 8}, F, W);
}
void kfree(const void *P) { kfreeImpl(P, "kfree"); }
std::size_t ksize(const void *P) { return kmallocUsable(P); }

void *vmalloc(std::size_t Size, Caller W) { return vmallocImpl(Size, GFP_KERNEL, W); }
void *vzalloc(std::size_t Size, Caller W) { return vmallocImpl(Size, GFP_KERNEL | __GFP_ZERO, W); }
void *__vmalloc(std::size_t Size, gfp_t F, Caller W) { return vmallocImpl(Size, F, W); }
void vfree(const void *P) { vfreeImpl(P, "vfree"); }

void *kvmalloc(std::size_t Size, gfp_t F, Caller W) { return KVmalloc::alloc({Size, 8}, F, W); }
void *kvzalloc(std::size_t Size, gfp_t F, Caller W) { return KVmalloc::alloc({Size, 8}, F | __GFP_ZERO, W); }
void *kvcalloc(std::size_t N, std::size_t Size, gfp_t F, Caller W) {
  return KVmalloc::alloc({array_size(N, Size), 8}, F | __GFP_ZERO, W);
}
void *kvrealloc(void *P, std::size_t OldSize, std::size_t NewSize, gfp_t F, Caller W) {
  return KVmalloc::realloc(P, {NewSize, 8}, {OldSize, 8}, F, W);
}
void kvfree(const void *P) {
  if (!P)
    return;
  if (inVmallocArena(P))
    vfreeImpl(P, "kvfree");
  else
    kfreeImpl(P, "kvfree");
}

} // namespace kalloc

namespace ALLOCFLAGS_DISCIPLINED kalloc {

/// Memory coming into a container of backend \p Want: only its own.
static void *adoptAs(void *P, const char *Who, std::initializer_list<Backend> Accepts) {
  if (!P)
    return nullptr;
  Backend B = backend_of(P);
  for (Backend A : Accepts)
    if (A == B)
      return P;
  detail::reportf(B == Backend::None ? Violation::BadPointer : Violation::BackendMismatch,
                  "%s::adopt(): memory %p came from %s; a %s container can only take %s memory", Who, P,
                  backend_name(B), Who, Who);
  return nullptr;
}

void *Kmalloc::into_raw(void *P) { return P; }
void *Kmalloc::adopt(void *P) { return adoptAs(P, "kmalloc", {Backend::Kmalloc}); }
void *Vmalloc::into_raw(void *P) { return P; }
void *Vmalloc::adopt(void *P) { return adoptAs(P, "vmalloc", {Backend::Vmalloc}); }
void *KVmalloc::into_raw(void *P) { return P; }
void *KVmalloc::adopt(void *P) { return adoptAs(P, "kvmalloc", {Backend::Kmalloc, Backend::Vmalloc}); }

} // namespace kalloc
