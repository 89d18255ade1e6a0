// Memory from one of two allocators, freed the matching way on each side of
// a branch, is correct code (sk_prot_alloc/sk_prot_free, jbd2_free); freed
// one way only, it is the bug.  An allocator's own body (a model or
// annotated free) is not second-guessed.
// RUN: %check_allocflags %s allocflags-backend-mismatch %t -- -I%kernel_inc -I%kalloc_inc
#include <kalloc/annotations.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct kmem_cache *obj_cache;

void *obj_alloc(int slab) {
  return slab ? kmem_cache_alloc(obj_cache, GFP_KERNEL) : kmalloc(64, GFP_KERNEL);
}

void obj_free_both_ways(int slab, void *unused) {
  void *p = slab ? kmem_cache_alloc(obj_cache, GFP_KERNEL) : kmalloc(64, GFP_KERNEL);
  if (slab)
    kmem_cache_free(obj_cache, p); // negative: the other side kfree()s
  else
    kfree(p);
}

void buf_free_by_size(unsigned long n) {
  void *b = n > 4096 ? vmalloc(n) : kmalloc(n, GFP_KERNEL);
  if (n > 4096)
    vfree(b); // negative
  else
    kfree(b); // negative
}

// The same pointer behind casts (free_pages((unsigned long)p), jbd2_free).
void *get_slab_or_pages(unsigned long n) {
  return n < 4096 ? kmem_cache_alloc(obj_cache, GFP_KERNEL) : (void *)__get_free_pages(GFP_KERNEL, 1);
}
void slab_or_pages_free(unsigned long n) {
  void *p = get_slab_or_pages(n);
  if (n < 4096)
    kmem_cache_free(obj_cache, p); // negative
  else
    free_pages((unsigned long)p, 1); // negative
}

void buf_free_one_way(unsigned long n) {
  void *b = n > 4096 ? vmalloc(n) : kmalloc(n, GFP_KERNEL);
  kfree(b);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'vmalloc' (kmalloc, vmalloc), which it cannot free; use 'kvfree' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:24: note: allocated by 'vmalloc' here
}

// A pool's free knows where its objects live; what it does inside is its
// business, and callers are checked against its annotation.
struct pool {
  struct kmem_cache *cache;
};
void pool_put(struct pool *pl, void *obj) ALLOCFLAGS_FREES(1, kmalloc, kmem_cache);
void pool_put(struct pool *pl, void *obj) {
  if (obj_cache)
    kmem_cache_free(pl->cache, obj); // negative: the allocator's own body
  else
    kfree(obj);
}

void pool_user(struct pool *pl) {
  pool_put(pl, kmalloc(8, GFP_KERNEL)); // negative
  pool_put(pl, vmalloc(8));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pool_put' frees memory from 'vmalloc' (vmalloc), which it cannot free [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-2]]:16: note: allocated by 'vmalloc' here
}
