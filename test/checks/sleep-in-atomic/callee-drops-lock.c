// Negatives where the callee makes the sleep safe: it drops the caller's lock
// around the allocation and takes it again, or a constant argument keeps it
// off its sleeping branch.  And the positive next to each.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct dev {
  spinlock_t lock;
  void *cache;
};

// Called with dev->lock held; drops it to allocate.
static int refill_unlocked(struct dev *d) {
  void *p;
  spin_unlock(&d->lock);
  p = kmalloc(256, GFP_KERNEL);
  spin_lock(&d->lock);
  if (!p)
    return -ENOMEM;
  d->cache = p;
  return 0;
}

int refill(struct dev *d) {
  int err;
  spin_lock(&d->lock);
  err = refill_unlocked(d); // negative: the callee drops the lock
  spin_unlock(&d->lock);
  return err;
}

static void wait_ready(struct dev *d, bool can_sleep) {
  if (can_sleep)
    msleep(10);
  else
    udelay(10);
}

void poll_atomic(struct dev *d) {
  spin_lock(&d->lock);
  wait_ready(d, false); // negative: the sleeping branch is not taken
  spin_unlock(&d->lock);
}

void poll_wrong(struct dev *d) {
  spin_lock(&d->lock);
  wait_ready(d, true);
  spin_unlock(&d->lock);
}
// CHECK-NOTES: :[[@LINE-16]]:5: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE-4]]:3: note: called from 'poll_wrong' here
// CHECK-NOTES: :[[@LINE-6]]:3: note: spin lock 'd->lock' acquired here

void poll_sleepable(struct dev *d) { wait_ready(d, true); } // negative
