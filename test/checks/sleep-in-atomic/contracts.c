// Contracts: lockdep_assert_held() on a spin lock (a mutex says nothing about
// atomic context) and sparse's __must_hold() on a function's declaration.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct port {
  spinlock_t lock;
  struct mutex cfg;
  void *buf;
};

static void port_update(struct port *p) {
  lockdep_assert_held(&p->lock);
  p->buf = kmalloc(32, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'lockdep_assert_held' says 'p->lock' is held here
}

static void port_configure(struct port *p) {
  lockdep_assert_held(&p->cfg); // a mutex: sleeping is fine
  p->buf = kmalloc(32, GFP_KERNEL);
}

static void port_flush(struct port *p) __must_hold(&p->lock) {
  kfree(p->buf);
  p->buf = kzalloc(64, GFP_NOIO);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'kzalloc' with GFP_NOIO may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-4]]:40: note: 'port_flush' is called with 'p->lock' held (__must_hold)
}

void users(struct port *p) {
  port_update(p);
  port_configure(p);
  port_flush(p); // the contract alone makes it atomic
}
