// A callee defined in a header sleeps: headers are not reported, so the call
// in the main file is, with a note inside the header function.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc -I%S/Inputs
#include "hw_helpers.h"
#include <linux/spinlock.h>

struct hw {
  spinlock_t lock;
  void *buf;
};

void hw_reset(struct hw *h) {
  spin_lock(&h->lock);
  hw_settle();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'hw_settle' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: hw_helpers.h:6:38: note: 'hw_settle' may sleep: 'msleep' here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: spin lock 'h->lock' acquired here
  h->buf = hw_buf();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'hw_buf' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: hw_helpers.h:7:43: note: 'hw_buf' may sleep: 'kzalloc' with GFP_KERNEL here
  // CHECK-NOTES: :[[@LINE-8]]:3: note: spin lock 'h->lock' acquired here
  h->buf = hw_buf_atomic(); // negative
  spin_unlock(&h->lock);
  hw_settle(); // negative
}
