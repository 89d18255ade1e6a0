// kmem_cache.h - KmemCache<T>: a typed object cache whose objects go back to
// it and cannot outlive it.
//
// alloc() returns a CacheBox, an owning handle that frees into its own
// cache.  The handle borrows the cache: alloc() is [[clang::lifetimebound]]
// and CacheBox a gsl::Pointer, so Clang warns when a handle is returned past
// its cache's scope (-Wreturn-stack-address); at run time, destroying a
// cache that still has objects out is reported (Violation::CacheNotEmpty).
//
// Allocating and freeing through the handle is inline: a pop from / push to
// this thread's magazine for the cache.  Everything else (first use on a
// thread, empty or full magazine, sleeping flags in atomic context, fault
// injection, an object whose slab names another cache) takes the
// out-of-line kmem_cache_alloc()/kmem_cache_free(), with all their checks.
#ifndef KALLOC_KMEM_CACHE_H
#define KALLOC_KMEM_CACHE_H

#include "kalloc/annotations.h"
#include "kalloc/alloc.h"
#include "kalloc/detail/fastpath.h"

#include <new>
#include <utility>

namespace ALLOCFLAGS_DISCIPLINED kalloc {

namespace detail {
/// The fast-path identity of \p C (a "no cache" head for null).
const CacheHead &cache_head(const kmem_cache *C);

inline void *cache_alloc_fast(kmem_cache *C, const CacheHead &H, gfp_t F, Caller Where)
    ALLOCFLAGS_CACHE_ALLOCATES(kmem_cache, 0, 2) {
  Magazine &M = TMags.Mags[H.Id];
  FreeObject *O = M.Head;
  bool Checks = FaultsArmed || (may_sleep(F) && AtomicDepth);
  if (M.Generation != H.Generation || !O || Checks) [[unlikely]]
    return kmem_cache_alloc(C, F, Where);
  M.Head = O->Next;
  --M.Count;
  Magazine::bump(M.Allocs);
  return O;
}

/// \p P came from cache_alloc_fast() on \p C (the handle guarantees it);
/// its slab header is still checked, a load and a compare.
inline void cache_free_fast(kmem_cache *C, const CacheHead &H, void *P) ALLOCFLAGS_CACHE_FREES(kmem_cache, 0, 2) {
  Magazine &M = TMags.Mags[H.Id];
  if (slabOf(P)->Cache != C || M.Generation != H.Generation || M.Count + 1 >= 2 * MagazineBatch) [[unlikely]]
    return kmem_cache_free(C, P);
  auto *O = static_cast<FreeObject *>(P);
  O->Next = M.Head;
  M.Head = O;
  ++M.Count;
  Magazine::bump(M.Frees);
}
} // namespace detail

template <class T> class KmemCache;

template <class T> class [[nodiscard, gsl::Pointer(T)]] CacheBox {
public:
  CacheBox() = default;
  CacheBox(CacheBox &&O) noexcept : Owner(O.Owner), P(O.P) { O.P = nullptr; }
  CacheBox &operator=(CacheBox &&O) noexcept {
    if (this != &O) {
      reset();
      Owner = O.Owner, P = O.P;
      O.P = nullptr;
    }
    return *this;
  }
  CacheBox(const CacheBox &) = delete;
  CacheBox &operator=(const CacheBox &) = delete;
  ~CacheBox() { reset(); }

  void reset() {
    if (P) {
      P->~T();
      detail::cache_free_fast(Owner->C, Owner->H, P);
      P = nullptr;
    }
  }
  /// False when the allocation failed.
  explicit operator bool() const { return P != nullptr; }
  T &operator*() const { return *P; }
  T *operator->() const { return P; }
  T *get() const { return P; }

private:
  friend class KmemCache<T>;
  CacheBox(const KmemCache<T> *Owner, T *P) : Owner(Owner), P(P) {}
  const KmemCache<T> *Owner = nullptr;
  T *P = nullptr;
};

template <class T> class KmemCache {
public:
  explicit KmemCache(const char *Name)
      : C(kmem_cache_create(Name, sizeof(T), alignof(T))), H(detail::cache_head(C)) {}
  ~KmemCache() { kmem_cache_destroy(C); }
  KmemCache(const KmemCache &) = delete;
  KmemCache &operator=(const KmemCache &) = delete;

  /// An object constructed from \p V; an empty handle when out of memory.
  CacheBox<T> alloc(T V, gfp_t F, Caller Where = Caller::current()) [[clang::lifetimebound]] {
    void *M = detail::cache_alloc_fast(C, H, F, Where);
    if (!M)
      return CacheBox<T>();
    return CacheBox<T>(this, ::new (M) T(std::move(V)));
  }

  /// The underlying cache (for the C API).
  kmem_cache *raw() const { return C; }
  std::size_t live_objects() const { return kmem_cache_live_objects(C); }

private:
  friend class CacheBox<T>;
  kmem_cache *C;
  detail::CacheHead H; ///< a copy: fixed for the cache's life
};

} // namespace kalloc

#endif
