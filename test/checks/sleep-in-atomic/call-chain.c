// A lock taken in a caller: the sleep is reported where it is, with one note
// per frame walking back to the lock.  Depth 1, 2 and 4; static helpers; a
// helper that is also called from a sleepable caller.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct priv {
  spinlock_t lock;
  void *buf;
  int n;
};

static void refill(struct priv *p) {
  p->buf = kzalloc(p->n, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+6]]:3: note: called from 'depth1' here
  // CHECK-NOTES: :[[@LINE+4]]:3: note: spin lock 'p->lock' acquired here
}

void depth1(struct priv *p) {
  spin_lock(&p->lock);
  refill(p);
  spin_unlock(&p->lock);
}

// Not a report of its own: the sleepable caller is fine.
void sleepable(struct priv *p) { refill(p); }

static void level4(struct priv *p) {
  msleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+4]]:38: note: called from 'level3' here
  // CHECK-NOTES: :[[@LINE+4]]:38: note: called from 'level2' here
  // CHECK-NOTES: :[[@LINE+4]]:38: note: called from 'level1' here
}
static void level3(struct priv *p) { level4(p); }
static void level2(struct priv *p) { level3(p); }
static void level1(struct priv *p) { level2(p); }

void depth4(struct priv *p) {
  unsigned long flags;
  spin_lock_irqsave(&p->lock, flags);
  level1(p);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: called from 'depth4' here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock 'p->lock' acquired here
  spin_unlock_irqrestore(&p->lock, flags);
}

static void *grab(int n) { return kmalloc(n, GFP_NOFS); }
// CHECK-NOTES: :[[@LINE-1]]:35: warning: 'kmalloc' with GFP_NOFS may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE+3]]:35: note: called from 'pass' here
// CHECK-NOTES: :[[@LINE+6]]:7: note: called from 'via_rcu' here
// CHECK-NOTES: :[[@LINE+4]]:3: note: RCU read-side critical section entered here
static void *pass(int n) { return grab(n); }
void *via_rcu(int n) {
  void *x;
  rcu_read_lock();
  x = pass(n);
  rcu_read_unlock();
  return x;
}
