// never_sleeps (model): functions with sleeping paths their callers never
// take.  kfree_rcu(p, head) queues the object and never sleeps; the
// one-argument kfree_rcu(p) may wait for a grace period.  panic() may be
// called from any context.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct entry {
  struct rcu_head rcu;
  int key;
};

// The RCU core's body, as kernel/rcu/tree.c has it: it sleeps without a head.
void kvfree_call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head)) {
  if (!head)
    msleep(1); // negative: never_sleeps - the model decides, not the body
}

static DEFINE_SPINLOCK(table_lock);

void drop_entry(struct entry *e) {
  spin_lock(&table_lock);
  kfree_rcu(e, rcu); // negative: queued by its rcu_head
  spin_unlock(&table_lock);
}

void drop_headless(struct entry *e) {
  spin_lock(&table_lock);
  kfree_rcu(e);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kvfree_rcu_arg_1' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock 'table_lock' acquired here
  spin_unlock(&table_lock);
}

void check_entry(struct entry *e) {
  spin_lock(&table_lock);
  if (e->key < 0)
    panic("bad entry %d", e->key); // negative: panic may be called anywhere
  spin_unlock(&table_lock);
}

// panic()'s own body is not judged either: the console code it calls with
// preemption off is steered off sleeping by oops_in_progress.  The real twin
// is any other function doing the same.
void console_flush_all(void) { msleep(1); }
// CHECK-NOTES: :[[@LINE-1]]:32: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE+10]]:3: note: called from 'dump_state' here
// CHECK-NOTES: :[[@LINE+8]]:3: note: preemption disabled here
void panic(const char *fmt, ...) {
  preempt_disable();
  console_flush_all(); // negative: inside panic()
  for (;;)
    ;
}
void dump_state(void) {
  preempt_disable();
  console_flush_all();
  preempt_enable();
}

// printk() is callable from any context: in atomic context the console is
// only trylocked.  Its body as allocflags would see it takes the console
// lock (a sleeping path process-context callers take).
int vprintk_emit(int facility, int level, const char *fmt) {
  msleep(1); // negative: never_sleeps (console_lock() for process context)
  return 0;
}
void log_under_lock(spinlock_t *l) {
  spin_lock(l);
  vprintk_emit(0, 4, "reset");
  spin_unlock(l);
}

// The oops path: die() disables interrupts (oops_begin) and ends with
// bust_spinlocks(0), which unblanks the console while oops_in_progress is
// still raised - console_unblank() only trylocks then.  Its console_lock()
// branch is for callers outside an oops, which the real twin is.
int oops_in_progress;
void console_lock(void) { msleep(1); }
// CHECK-NOTES: :[[@LINE-1]]:27: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE+18]]:5: note: called from 'console_unblank' here
// CHECK-NOTES: :[[@LINE+32]]:3: note: called from 'unblank_under_lock' here
// CHECK-NOTES: :[[@LINE+30]]:3: note: spin lock 'table_lock' acquired here
int console_trylock(void);
void console_unlock(void); void console_unblank(void);
void bust_spinlocks(int yes) {
  if (yes) {
    ++oops_in_progress;
  } else {
    console_unblank(); // negative: never_sleeps - oops_in_progress is raised here
    --oops_in_progress;
  }
}
void console_unblank(void) {
  if (oops_in_progress) {
    if (!console_trylock())
      return;
  } else
    console_lock();
  console_unlock();
}
void oops_end(unsigned long flags) {
  bust_spinlocks(0); // negative: the oops path never sleeps
  local_irq_restore(flags);
}
void die(void) {
  unsigned long flags;
  local_irq_save(flags);
  bust_spinlocks(1);
  oops_end(flags);
}
void unblank_under_lock(void) {
  spin_lock(&table_lock);
  console_unblank();
  spin_unlock(&table_lock);
}
