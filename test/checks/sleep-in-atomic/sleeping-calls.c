// Model-listed sleeping functions and always-sleeping allocators.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc -DCONFIG_DEBUG_ATOMIC_SLEEP -DCONFIG_DEBUG_LOCK_ALLOC -DAF_NEWER_KERNEL
#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

struct dev {
  spinlock_t lock;
  struct mutex cfg_lock;
  void *big;
  char cfg[64];
};

long dev_ioctl(struct dev *d, const void __user *arg) {
  long ret = 0;
  spin_lock(&d->lock);
  might_sleep();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'might_sleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  if (copy_from_user(d->cfg, arg, sizeof(d->cfg)))
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'copy_from_user' may sleep in atomic context [allocflags-sleep-in-atomic]
    ret = -EINVAL;
  mutex_lock(&d->cfg_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mutex_lock' may sleep in atomic context [allocflags-sleep-in-atomic]
  mutex_unlock(&d->cfg_lock);
  d->big = vmalloc(1 << 20);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'vmalloc' may sleep in atomic context [allocflags-sleep-in-atomic]
  d->big = __vmalloc(1 << 20, GFP_ATOMIC);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: '__vmalloc' may sleep in atomic context [allocflags-sleep-in-atomic]
  msleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  synchronize_rcu();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'synchronize_rcu' may sleep in atomic context [allocflags-sleep-in-atomic]
  cond_resched();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cond_resched' may sleep in atomic context [allocflags-sleep-in-atomic]
  spin_unlock(&d->lock);

  // Negative: all of it is fine outside the lock.
  might_sleep();
  mutex_lock(&d->cfg_lock);
  d->big = vmalloc(1 << 20);
  msleep(1);
  mutex_unlock(&d->cfg_lock);
  return ret;
}
