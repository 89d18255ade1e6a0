// PREEMPT_RT (option, off by default): spin locks and softirqs are
// preemptible there, but raw spin locks, interrupts or preemption off and
// hard-IRQ handlers that stay unthreaded (IRQF_NO_THREAD) are not: no
// allocation at all, even GFP_ATOMIC.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=RT --option PreemptRT=true -- -I%kernel_inc
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct chip {
  raw_spinlock_t raw;
  spinlock_t lock;
  void *p;
};

void under_raw_lock(struct chip *c) {
  raw_spin_lock(&c->raw);
  c->p = kmalloc(8, GFP_ATOMIC);
  // CHECK-NOTES-RT: :[[@LINE-1]]:10: warning: 'kmalloc' with GFP_ATOMIC may sleep in atomic context on PREEMPT_RT [allocflags-sleep-in-atomic]
  // CHECK-NOTES-RT: :[[@LINE-3]]:3: note: raw spin lock 'c->raw' acquired here
  raw_spin_unlock(&c->raw);
}

void under_spin_lock(struct chip *c) {
  spin_lock(&c->lock);
  c->p = kmalloc(8, GFP_ATOMIC); // a sleeping lock on RT: fine
  spin_unlock(&c->lock);
}

static irqreturn_t nothread_irq(int irq, void *data) {
  struct chip *c = data;
  c->p = kzalloc(8, GFP_ATOMIC);
  // CHECK-NOTES-RT: :[[@LINE-1]]:10: warning: 'kzalloc' with GFP_ATOMIC may sleep in atomic context on PREEMPT_RT [allocflags-sleep-in-atomic]
  // CHECK-NOTES-RT: :[[@LINE+11]]:10: note: 'nothread_irq' is registered with 'request_irq' here and runs in hard-IRQ context
  return IRQ_HANDLED;
}

static irqreturn_t threaded_irq(int irq, void *data) {
  struct chip *c = data;
  c->p = kzalloc(8, GFP_ATOMIC); // force-threaded on RT: fine
  return IRQ_HANDLED;
}

int setup(struct chip *c) {
  return request_irq(1, nothread_irq, IRQF_NO_THREAD, "a", c) ?: request_irq(2, threaded_irq, 0, "b", c);
}
