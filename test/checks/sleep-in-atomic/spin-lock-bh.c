// spin_lock_bh, and a free that sleeps only outside interrupt context (vfree
// defers its work when in_interrupt(), which is true with bottom halves off).
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct queue {
  spinlock_t lock;
  void *table;
};

void bh_alloc(struct queue *q) {
  spin_lock_bh(&q->lock);
  q->table = kcalloc(16, sizeof(int), GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'kcalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock 'q->lock' acquired here
  spin_unlock_bh(&q->lock);
}

// Negative: vfree under spin_lock_bh is deferred, it does not sleep.
void bh_vfree(struct queue *q) {
  spin_lock_bh(&q->lock);
  vfree(q->table);
  q->table = NULL;
  spin_unlock_bh(&q->lock);
}

// vfree under a plain spin lock (in_interrupt() is false) may sleep.
void plain_vfree(struct queue *q) {
  spin_lock(&q->lock);
  vfree(q->table);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'vfree' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock 'q->lock' acquired here
  spin_unlock(&q->lock);
}
