// Kernel C: a function handed gfp flags that allocates with flags its
// callers cannot choose - a flags-less API (vmalloc, vzalloc,
// alloc_workqueue: GFP_KERNEL inside), directly or through a helper that
// takes no flags - ignores them: a GFP_NOFS caller gets filesystem reclaim,
// a GFP_ATOMIC one a sleep.  Reported where some caller passes such flags
// (else low confidence), with the flags-taking form as a fix where the
// model knows one; not inside a memalloc_nofs_save() scope (the scope says
// how), nor where the call is made in atomic context (a sleep-in-atomic
// finding: one site, one report).
// RUN: %check_allocflags %s allocflags-implicit-allocation,allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-implicit-allocation,allocflags-sleep-in-atomic %t --check-suffixes=,LOW --option MinConfidence=low -- -I%kernel_inc
#include <linux/gfp.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

struct tbl {
  void *slots;
  void *meta;
  struct workqueue_struct *wq;
  spinlock_t lock;
};

int tbl_init(struct tbl *t, unsigned long n, gfp_t gfp) {
  t->meta = kzalloc(64, gfp); // negative: told how
  t->slots = vzalloc(n * 8);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'vzalloc' allocates with GFP_KERNEL | __GFP_ZERO, not the gfp flags 'gfp' that 'tbl_init' is given; use '__vmalloc(n * 8, gfp | __GFP_ZERO)' [allocflags-implicit-allocation]
  // CHECK-NOTES: :[[@LINE-4]]:52: note: 'tbl_init' takes its gfp flags in 'gfp'
  // CHECK-NOTES: :[[@LINE+53]]:3: note: 'tbl_fs_path' calls it with flags that do not allow blocking or that restrict reclaim
  return t->slots ? 0 : -12;
}

// A helper that takes no flags: reported at the call, with the chain.
static void *tbl_buf(unsigned long n) { return vmalloc(n); }
static void *tbl_grow_buf(unsigned long n) { return tbl_buf(n * 2); }

int tbl_grow(struct tbl *t, unsigned long n, gfp_t gfp) {
  void *p = tbl_grow_buf(n);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'tbl_grow_buf' allocates with GFP_KERNEL inside ('vmalloc'), not the gfp flags 'gfp' that 'tbl_grow' is given [allocflags-implicit-allocation]
  // CHECK-NOTES: :[[@LINE-3]]:52: note: 'tbl_grow' takes its gfp flags in 'gfp'
  // CHECK-NOTES: :[[@LINE-6]]:53: note: 'tbl_grow_buf' calls 'tbl_buf' here
  // CHECK-NOTES: :[[@LINE-8]]:48: note: 'tbl_buf' allocates with 'vmalloc' (GFP_KERNEL) here
  // CHECK-NOTES: :[[@LINE+40]]:3: note: 'tbl_fs_path' calls it with flags that do not allow blocking or that restrict reclaim
  if (!p)
    return -12;
  t->slots = p;
  t->wq = alloc_workqueue("tbl", 0, 0);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'alloc_workqueue' allocates with GFP_KERNEL, not the gfp flags 'gfp' that 'tbl_grow' is given [allocflags-implicit-allocation]
  // CHECK-NOTES: :[[@LINE-12]]:52: note: 'tbl_grow' takes its gfp flags in 'gfp'
  // CHECK-NOTES: :[[@LINE+33]]:3: note: 'tbl_fs_path' calls it with flags that do not allow blocking or that restrict reclaim
  return 0;
}

// The scope says how: negative.
int tbl_init_scoped(struct tbl *t, unsigned long n, gfp_t gfp) {
  unsigned int flags = memalloc_nofs_save();
  t->slots = vmalloc(n);
  memalloc_nofs_restore(flags);
  return 0;
}

// Under its own spin lock: a sleep in atomic context, reported as that only.
int tbl_resize_locked(struct tbl *t, unsigned long n, gfp_t gfp) {
  spin_lock(&t->lock);
  t->slots = vmalloc(n);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'vmalloc' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock 't->lock' acquired here
  spin_unlock(&t->lock);
  return 0;
}

// Every caller passes GFP_KERNEL: low confidence.
int tbl_stats(struct tbl *t, gfp_t gfp) {
  t->meta = vmalloc(16);
  // CHECK-NOTES-LOW: :[[@LINE-1]]:13: warning: 'vmalloc' allocates with GFP_KERNEL, not the gfp flags 'gfp' that 'tbl_stats' is given; use '__vmalloc(16, gfp)' [allocflags-implicit-allocation]
  // CHECK-NOTES-LOW: :[[@LINE-3]]:36: note: 'tbl_stats' takes its gfp flags in 'gfp'
  // CHECK-NOTES-LOW: :[[@LINE-3]]:13: note: low confidence: no caller known to allocflags passes 'tbl_stats' flags that do not allow blocking or that restrict reclaim (GFP_NOFS, GFP_NOIO)
  return 0;
}

void tbl_fs_path(struct tbl *t) {
  tbl_init(t, 16, GFP_NOFS);
  tbl_grow(t, 32, GFP_NOIO);
  tbl_init_scoped(t, 8, GFP_NOFS);
  tbl_resize_locked(t, 8, GFP_NOFS);
  tbl_stats(t, GFP_KERNEL);
}

// Deep in shared code: a flags-less allocation more than two helpers below
// the call (the rare slow path of a wake-up or a page free) is not what the
// caller's maintainer would change - not reported; nor one reached only
// through a function pointer.
static void *tbl_deep3(unsigned long n) { return vmalloc(n); }
static void *tbl_deep2(unsigned long n) { return tbl_deep3(n); }
static void *tbl_deep1(unsigned long n) { return tbl_deep2(n); }
struct tbl_ops { void *(*get)(unsigned long n); };
static const struct tbl_ops tbl_ops = {.get = tbl_deep3};
int tbl_refill(struct tbl *t, const struct tbl_ops *ops, gfp_t gfp) {
  t->meta = tbl_deep1(8); // negative: three helpers deep
  t->slots = ops->get(8); // negative: through a pointer
  return 0;
}
void tbl_reclaim_path(struct tbl *t) { tbl_refill(t, &tbl_ops, GFP_NOFS); }
