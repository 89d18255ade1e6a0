// Constant arguments decide the callee's branches: a helper called under a
// lock with a value that steers away from its sleep is not reported; the
// same helper called with the value that sleeps is, naming that caller.
// Truth tests, `==`/`!=` against a constant, bit tests, early returns, and
// a value passed on through a parameter of the caller.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#define F_WAIT 0x4
#define F_QUIET 0x8
#define F_NB 0x10

struct hw {
  spinlock_t lock;
  int state;
};

static void sync_cmd(struct hw *h, bool wait) {
  h->state = 1;
  if (wait)
    msleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+30]]:3: note: called from 'cmd_waiting' here
  // CHECK-NOTES: :[[@LINE+28]]:3: note: spin lock 'h->lock' acquired here
}

static void mode_cmd(struct hw *h, int mode) {
  if (mode != 3)
    return;
  msleep(2);
}

static void flag_cmd(struct hw *h, unsigned int flags) {
  if (flags & F_WAIT)
    msleep(3);
  h->state = 0;
}

static void relay(struct hw *h, unsigned int flags) { flag_cmd(h, flags); }

void cmd_nowait(struct hw *h) {
  spin_lock(&h->lock);
  sync_cmd(h, false);
  mode_cmd(h, 1);
  mode_cmd(h, 2);
  flag_cmd(h, F_QUIET);
  relay(h, F_QUIET);
  spin_unlock(&h->lock);
}

void cmd_waiting(struct hw *h) {
  spin_lock(&h->lock);
  sync_cmd(h, true);
  spin_unlock(&h->lock);
}

// A bit known set in a value that is otherwise not known.
static void nb_cmd(struct hw *h, unsigned int flags) {
  if (flags & F_NB)
    return;
  msleep(4);
}

void cmd_bits(struct hw *h) {
  spin_lock(&h->lock);
  nb_cmd(h, h->state | F_NB);
  spin_unlock(&h->lock);
}

// A pointer parameter tested against null: an address is never null.
struct pending {
  struct pending *next;
};

static void unqueue(struct hw *h, struct pending *batch) {
  if (batch) {
    batch->next = 0;
    return;
  }
  msleep(6);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+13]]:3: note: called from 'cmd_unqueue_now' here
  // CHECK-NOTES: :[[@LINE+11]]:3: note: spin lock 'h->lock' acquired here
}

void cmd_unqueue_batched(struct hw *h) {
  struct pending batch;
  spin_lock(&h->lock);
  unqueue(h, &batch);
  spin_unlock(&h->lock);
}

void cmd_unqueue_now(struct hw *h) {
  spin_lock(&h->lock);
  unqueue(h, 0);
  spin_unlock(&h->lock);
}

// Not atomic: every value is fine here.
void cmd_process(struct hw *h) {
  sync_cmd(h, true);
  mode_cmd(h, 3);
  flag_cmd(h, F_WAIT);
}
