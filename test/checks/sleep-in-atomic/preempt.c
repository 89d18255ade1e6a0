// preempt_disable and get_cpu/put_cpu, with and without CONFIG_PREEMPT_COUNT
// (without it, preempt_disable() expands to nothing but barrier()).
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc -DCONFIG_PREEMPT_COUNT
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/smp.h>

void *percpu_alloc(void) {
  void *p;
  preempt_disable();
  p = kmalloc(64, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: preemption disabled here
  preempt_enable();
  return p;
}

int cpu_stats(int *stats) {
  int cpu = get_cpu();
  usleep_range(10, 20);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'usleep_range' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: preemption disabled here
  stats[cpu]++;
  put_cpu();
  msleep(1);
  return cpu;
}
