// gfp APIs that drop their caller's lock around a blocking allocation
// (__xa_store() under xa_lock()) are silent about that lock only.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/spinlock.h>
#include <linux/xarray.h>

struct table {
  struct xarray xa;
  spinlock_t other;
};

void *store_locked(struct table *t, unsigned long i, void *p) {
  void *old;
  xa_lock(&t->xa);
  old = __xa_store(&t->xa, i, p, GFP_KERNEL); // negative: drops xa_lock to allocate
  xa_unlock(&t->xa);
  return old;
}

// The API unlocks the way the xarray's lock is taken (XA_FLAGS_LOCK_IRQ):
// interrupts come back on around the allocation too.
void *store_irq(struct table *t, unsigned long i, void *p) {
  void *old;
  xa_lock_irq(&t->xa);
  old = __xa_store(&t->xa, i, p, GFP_KERNEL); // negative
  xa_unlock_irq(&t->xa);
  return old;
}

// ... but not interrupts disabled by someone else.
void *store_irqs_off(struct table *t, unsigned long i, void *p) {
  void *old;
  unsigned long flags;
  local_irq_save(flags);
  xa_lock(&t->xa);
  old = __xa_store(&t->xa, i, p, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: '__xa_store' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: interrupts disabled here
  xa_unlock(&t->xa);
  local_irq_restore(flags);
  return old;
}

void *store_under_other_lock(struct table *t, unsigned long i, void *p) {
  void *old;
  spin_lock(&t->other);
  xa_lock(&t->xa);
  old = __xa_store(&t->xa, i, p, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: '__xa_store' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: spin lock 't->other' acquired here
  xa_unlock(&t->xa);
  spin_unlock(&t->other);
  return old;
}

void *plain_store(struct table *t, unsigned long i, void *p) {
  void *old;
  spin_lock(&t->other);
  old = xa_store(&t->xa, i, p, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'xa_store' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock 't->other' acquired here
  spin_unlock(&t->other);
  return old;
}
