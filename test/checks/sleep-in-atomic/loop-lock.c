// Locks in loops.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/spinlock.h>

struct stats {
  spinlock_t lock;
  int counters[8];
  void *snap[8];
};

// Negative: the lock is taken and dropped in each iteration; the allocation
// is outside it.
void per_iteration(struct stats *s) {
  for (int i = 0; i < 8; i++) {
    spin_lock(&s->lock);
    s->counters[i]++;
    spin_unlock(&s->lock);
    s->snap[i] = kmalloc(32, GFP_KERNEL);
  }
}

// Held across the loop: every iteration allocates under the lock.
void across_loop(struct stats *s) {
  spin_lock(&s->lock);
  for (int i = 0; i < 8; i++)
    s->snap[i] = kmalloc(32, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: spin lock 's->lock' acquired here
  spin_unlock(&s->lock);
}

// Negative: a loop that exits early with the lock dropped on every path.
int find_and_alloc(struct stats *s, int want) {
  int i;
  spin_lock(&s->lock);
  for (i = 0; i < 8; i++) {
    if (s->counters[i] == want) {
      spin_unlock(&s->lock);
      s->snap[i] = kzalloc(32, GFP_KERNEL);
      return i;
    }
  }
  spin_unlock(&s->lock);
  return -1;
}
