// kmem_cache.h - KmemCache<T>: a typed object cache whose objects go back to
// it and cannot outlive it.
//
// alloc() returns a CacheBox, an owning handle that frees into its own
// cache.  The handle borrows the cache: alloc() is [[clang::lifetimebound]]
// and CacheBox a gsl::Pointer, so Clang warns when a handle is returned past
// its cache's scope (-Wreturn-stack-address); at run time, destroying a
// cache that still has objects out is reported (Violation::CacheNotEmpty).
#ifndef KALLOC_KMEM_CACHE_H
#define KALLOC_KMEM_CACHE_H

#include "kalloc/alloc.h"

#include <new>
#include <utility>

namespace kalloc {

template <class T> class KmemCache;

template <class T> class [[nodiscard, gsl::Pointer(T)]] CacheBox {
public:
  CacheBox() = default;
  CacheBox(CacheBox &&O) noexcept : C(O.C), P(O.P) { O.P = nullptr; }
  CacheBox &operator=(CacheBox &&O) noexcept {
    if (this != &O) {
      reset();
      C = O.C, P = O.P;
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
      kmem_cache_free(C, P);
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
  CacheBox(kmem_cache *C, T *P) : C(C), P(P) {}
  kmem_cache *C = nullptr;
  T *P = nullptr;
};

template <class T> class KmemCache {
public:
  explicit KmemCache(const char *Name) : C(kmem_cache_create(Name, sizeof(T), alignof(T))) {}
  ~KmemCache() { kmem_cache_destroy(C); }
  KmemCache(const KmemCache &) = delete;
  KmemCache &operator=(const KmemCache &) = delete;

  /// An object constructed from \p V; an empty handle when out of memory.
  CacheBox<T> alloc(T V, gfp_t F, Caller Where = Caller::current()) [[clang::lifetimebound]] {
    void *M = kmem_cache_alloc(C, F, Where);
    if (!M)
      return CacheBox<T>();
    return CacheBox<T>(C, ::new (M) T(std::move(V)));
  }

  /// The underlying cache (for the C API).
  kmem_cache *raw() const { return C; }
  std::size_t live_objects() const { return kmem_cache_live_objects(C); }

private:
  kmem_cache *C;
};

} // namespace kalloc

#endif
