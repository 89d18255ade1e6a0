// A user model file (ModelFiles option) adds a driver's own primitives.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --option ModelFiles=%S/Inputs/driver-model.yaml --check-suffixes=MODEL -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/spinlock.h>

void hw_sem_take(volatile unsigned int *sem);
void hw_sem_give(volatile unsigned int *sem);
#define fw_lock() hw_sem_take((volatile unsigned int *)0x1000)
int fw_wait_ready(void);
void *drv_alloc(gfp_t gfp);

struct hw {
  volatile unsigned int sem;
  void *buf;
};

void talk_to_firmware(struct hw *h) {
  hw_sem_take(&h->sem);
  fw_wait_ready();
  // CHECK-NOTES-MODEL: :[[@LINE-1]]:3: warning: 'fw_wait_ready' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-MODEL: :[[@LINE-3]]:3: note: hardware semaphore 'h->sem' taken here
  h->buf = drv_alloc(GFP_KERNEL);
  // CHECK-NOTES-MODEL: :[[@LINE-1]]:12: warning: 'drv_alloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-MODEL: :[[@LINE-6]]:3: note: hardware semaphore 'h->sem' taken here
  hw_sem_give(&h->sem);
  fw_wait_ready();
}

void macro_primitive(struct hw *h) {
  fw_lock();
  h->buf = drv_alloc(GFP_ATOMIC);
  fw_wait_ready();
  // CHECK-NOTES-MODEL: :[[@LINE-1]]:3: warning: 'fw_wait_ready' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-MODEL: :[[@LINE-4]]:3: note: spin lock acquired here
}
