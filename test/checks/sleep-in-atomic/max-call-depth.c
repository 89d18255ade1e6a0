// MaxCallDepth (default 5) bounds the calls a finding may span between the
// atomic context and the sleep: summaries do not know which path a caller
// takes through a callee, and every frame adds a chance that it is not the
// sleeping one.  Calls into the callee a report is made at count too.
// Lines without a suffix are checked in every run.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=DEF -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=D2 --option MaxCallDepth=2 -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=ALL --option MaxCallDepth=0 -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --expect-error --option MaxCallDepth=many -- -I%kernel_inc
// CHECK-ERROR: option MaxCallDepth: 'many' is not a number of calls (0: no limit)
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct q {
  spinlock_t lock;
  void *buf;
};

// Two calls below the lock: within every limit here.
static void two_b(struct q *q) {
  msleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+4]]:34: note: called from 'two_a' here
  // CHECK-NOTES: :[[@LINE+6]]:3: note: called from 'two' here
  // CHECK-NOTES: :[[@LINE+4]]:3: note: spin lock 'q->lock' acquired here
}
static void two_a(struct q *q) { two_b(q); }
void two(struct q *q) {
  spin_lock(&q->lock);
  two_a(q);
  spin_unlock(&q->lock);
}

// Three calls: beyond a limit of 2.
static void three_c(struct q *q) {
  q->buf = kmalloc(8, GFP_KERNEL);
  // CHECK-NOTES-DEF: :[[@LINE-1]]:12: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-DEF: :[[@LINE+10]]:36: note: called from 'three_b' here
  // CHECK-NOTES-DEF: :[[@LINE+10]]:36: note: called from 'three_a' here
  // CHECK-NOTES-DEF: :[[@LINE+12]]:3: note: called from 'three' here
  // CHECK-NOTES-DEF: :[[@LINE+10]]:3: note: spin lock 'q->lock' acquired here
  // CHECK-NOTES-ALL: :[[@LINE-6]]:12: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-ALL: :[[@LINE+5]]:36: note: called from 'three_b' here
  // CHECK-NOTES-ALL: :[[@LINE+5]]:36: note: called from 'three_a' here
  // CHECK-NOTES-ALL: :[[@LINE+7]]:3: note: called from 'three' here
  // CHECK-NOTES-ALL: :[[@LINE+5]]:3: note: spin lock 'q->lock' acquired here
}
static void three_b(struct q *q) { three_c(q); }
static void three_a(struct q *q) { three_b(q); }
void three(struct q *q) {
  spin_lock(&q->lock);
  three_a(q);
  spin_unlock(&q->lock);
}

// A gfp parameter passed down: the report is at the call, and the calls
// below it count.
static void *alloc_c(gfp_t gfp) { return kmalloc(8, gfp); }
static void *alloc_b(gfp_t gfp) { return alloc_c(gfp); }
static void *alloc_a(gfp_t gfp) { return alloc_b(gfp); }
void *pass_down(struct q *q) {
  void *p;
  spin_lock(&q->lock);
  p = alloc_a(GFP_KERNEL);
  // CHECK-NOTES-DEF: :[[@LINE-1]]:7: warning: 'alloc_a' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-DEF: :[[@LINE-6]]:42: note: 'alloc_a' passes its gfp flags to 'alloc_b' here
  // CHECK-NOTES-DEF: :[[@LINE-8]]:42: note: 'alloc_b' passes its gfp flags to 'alloc_c' here
  // CHECK-NOTES-DEF: :[[@LINE-10]]:42: note: 'alloc_c' passes its gfp flags to 'kmalloc' here
  // CHECK-NOTES-DEF: :[[@LINE-6]]:3: note: spin lock 'q->lock' acquired here
  // CHECK-NOTES-ALL: :[[@LINE-6]]:7: warning: 'alloc_a' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-ALL: :[[@LINE-11]]:42: note: 'alloc_a' passes its gfp flags to 'alloc_b' here
  // CHECK-NOTES-ALL: :[[@LINE-13]]:42: note: 'alloc_b' passes its gfp flags to 'alloc_c' here
  // CHECK-NOTES-ALL: :[[@LINE-15]]:42: note: 'alloc_c' passes its gfp flags to 'kmalloc' here
  // CHECK-NOTES-ALL: :[[@LINE-11]]:3: note: spin lock 'q->lock' acquired here
  spin_unlock(&q->lock);
  return p;
}

// Six calls: beyond the default.
static void six_f(struct q *q) {
  msleep(1);
  // CHECK-NOTES-ALL: :[[@LINE-1]]:3: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-ALL-COUNT-6: note: called from
  // CHECK-NOTES-ALL: note: spin lock 'q->lock' acquired here
}
static void six_e(struct q *q) { six_f(q); }
static void six_d(struct q *q) { six_e(q); }
static void six_c(struct q *q) { six_d(q); }
static void six_b(struct q *q) { six_c(q); }
static void six_a(struct q *q) { six_b(q); }
void six(struct q *q) {
  spin_lock(&q->lock);
  six_a(q);
  spin_unlock(&q->lock);
}
