// spin_lock/spin_unlock (inline functions in 6.1) and raw_spin_lock (a macro).
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc -DAF_NEWER_KERNEL
#include <linux/slab.h>
#include <linux/spinlock.h>

struct dev_priv {
  spinlock_t lock;
  raw_spinlock_t raw;
  void *buf;
  int count;
};

void alloc_under_lock(struct dev_priv *dev) {
  spin_lock(&dev->lock);
  dev->buf = kzalloc(64, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock 'dev->lock' acquired here
  spin_unlock(&dev->lock);
}

void raw_lock(struct dev_priv *dev) {
  raw_spin_lock(&dev->raw);
  dev->buf = kmalloc(dev->count, GFP_NOFS);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'kmalloc' with GFP_NOFS may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: raw spin lock 'dev->raw' acquired here
  raw_spin_unlock(&dev->raw);
}

// Negative: atomic flags under the lock.
void atomic_flags(struct dev_priv *dev) {
  spin_lock(&dev->lock);
  dev->buf = kmalloc(16, GFP_ATOMIC);
  dev->buf = kmalloc(16, GFP_NOWAIT);
  dev->buf = kmalloc(16, 0);
  spin_unlock(&dev->lock);
}

// Negative: allocation after the unlock, and the lock held by a caller is not
// known within this function.
void after_unlock(struct dev_priv *dev) {
  spin_lock(&dev->lock);
  dev->count++;
  spin_unlock(&dev->lock);
  dev->buf = kmalloc(16, GFP_KERNEL);
}
