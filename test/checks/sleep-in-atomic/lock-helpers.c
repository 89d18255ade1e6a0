// Lock helpers defined in the same file: their effect on the caller's context
// is inferred from their bodies.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/spinlock.h>

struct adapter {
  spinlock_t stats_lock;
  spinlock_t tx_lock;
  void *stats;
};

static void adapter_lock(struct adapter *a) { spin_lock(&a->stats_lock); }
static void adapter_unlock(struct adapter *a) { spin_unlock(&a->stats_lock); }

// Takes the lock only on success: not "must held" afterwards.
static int adapter_try(struct adapter *a) {
  if (!spin_trylock(&a->tx_lock))
    return 0;
  return 1;
}

void update_stats(struct adapter *a) {
  adapter_lock(a);
  a->stats = kmalloc(64, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock 'a->stats_lock' acquired here (inside 'adapter_lock')
  adapter_unlock(a);
  a->stats = kmalloc(64, GFP_KERNEL); // negative: released by the helper
}

void maybe_locked(struct adapter *a) {
  adapter_try(a);
  a->stats = kmalloc(64, GFP_KERNEL); // negative: held on some paths only
}

void unlock_then_alloc(struct adapter *a) {
  spin_lock(&a->stats_lock);
  adapter_unlock(a);
  a->stats = kmalloc(64, GFP_KERNEL); // negative
}
