// alloc.h - the allocator backends and the kernel-style C API.
//
// Three backends that must never be mixed, as in the kernel and in
// Rust-for-Linux (rust/kernel/alloc/allocator.rs):
//  - Kmalloc: size classes like the kernel's kmalloc caches (8 ... 8192
//    bytes) carved from 64 KiB slabs; larger sizes take whole slabs.
//  - Vmalloc: page-granular mappings, each followed by an unmapped guard
//    page; always may sleep.
//  - KVmalloc: Kmalloc first; Vmalloc only when the flags allow blocking.
// Flags without __GFP_DIRECT_RECLAIM (GFP_ATOMIC, GFP_NOWAIT) never take a
// path that may block: no new mappings, only slabs already mapped and a
// reserve; they may fail, as in the kernel.
//
// Each backend's one primitive is realloc(ptr, layout, old_layout, flags):
// allocate when ptr is null, free when the new size is 0, the old buffer
// intact when it fails.  Memory from one backend given to another's free or
// realloc is reported (Violation::BackendMismatch), never used.
#ifndef KALLOC_ALLOC_H
#define KALLOC_ALLOC_H

#include "kalloc/annotations.h"
#include "kalloc/flags.h"
#include "kalloc/overflow.h"

#include <cstddef>
#include <source_location>

namespace ALLOCFLAGS_DISCIPLINED kalloc {

/// Where an allocation was asked for (the run-time reports name it).
using Caller = std::source_location;

struct Layout {
  std::size_t size = 0;
  std::size_t align = alignof(std::max_align_t);
  /// \p N elements of T; the size saturates to SIZE_MAX (which every
  /// backend refuses) instead of wrapping to a small buffer.
  template <class T> static constexpr Layout array(std::size_t N) { return {array_size(N, sizeof(T)), alignof(T)}; }
};

/// Which backend a pointer's memory belongs to (run-time, by address).
enum class Backend : unsigned char { None, Kmalloc, Vmalloc, Cache };
Backend backend_of(const void *P);
const char *backend_name(Backend B);

/// Leak accounting for tests: kmalloc allocations made minus freed by this
/// thread (frees of other threads' memory count here too), and live
/// vmalloc mappings of the process.
long kmalloc_thread_balance();
std::size_t vmalloc_live_allocations();

/// Largest kmalloc size; KVmalloc goes to vmalloc above it.
inline constexpr std::size_t KMALLOC_MAX_SIZE = std::size_t(4) << 20;

struct Kmalloc {
  static constexpr const char *name = "kmalloc";
  static void *realloc(void *P, Layout New, Layout Old, gfp_t F,
                       Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kmalloc, 3)
      ALLOCFLAGS_RESIZES(0, kmalloc);
  static void *alloc(Layout L, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kmalloc, 1);
  static void free(void *P) ALLOCFLAGS_FREES(0, kmalloc);
  /// Raw parts: memory leaving a container, and coming back into one
  /// (null, after a report, when it is not this backend's).
  static void *into_raw(void *P) ALLOCFLAGS_RETURNS(kmalloc);
  static void *adopt(void *P) ALLOCFLAGS_FREES(0, kmalloc);
};

struct Vmalloc {
  static constexpr const char *name = "vmalloc";
  static void *realloc(void *P, Layout New, Layout Old, gfp_t F,
                       Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(vmalloc, 3)
      ALLOCFLAGS_RESIZES(0, vmalloc) ALLOCFLAGS_SLEEPS;
  static void *alloc(Layout L, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(vmalloc, 1) ALLOCFLAGS_SLEEPS;
  static void free(void *P) ALLOCFLAGS_FREES(0, vmalloc);
  static void *into_raw(void *P) ALLOCFLAGS_RETURNS(vmalloc);
  static void *adopt(void *P) ALLOCFLAGS_FREES(0, vmalloc);
};

struct KVmalloc {
  static constexpr const char *name = "kvmalloc";
  static void *realloc(void *P, Layout New, Layout Old, gfp_t F,
                       Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kvmalloc, 3)
      ALLOCFLAGS_RESIZES(0, kvmalloc);
  static void *alloc(Layout L, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kvmalloc, 1);
  static void free(void *P) ALLOCFLAGS_FREES(0, kmalloc, vmalloc, kvmalloc);
  static void *into_raw(void *P) ALLOCFLAGS_RETURNS(kvmalloc);
  static void *adopt(void *P) ALLOCFLAGS_FREES(0, kmalloc, vmalloc, kvmalloc);
};

// The kernel's names.  Same semantics, same mistakes caught.
void *kmalloc(std::size_t Size, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kmalloc, 1);
void *kzalloc(std::size_t Size, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kmalloc, 1);
void *kcalloc(std::size_t N, std::size_t Size, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kmalloc, 2);
void *kmalloc_array(std::size_t N, std::size_t Size, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kmalloc, 2);
void *krealloc(void *P, std::size_t NewSize, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kmalloc, 2) ALLOCFLAGS_RESIZES(0, kmalloc);
void kfree(const void *P) ALLOCFLAGS_FREES(0, kmalloc);
/// Usable size of a kmalloc allocation.
std::size_t ksize(const void *P);

void *vmalloc(std::size_t Size, Caller Where = Caller::current()) ALLOCFLAGS_RETURNS(vmalloc) ALLOCFLAGS_SLEEPS;
void *vzalloc(std::size_t Size, Caller Where = Caller::current()) ALLOCFLAGS_RETURNS(vmalloc) ALLOCFLAGS_SLEEPS;
void *__vmalloc(std::size_t Size, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(vmalloc, 1) ALLOCFLAGS_SLEEPS;
void vfree(const void *P) ALLOCFLAGS_FREES(0, vmalloc);

void *kvmalloc(std::size_t Size, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kvmalloc, 1);
void *kvzalloc(std::size_t Size, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kvmalloc, 1);
void *kvcalloc(std::size_t N, std::size_t Size, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kvmalloc, 2);
void *kvrealloc(void *P, std::size_t OldSize, std::size_t NewSize, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_ALLOCATES(kvmalloc, 3)
    ALLOCFLAGS_RESIZES(0, kvmalloc);
void kvfree(const void *P) ALLOCFLAGS_FREES(0, kmalloc, vmalloc, kvmalloc);

/// Object caches (kmem_cache): objects of one size, going back to the cache
/// they came from; a cache is destroyed only when empty.  Creating one
/// allocates its descriptor and a copy of its name with GFP_KERNEL, so it
/// may sleep (as in the kernel) and may fail (null, also under fault
/// injection).
struct kmem_cache;
kmem_cache *kmem_cache_create(const char *Name, std::size_t Size, std::size_t Align) ALLOCFLAGS_SLEEPS;
void *kmem_cache_alloc(kmem_cache *C, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_CACHE_ALLOCATES(kmem_cache, 0, 1);
void *kmem_cache_zalloc(kmem_cache *C, gfp_t F, Caller Where = Caller::current()) ALLOCFLAGS_CACHE_ALLOCATES(kmem_cache, 0, 1);
void kmem_cache_free(kmem_cache *C, void *P) ALLOCFLAGS_CACHE_FREES(kmem_cache, 0, 1);
void kmem_cache_destroy(kmem_cache *C);
const char *kmem_cache_name(const kmem_cache *C);
/// Objects allocated from \p C and not yet freed.
std::size_t kmem_cache_live_objects(const kmem_cache *C);

} // namespace kalloc

#endif
