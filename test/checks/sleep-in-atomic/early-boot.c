// Boot code listed under early_boot (start_kernel) runs with interrupts off
// before the scheduler exists: reclaim is masked out, nothing sleeps there.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/irqflags.h>
#include <linux/slab.h>

void *boot_table;

void start_kernel(void) {
  local_irq_disable();
  boot_table = kzalloc(64, GFP_KERNEL); // negative: early boot
  local_irq_enable();
}

// The same code anywhere else is a bug.
void *late_init(void) {
  void *p;
  local_irq_disable();
  p = kzalloc(64, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: interrupts disabled here
  local_irq_enable();
  return p;
}

// rest_init() ends the boot: one CPU, no scheduling yet.
#include <linux/delay.h>
#include <linux/rcupdate.h>
static void pin_to_boot_cpu(void) { msleep(1); }
void rest_init(void) {
  rcu_read_lock();
  pin_to_boot_cpu(); // negative: early boot
  rcu_read_unlock();
}
void pin_later(void) {
  rcu_read_lock();
  pin_to_boot_cpu();
  rcu_read_unlock();
}
// CHECK-NOTES: :[[@LINE-11]]:37: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE-4]]:3: note: called from 'pin_later' here
// CHECK-NOTES: :[[@LINE-6]]:3: note: RCU read-side critical section entered here
