// local_irq_disable/enable and local_irq_save/restore.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/irqflags.h>
#include <linux/mutex.h>
#include <linux/slab.h>

struct ctl {
  struct mutex m;
  void *p;
};

void irqs_off(struct ctl *c) {
  local_irq_disable();
  mutex_lock(&c->m);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'mutex_lock' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: interrupts disabled here
  mutex_unlock(&c->m);
  local_irq_enable();
  mutex_lock(&c->m);
  mutex_unlock(&c->m);
}

void irqs_saved(struct ctl *c) {
  unsigned long flags;
  local_irq_save(flags);
  c->p = kmalloc(16, GFP_NOIO);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'kmalloc' with GFP_NOIO may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: interrupts disabled here
  local_irq_restore(flags);
}
