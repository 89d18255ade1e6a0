// A function passed to a callee that calls that parameter (an iterator's
// callback) runs in the context of the call.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/spinlock.h>

struct table {
  spinlock_t lock;
  int offsets[16];
};

static int for_each_offset(struct table *t, int (*fn)(struct table *, int, void *), void *data) {
  for (int i = 0; i < 16; i++)
    if (fn(t, t->offsets[i], data))
      return 1;
  return 0;
}

static int collect(struct table *t, int off, void *data) {
  void **slot = data;
  *slot = kmalloc(16, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+12]]:3: note: called back by 'for_each_offset' from 'dump' here
  // CHECK-NOTES: :[[@LINE+10]]:3: note: spin lock 't->lock' acquired here
  return 0;
}

static int count(struct table *t, int off, void *data) {
  (*(int *)data)++;
  return 0;
}

void dump(struct table *t, void **out, int *n) {
  spin_lock_bh(&t->lock);
  for_each_offset(t, collect, out);
  for_each_offset(t, count, n); // negative: does not sleep
  spin_unlock_bh(&t->lock);
}

void dump_unlocked(struct table *t, void **out) {
  for_each_offset(t, collect, out); // negative: not atomic
}
