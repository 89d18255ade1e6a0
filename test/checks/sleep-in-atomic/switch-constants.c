// A constant argument that selects a switch case: only that case runs in the
// caller's context (a constant event code that does not reach the sleeping
// case is no finding); the default runs for every other value.  Each false
// positive has a real twin whose constant takes the sleeping case.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/spinlock.h>

struct hw { spinlock_t lock; int state; };

enum hw_event { HW_EV_LINK, HW_EV_RESET, HW_EV_STATS };

static void hw_event(struct hw *h, int ev) {
  switch (ev) {
  case HW_EV_LINK:
    h->state = 1;
    break;
  case HW_EV_RESET:
    msleep(10);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES: :[[@LINE+16]]:3: note: called from 'hw_reset_locked' here
    // CHECK-NOTES: :[[@LINE+14]]:3: note: spin lock 'h->lock' acquired here
    break;
  default:
    h->state = 0;
  }
}

void hw_link_irq(struct hw *h) {
  spin_lock(&h->lock);
  hw_event(h, HW_EV_LINK);
  spin_unlock(&h->lock);
}

void hw_reset_locked(struct hw *h) {
  spin_lock(&h->lock);
  hw_event(h, HW_EV_RESET);
  spin_unlock(&h->lock);
}

static void hw_poll(struct hw *h, int ev) {
  switch (ev) {
  case HW_EV_LINK:
  case HW_EV_STATS:
    h->state = 2;
    break;
  default:
    msleep(1);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES: :[[@LINE+13]]:3: note: called from 'hw_poll_other' here
    // CHECK-NOTES: :[[@LINE+11]]:3: note: spin lock 'h->lock' acquired here
  }
}

void hw_poll_stats(struct hw *h) {
  spin_lock(&h->lock);
  hw_poll(h, HW_EV_STATS);
  spin_unlock(&h->lock);
}

void hw_poll_other(struct hw *h) {
  spin_lock(&h->lock);
  hw_poll(h, HW_EV_RESET);
  spin_unlock(&h->lock);
}
