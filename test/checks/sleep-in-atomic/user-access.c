// User accesses sleep only to fault a page in: under pagefault_disable()
// they fail with -EFAULT instead (futex, perf callchains), also in a callee.
// pagefault_disable() alone is not atomic context.  The real twin: the same
// helper called under a spin lock with page faults enabled.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/preempt.h>

struct futex_q { spinlock_t lock; };

static int get_futex_value_locked(u32 *dest, u32 __user *from) {
  int ret;
  pagefault_disable();
  ret = copy_from_user(dest, from, sizeof(u32));
  pagefault_enable();
  return ret ? -14 : 0;
}

int futex_wait_setup(struct futex_q *q, u32 __user *uaddr) {
  u32 uval;
  int ret;
  spin_lock(&q->lock);
  ret = get_futex_value_locked(&uval, uaddr);
  spin_unlock(&q->lock);
  return ret;
}

static int read_user(u32 *dest, u32 __user *from) { return copy_from_user(dest, from, sizeof(u32)) ? -14 : 0; }
// CHECK-NOTES: :[[@LINE-1]]:60: warning: 'copy_from_user' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE+18]]:9: note: called from 'buggy' here
// CHECK-NOTES: :[[@LINE+16]]:3: note: spin lock 'q->lock' acquired here

int callchain_user(struct futex_q *q, u32 __user *uaddr) {
  u32 v;
  int ret;
  preempt_disable();
  pagefault_disable();
  ret = read_user(&v, uaddr);
  pagefault_enable();
  preempt_enable();
  return ret;
}

int buggy(struct futex_q *q, u32 __user *uaddr) {
  u32 v;
  int ret;
  spin_lock(&q->lock);
  ret = read_user(&v, uaddr);
  spin_unlock(&q->lock);
  return ret;
}
