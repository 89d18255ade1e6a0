// Trylocks hold the lock only where they succeeded.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc -DAF_NEWER_KERNEL
#include <linux/slab.h>
#include <linux/spinlock.h>

struct ring {
  spinlock_t lock;
  void *slot;
};

void success_branch(struct ring *r) {
  if (spin_trylock(&r->lock)) {
    r->slot = kmalloc(8, GFP_KERNEL);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES: :[[@LINE-3]]:7: note: spin lock 'r->lock' acquired here
    spin_unlock(&r->lock);
  } else {
    // Negative: the failure branch holds nothing.
    r->slot = kmalloc(8, GFP_KERNEL);
  }
}

int early_return(struct ring *r) {
  if (!spin_trylock(&r->lock))
    return -EBUSY;
  r->slot = kmalloc(8, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: spin lock 'r->lock' acquired here
  spin_unlock(&r->lock);
  return 0;
}

int stored_result(struct ring *r) {
  int locked = spin_trylock(&r->lock);
  if (!locked) {
    r->slot = kmalloc(8, GFP_KERNEL); // negative: not locked here
    return -EAGAIN;
  }
  r->slot = kmalloc(8, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-7]]:16: note: spin lock 'r->lock' acquired here
  spin_unlock(&r->lock);
  return 0;
}

void irqsave_macro(struct ring *r) {
  unsigned long flags;
  if (spin_trylock_irqsave(&r->lock, flags)) {
    r->slot = kzalloc(8, GFP_KERNEL);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES: :[[@LINE-3]]:7: note: spin lock 'r->lock' acquired here
    spin_unlock_irqrestore(&r->lock, flags);
    return;
  }
  r->slot = kzalloc(8, GFP_KERNEL); // negative: failed, interrupts restored
}

void spin_until_locked(struct ring *r) {
  while (!spin_trylock(&r->lock))
    ;
  r->slot = kzalloc(8, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-4]]:11: note: spin lock 'r->lock' acquired here
  spin_unlock(&r->lock);
}

void unlikely_wrapped(struct ring *r) {
  if (unlikely(!spin_trylock(&r->lock)))
    return;
  r->slot = kzalloc(8, GFP_NOFS);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'kzalloc' with GFP_NOFS may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-4]]:17: note: spin lock 'r->lock' acquired here
  spin_unlock(&r->lock);
}
