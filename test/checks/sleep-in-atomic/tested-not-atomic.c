// A function that tests it is not in atomic context before it sleeps
// (`not_atomic = !in_atomic() && !irqs_disabled(); ... if (not_atomic)
// msleep(); else cpu_relax();`, i915's intel_guc_send_busy_loop) does not
// sleep for a caller in atomic context: its summary has no sleep there, also
// where it is reported at the call (no body analysed in the caller's
// context).  A test that does not rule out every atomic context
// (irqs_disabled() alone: preemption may be off) leaves the sleep, and a
// lock taken after the test is judged where it is held.
// The same helper's `unlikely(err == -EBUSY && loop)` is a test of `loop`
// (the CFG does not split a `&&` inside unlikely()): a caller passing
// loop = 0 under a lock does not reach the sleep; loop = 1 does.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/compiler.h>
#include <linux/delay.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>

struct guc {
  spinlock_t lock;
  int ct;
};
int send_nb(struct guc *g);
void cpu_relax(void);
// In a header: reported at the call from its summary, not analysed in context.
#include "Inputs/guc_send.h"


// The test first, then a lock, then the sleep: the sleep is under the lock.
static void tested_then_locked(struct guc *g) {
  if (in_atomic())
    return;
  spin_lock(&g->lock);
  msleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock 'g->lock' acquired here
  spin_unlock(&g->lock);
}

static int set_policies(struct guc *g, int loop) { return send_busy_loop(g, loop); }
static int deregister(struct guc *g, int loop) { return send_irq_tested(g, loop); }
// CHECK-NOTES: :[[@LINE-1]]:57: warning: 'send_irq_tested' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: guc_send.h:24:7: note: 'send_irq_tested' may sleep: 'msleep' here
// CHECK-NOTES: :[[@LINE+12]]:3: note: called from 'revoke' here
// CHECK-NOTES: :[[@LINE+10]]:3: note: spin lock 'g->lock' acquired here

void policy_update(struct guc *g) {
  spin_lock(&g->lock);
  set_policies(g, 1); // tested: never sleeps where it is atomic
  deregister(g, 0);   // loop = 0: never reaches the sleep
  spin_unlock(&g->lock);
}

void revoke(struct guc *g) {
  spin_lock(&g->lock);
  deregister(g, 1);
  spin_unlock(&g->lock);
}

void start(struct guc *g) { tested_then_locked(g); }
