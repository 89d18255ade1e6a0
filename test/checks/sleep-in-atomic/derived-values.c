// Values a function computes from its gfp flags or its arguments decide
// whether it sleeps, as the flags and arguments themselves do: the percpu
// allocator's `is_atomic = (gfp & GFP_KERNEL) != GFP_KERNEL` skips its mutex
// for GFP_NOWAIT callers.  Each false positive has a real twin that takes
// the sleeping way.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct pool {
  struct mutex mutex;
  spinlock_t lock;
  void *chunk;
};

static void *pool_alloc(struct pool *p, unsigned long size, gfp_t gfp) {
  bool is_atomic = (gfp & GFP_KERNEL) != GFP_KERNEL;
  void *ret;
  if (!is_atomic)
    mutex_lock(&p->mutex);
  ret = p->chunk;
  if (!is_atomic)
    mutex_unlock(&p->mutex);
  return ret;
}

void *pool_atomic_user(struct pool *p) {
  void *r;
  spin_lock(&p->lock);
  r = pool_alloc(p, 16, GFP_NOWAIT);
  spin_unlock(&p->lock);
  return r;
}

void *pool_blocking_user(struct pool *p) {
  void *r;
  spin_lock(&p->lock);
  r = pool_alloc(p, 16, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'pool_alloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :23:5: note: 'pool_alloc' may sleep in 'mutex_lock' here when its gfp flags allow blocking
  // CHECK-NOTES: :[[@LINE-4]]:3: note: spin lock 'p->lock' acquired here
  spin_unlock(&p->lock);
  return r;
}

static void pool_flush(struct pool *p, int nowait) {
  int can_sleep = !nowait;
  if (can_sleep)
    msleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+12]]:3: note: called from 'pool_flush_blocking' here
  // CHECK-NOTES: :[[@LINE+10]]:3: note: spin lock 'p->lock' acquired here
}

void pool_flush_atomic(struct pool *p) {
  spin_lock(&p->lock);
  pool_flush(p, 1);
  spin_unlock(&p->lock);
}

void pool_flush_blocking(struct pool *p) {
  spin_lock(&p->lock);
  pool_flush(p, 0);
  spin_unlock(&p->lock);
}
