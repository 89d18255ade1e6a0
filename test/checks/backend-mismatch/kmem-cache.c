// Slab objects go back to their own cache; kfree() takes them only since
// Linux 6.4 (the version comes from the tree, or option KernelVersion).
// RUN: %check_allocflags %s allocflags-backend-mismatch %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-backend-mismatch %t --check-suffixes=OLD --option KernelVersion=6.1 -- -I%kernel_inc
#include <linux/slab.h>

struct req {
  int tag;
};
static struct kmem_cache *req_cache, *other_cache;

void same_cache(void) {
  struct req *r = kmem_cache_zalloc(req_cache, GFP_KERNEL);
  kmem_cache_free(req_cache, r); // negative
}

void wrong_cache(void) {
  struct req *r = kmem_cache_alloc(req_cache, GFP_KERNEL);
  kmem_cache_free(other_cache, r);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kmem_cache_free' returns an object of cache 'req_cache' to cache 'other_cache' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:19: note: allocated by 'kmem_cache_alloc' here
}

void kfree_object(void) {
  struct req *r = kmem_cache_alloc(req_cache, GFP_KERNEL);
  kfree(r);
  // CHECK-NOTES-OLD: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'kmem_cache_alloc' (kmem_cache), which it accepts only since Linux 6.4 [allocflags-backend-mismatch]
  // CHECK-NOTES-OLD: :[[@LINE-3]]:19: note: allocated by 'kmem_cache_alloc' here
}
