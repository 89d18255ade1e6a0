// mempool memory goes back with mempool_free.  A kmalloc fallback for a
// failed non-blocking mempool_alloc may go to mempool_free too (the pools of
// mempool_*_kmalloc_pool free with kfree; dm-region-hash does this); memory
// of the pool freed with kfree or vfree is reported.
// RUN: %check_allocflags %s allocflags-backend-mismatch %t -- -I%kernel_inc
#include <linux/mempool.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct region {
  int key;
};

struct region *region_get(mempool_t *pool, int key, int lost_race) {
  struct region *r = mempool_alloc(pool, GFP_ATOMIC);
  if (!r)
    r = kmalloc(sizeof(*r), GFP_NOIO | __GFP_NOFAIL);
  r->key = key;
  if (lost_race) {
    mempool_free(r, pool);
    return 0;
  }
  return r;
}

void region_put_wrong(mempool_t *pool) {
  struct region *r = mempool_alloc(pool, GFP_NOIO);
  kfree(r);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'mempool_alloc' (mempool), which it cannot free [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:22: note: allocated by 'mempool_alloc' here
}

void region_vmalloc_into_pool(mempool_t *pool) {
  void *p = vmalloc(64);
  mempool_free(p, pool);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'mempool_free' frees memory from 'vmalloc' (vmalloc), which it cannot free [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: allocated by 'vmalloc' here
}
