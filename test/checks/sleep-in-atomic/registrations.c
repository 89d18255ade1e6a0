// Functions registered where they run in atomic context, bound by argument
// slot: the hard-IRQ handler of request_irq & co (a threaded IRQ's thread_fn
// runs in task context), timer, hrtimer, tasklet, RCU and NAPI callbacks.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/timer.h>

struct adapter {
  struct device *dev;
  struct timer_list watchdog;
  struct hrtimer coalesce;
  struct tasklet_struct rx_task;
  struct napi_struct napi;
  struct rcu_head rcu;
  struct mutex cfg;
  void *event;
};

static irqreturn_t misc_intr(int irq, void *data) {
  struct adapter *a = data;
  a->event = kzalloc(64, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+36]]:9: note: 'misc_intr' is registered with 'devm_request_threaded_irq' here and runs in hard-IRQ context
  return IRQ_WAKE_THREAD;
}

// The threaded half may sleep.
static irqreturn_t misc_thread(int irq, void *data) {
  struct adapter *a = data;
  mutex_lock(&a->cfg);
  a->event = kzalloc(64, GFP_KERNEL);
  mutex_unlock(&a->cfg);
  return IRQ_HANDLED;
}

static void log_event(struct adapter *a) { msleep(1); }
// CHECK-NOTES: :[[@LINE-1]]:44: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE+4]]:3: note: called from 'legacy_intr' here
// CHECK-NOTES: :[[@LINE+14]]:13: note: 'legacy_intr' is registered with 'request_irq' here and runs in hard-IRQ context

static irqreturn_t legacy_intr(int irq, void *data) {
  log_event(data);
  return IRQ_HANDLED;
}

static irqreturn_t quiet_intr(int irq, void *data) {
  struct adapter *a = data;
  a->event = kzalloc(64, GFP_ATOMIC);
  return IRQ_HANDLED;
}

int setup_irqs(struct adapter *a, int irq) {
  int err = request_irq(irq, legacy_intr, IRQF_SHARED, "legacy", a);
  if (err)
    return err;
  err = request_irq(irq + 1, quiet_intr, 0, "quiet", a);
  if (err)
    return err;
  err = devm_request_threaded_irq(a->dev, irq + 2, misc_intr, misc_thread, IRQF_ONESHOT, "misc", a);
  return err;
}

static void watchdog_fn(struct timer_list *t) {
  struct adapter *a = from_timer(a, t, watchdog);
  mutex_lock(&a->cfg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'mutex_lock' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+31]]:3: note: 'watchdog_fn' is registered with 'timer_setup' here and runs in softirq context
  mutex_unlock(&a->cfg);
}

static enum hrtimer_restart coalesce_fn(struct hrtimer *t) {
  usleep_range(10, 20);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'usleep_range' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+26]]:24: note: 'coalesce_fn' is installed as 'hrtimer.function' here and runs in hard-IRQ context
  return HRTIMER_NORESTART;
}

static void rx_task_fn(struct tasklet_struct *t) {
  void *p = kmalloc(128, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+20]]:3: note: 'rx_task_fn' is registered with 'tasklet_setup' here and runs in softirq context
  kfree(p);
}

static void free_rcu(struct rcu_head *h) { synchronize_rcu(); }
// CHECK-NOTES: :[[@LINE-1]]:44: warning: 'synchronize_rcu' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE+16]]:3: note: 'free_rcu' is registered with 'call_rcu' here and runs in softirq context

static int poll_fn(struct napi_struct *napi, int budget) {
  struct sk_buff *skb = alloc_skb(1500, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: 'alloc_skb' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+10]]:3: note: 'poll_fn' is registered with 'netif_napi_add' here and runs in softirq context
  kfree_skb(skb);
  return 0;
}

void setup_deferred(struct adapter *a, struct net_device *nd) {
  timer_setup(&a->watchdog, watchdog_fn, 0);
  hrtimer_init(&a->coalesce, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
  a->coalesce.function = coalesce_fn;
  tasklet_setup(&a->rx_task, rx_task_fn);
  netif_napi_add(nd, &a->napi, poll_fn);
  call_rcu(&a->rcu, free_rcu);
}
