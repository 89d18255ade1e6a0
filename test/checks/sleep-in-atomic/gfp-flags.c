// Flags are judged by the direct-reclaim bit, with values read from the TU's
// own headers (6.1 #defines, or the 6.10+ enum with BIT()).
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc -DAF_NEWER_KERNEL
#include <linux/slab.h>
#include <linux/spinlock.h>

struct obj {
  spinlock_t lock;
  void *a;
};

void sleeping_sets(struct obj *o) {
  spin_lock(&o->lock);
  o->a = kmalloc(8, GFP_KERNEL_ACCOUNT);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'kmalloc' with GFP_KERNEL_ACCOUNT may sleep in atomic context
  o->a = kmalloc(8, GFP_KERNEL | __GFP_NOWARN);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'kmalloc' with GFP_KERNEL | __GFP_NOWARN may sleep in atomic context
  o->a = kmalloc(8, __GFP_DIRECT_RECLAIM);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'kmalloc' with __GFP_DIRECT_RECLAIM may sleep in atomic context
  spin_unlock(&o->lock);
}

void non_sleeping_sets(struct obj *o) {
  spin_lock(&o->lock);
  o->a = kmalloc(8, GFP_ATOMIC | __GFP_NOWARN);
  o->a = kmalloc(8, GFP_NOWAIT | __GFP_ZERO);
  o->a = kmalloc(8, GFP_KERNEL & ~__GFP_DIRECT_RECLAIM);
  o->a = kvmalloc(4096, GFP_ATOMIC); // never falls back to vmalloc
  o->a = kmalloc(8, __GFP_KSWAPD_RECLAIM);
  spin_unlock(&o->lock);
}

// A local flags variable is tracked along the paths.
void local_variable(struct obj *o, int nowait) {
  gfp_t gfp = GFP_KERNEL;
  spin_lock(&o->lock);
  o->a = kmalloc(8, gfp);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'kmalloc' with gfp may sleep in atomic context
  gfp &= ~__GFP_DIRECT_RECLAIM;
  o->a = kmalloc(8, gfp); // negative: no longer blocking
  gfp = GFP_NOWAIT;
  o->a = kmalloc(8, gfp);
  spin_unlock(&o->lock);
}

// Negative: the flags are a parameter (the interprocedural analysis decides).
void *parameter(struct obj *o, gfp_t gfp) {
  void *p;
  spin_lock(&o->lock);
  p = kmalloc(8, gfp);
  spin_unlock(&o->lock);
  return p;
}

// Negative: either value may reach the call; not a constant.
void *selected(struct obj *o, int atomic) {
  void *p;
  gfp_t gfp = atomic ? GFP_ATOMIC : GFP_KERNEL;
  spin_lock(&o->lock);
  p = kmalloc(8, gfp);
  spin_unlock(&o->lock);
  return p;
}
