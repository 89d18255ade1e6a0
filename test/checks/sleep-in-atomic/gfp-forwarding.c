// Flags that travel: a function that allocates with its gfp_t parameter is
// reported at the caller that passes sleeping flags while atomic, not inside.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct ctx {
  spinlock_t lock;
  struct mutex m;
  void *a, *b;
};

static void *alloc_msg(int n, gfp_t gfp) { return kzalloc(n, gfp); }

void atomic_caller_ok(struct ctx *c) {
  spin_lock(&c->lock);
  c->a = alloc_msg(16, GFP_ATOMIC); // negative: non-blocking flags
  spin_unlock(&c->lock);
}

void sleepable_caller_ok(struct ctx *c) {
  c->a = alloc_msg(16, GFP_KERNEL); // negative: not atomic
}

void atomic_caller_bad(struct ctx *c) {
  spin_lock(&c->lock);
  c->a = alloc_msg(16, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'alloc_msg' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-16]]:51: note: 'alloc_msg' passes its gfp flags to 'kzalloc' here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: spin lock 'c->lock' acquired here
  spin_unlock(&c->lock);
}

// Forwarded through a second function, with the flags widened on the way.
static void *alloc_twice(gfp_t flags) { return alloc_msg(32, flags | __GFP_ZERO); }

void forwarded_bad(struct ctx *c) {
  unsigned long f;
  spin_lock_irqsave(&c->lock, f);
  c->b = alloc_twice(GFP_NOFS);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'alloc_twice' with GFP_NOFS may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-7]]:48: note: 'alloc_twice' passes its gfp flags to 'alloc_msg' here
  // CHECK-NOTES: :[[@LINE-30]]:51: note: 'alloc_msg' passes its gfp flags to 'kzalloc' here
  // CHECK-NOTES: :[[@LINE-5]]:3: note: spin lock 'c->lock' acquired here
  c->b = alloc_twice(GFP_NOWAIT); // negative
  spin_unlock_irqrestore(&c->lock, f);
}

// Guards on the gfp parameter: blocking work only where the flags allow it.
static int take_cfg(struct ctx *c, gfp_t gfp) {
  if (gfpflags_allow_blocking(gfp))
    mutex_lock(&c->m);
  else if (!mutex_trylock(&c->m))
    return -EAGAIN;
  return 0;
}

static void *maybe_sleep(gfp_t gfp) {
  might_sleep_if(gfpflags_allow_blocking(gfp));
  return kmalloc(8, gfp & ~__GFP_DIRECT_RECLAIM); // never blocks
}

void guards(struct ctx *c) {
  spin_lock(&c->lock);
  take_cfg(c, GFP_ATOMIC); // negative: the blocking branch is not taken
  maybe_sleep(GFP_ATOMIC); // negative
  take_cfg(c, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'take_cfg' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-17]]:5: note: 'take_cfg' may sleep in 'mutex_lock' here when its gfp flags allow blocking
  // CHECK-NOTES: :[[@LINE-6]]:3: note: spin lock 'c->lock' acquired here
  maybe_sleep(GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'maybe_sleep' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-14]]:3: note: 'maybe_sleep' may sleep in 'might_sleep_if' here when its gfp flags allow blocking
  // CHECK-NOTES: :[[@LINE-10]]:3: note: spin lock 'c->lock' acquired here
  spin_unlock(&c->lock);
}

// Flags chosen from the context: decided by what the analysis knows here.
static void *ctx_alloc(int n) { return kmalloc(n, in_interrupt() ? GFP_ATOMIC : GFP_KERNEL); }
// CHECK-NOTES: :[[@LINE-1]]:40: warning: 'kmalloc' with in_interrupt() ? GFP_ATOMIC : GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE+10]]:3: note: called from 'under_spin_lock' here
// CHECK-NOTES: :[[@LINE+8]]:3: note: spin lock 'c->lock' acquired here

static irqreturn_t ctx_irq(int irq, void *data) {
  ctx_alloc(8); // negative: in_interrupt() holds, GFP_ATOMIC
  return IRQ_HANDLED;
}

void under_spin_lock(struct ctx *c) {
  spin_lock(&c->lock);
  ctx_alloc(8); // in_interrupt() is false under a plain spin lock
  spin_unlock(&c->lock);
}

void under_bh_lock(struct ctx *c) {
  spin_lock_bh(&c->lock);
  ctx_alloc(8); // negative: bottom halves off, in_interrupt() holds
  spin_unlock_bh(&c->lock);
}

int setup(struct ctx *c) { return request_irq(1, ctx_irq, 0, "ctx", c); }
