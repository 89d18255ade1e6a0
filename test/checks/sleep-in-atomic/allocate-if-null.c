// Lazy initialisation - `if (dev->absinfo) return; dev->absinfo = kcalloc()`,
// `if (!dev->keys) dev->keys = kzalloc()` - allocates on the first call only,
// which atomic callers rarely are (the input core sets absinfo up before
// events flow): low confidence, shown with MinConfidence=low and why.  The
// real twin allocates on every call under the lock.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=LOW --option MinConfidence=low -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/spinlock.h>

struct input_absinfo { int v; };
struct input_dev { spinlock_t event_lock; struct input_absinfo *absinfo; void *keys; int n; };

static void input_alloc_absinfo(struct input_dev *dev) {
  if (dev->absinfo)
    return;
  dev->absinfo = kcalloc(64, sizeof(*dev->absinfo), GFP_KERNEL);
  // CHECK-NOTES-LOW: :[[@LINE-1]]:18: warning: 'kcalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-LOW: :{{[0-9]+}}:3: note: called from 'input_set_abs' here
  // CHECK-NOTES-LOW: :{{[0-9]+}}:3: note: spin lock 'dev->event_lock' acquired here
  // CHECK-NOTES-LOW: :[[@LINE-4]]:18: note: low confidence: it allocates only while 'dev->absinfo' is not set up yet (lazy initialisation)
}

static void *get_keys(struct input_dev *dev) {
  if (!dev->keys)
    dev->keys = kzalloc(128, GFP_KERNEL);
  // CHECK-NOTES-LOW: :[[@LINE-1]]:17: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-LOW: :{{[0-9]+}}:3: note: called from 'input_set_abs' here
  // CHECK-NOTES-LOW: :{{[0-9]+}}:3: note: spin lock 'dev->event_lock' acquired here
  // CHECK-NOTES-LOW: :[[@LINE-4]]:17: note: low confidence: it allocates only while 'dev->keys' is not set up yet (lazy initialisation)
  return dev->keys;
}

void input_set_abs(struct input_dev *dev, int v) {
  spin_lock(&dev->event_lock);
  input_alloc_absinfo(dev);
  dev->absinfo[0].v = v;
  get_keys(dev);
  spin_unlock(&dev->event_lock);
}

static void refill(struct input_dev *dev) {
  dev->keys = kzalloc(128, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :{{[0-9]+}}:3: note: called from 'input_reset' here
  // CHECK-NOTES: :{{[0-9]+}}:3: note: spin lock 'dev->event_lock' acquired here
}

void input_reset(struct input_dev *dev) {
  spin_lock(&dev->event_lock);
  refill(dev);
  spin_unlock(&dev->event_lock);
}
