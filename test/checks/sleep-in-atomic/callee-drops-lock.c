// Negatives where the callee makes the sleep safe: it drops the caller's lock
// around the allocation and takes it again, or a constant argument keeps it
// off its sleeping branch.  And the positive next to each.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/lockdep.h>
#include <linux/sched.h>
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

// A global lock keeps its name in the callee: the lockdep assertion and the
// unlock are about the caller's lock (mm/percpu.c's pcpu_lock).
static DEFINE_SPINLOCK(pool_lock);
static void *pool_chunk;
static void pool_balance(void) {
  lockdep_assert_held(&pool_lock);
  spin_unlock_irq(&pool_lock);
  cond_resched();
  spin_lock_irq(&pool_lock);
}
static void pool_balance_locked(void) {
  lockdep_assert_held(&pool_lock);
  cond_resched();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cond_resched' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'lockdep_assert_held' says 'pool_lock' is held here
}
void pool_work(void) {
  spin_lock_irq(&pool_lock);
  pool_balance(); // negative: drops pool_lock around the sleep
  pool_balance_locked();
  spin_unlock_irq(&pool_lock);
}

// A helper that asserts the caller's lock, drops it and takes it again
// (drivers/input/serio/libps2.c): on return the lock is held once, as
// before the call, so unlocking after it leaves atomic context.
struct port {
  spinlock_t lock;
  int acked;
};
static int port_send(struct port *p) {
  lockdep_assert_held(&p->lock);
  spin_unlock_irq(&p->lock);
  msleep(1);
  spin_lock_irq(&p->lock);
  return p->acked;
}
int port_command(struct port *p) {
  int rc;
  spin_lock_irq(&p->lock);
  rc = port_send(p);
  spin_unlock_irq(&p->lock);
  msleep(10); // negative: the lock is released
  spin_lock_irq(&p->lock);
  rc = port_send(p);
  msleep(10);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: spin lock 'p->lock' acquired here
  spin_unlock_irq(&p->lock);
  return rc;
}

// ext4's fast commit: the lock is reached through an inline accessor the
// caller's text cannot be rebased over, and the callee asserts it held
// before dropping it around schedule() - the assertion is about the
// caller's lock, not a second hold of it.
struct fc_sbi { spinlock_t s_fc_lock; };
struct fc_sb { void *s_fs_info; };
struct fc_inode { struct fc_sb *i_sb; int committing; };
static inline struct fc_sbi *FC_SB(struct fc_sb *sb) { return sb->s_fs_info; }
static void fc_wait_committing(struct fc_inode *inode) {
  lockdep_assert_held(&FC_SB(inode->i_sb)->s_fc_lock);
  spin_unlock(&FC_SB(inode->i_sb)->s_fc_lock);
  schedule(); // negative: the caller's lock was dropped
}
static void fc_wait_locked(struct fc_inode *inode) {
  lockdep_assert_held(&FC_SB(inode->i_sb)->s_fc_lock);
  schedule();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'schedule' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'lockdep_assert_held' says 'FC_SB(inode->i_sb)->s_fc_lock' is held here
  spin_unlock(&FC_SB(inode->i_sb)->s_fc_lock);
}
void fc_start_update(struct fc_inode *inode) {
restart:
  spin_lock(&FC_SB(inode->i_sb)->s_fc_lock);
  if (inode->committing == 1) {
    fc_wait_committing(inode);
    goto restart;
  }
  if (inode->committing == 2) {
    fc_wait_locked(inode);
    goto restart;
  }
  spin_unlock(&FC_SB(inode->i_sb)->s_fc_lock);
}

// lib/maple_tree.c: mas_nomem() drops the tree's lock to allocate when the
// flags allow blocking; the lock reaches it through a cursor the caller built
// on its stack, so the caller's name for it ('t->lock') is not the callee's.
struct tree {
  spinlock_t lock;
  void *root;
};
struct cursor {
  struct tree *tree;
  void *node;
};
static bool cursor_nomem(struct cursor *c, gfp_t gfp) {
  if (gfpflags_allow_blocking(gfp)) {
    spin_unlock(&c->tree->lock);
    c->node = kmalloc(64, gfp);
    spin_lock(&c->tree->lock);
  } else {
    c->node = kmalloc(64, gfp);
  }
  return c->node != NULL;
}
static bool cursor_nomem_locked(struct cursor *c, gfp_t gfp) {
  c->node = kmalloc(64, gfp);
  return c->node != NULL;
}
static void cursor_erase(struct cursor *c) {
  cursor_nomem(c, GFP_KERNEL); // negative: the lock is dropped around kmalloc()
}
static void cursor_store(struct cursor *c) {
  cursor_nomem_locked(c, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cursor_nomem_locked' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-9]]:13: note: 'cursor_nomem_locked' passes its gfp flags to 'kmalloc' here
  // CHECK-NOTES: :[[@LINE+9]]:5: note: called from 'tree_update' here
  // CHECK-NOTES: :[[@LINE+4]]:3: note: spin lock 't->lock' acquired here
}
void tree_update(struct tree *t, bool erase) {
  struct cursor c = {.tree = t};
  spin_lock(&t->lock);
  if (erase)
    cursor_erase(&c);
  else
    cursor_store(&c);
  spin_unlock(&t->lock);
}
