// A driver's own allocator and lock, described by source annotations
// (allocators/include/kalloc/annotations.h): the checks treat them as they
// treat the model's kernel functions, with no model entry.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic,allocflags-backend-mismatch %t -- -I%kernel_inc -I%kalloc_inc
#include <kalloc/annotations.h>
#include <linux/gfp.h>
#include <linux/slab.h>

struct pool;
struct hw_lock {
  int word;
};

void *pool_alloc(struct pool *p, unsigned long n, gfp_t gfp) ALLOCFLAGS_ALLOCATES(kmalloc, 2);
void pool_free(struct pool *p, void *obj) ALLOCFLAGS_FREES(1, kmalloc, kvmalloc);
void *big_alloc(unsigned long n) ALLOCFLAGS_RETURNS(vmalloc) ALLOCFLAGS_SLEEPS;
void big_free(void *p) ALLOCFLAGS_FREES(0, vmalloc);
void hw_lock(struct hw_lock *l) ALLOCFLAGS_ENTERS(spin, 0);
void hw_unlock(struct hw_lock *l) ALLOCFLAGS_LEAVES(spin, 0);

void *under_hw_lock(struct hw_lock *l, struct pool *p) {
  void *a, *b, *c;
  hw_lock(l);
  a = pool_alloc(p, 16, GFP_ATOMIC); // negative: does not sleep
  b = pool_alloc(p, 16, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'pool_alloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: spin lock 'l' acquired here
  c = big_alloc(4096);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'big_alloc' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-7]]:3: note: spin lock 'l' acquired here
  hw_unlock(l);
  pool_free(p, a);
  pool_free(p, b);
  big_free(c);
  return big_alloc(64); // negative: the lock is released
}

void wrong_frees(struct pool *p) {
  void *big = big_alloc(4096);
  void *small = pool_alloc(p, 16, GFP_KERNEL);
  pool_free(p, big);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pool_free' frees memory from 'big_alloc' (vmalloc), which it cannot free [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-4]]:15: note: allocated by 'big_alloc' here
  big_free(small);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'big_free' frees memory from 'pool_alloc' (kmalloc), which it cannot free [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-6]]:17: note: allocated by 'pool_alloc' here
  kfree(big_alloc(8));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'big_alloc' (vmalloc), which it cannot free; use 'vfree' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-2]]:9: note: allocated by 'big_alloc' here
}
