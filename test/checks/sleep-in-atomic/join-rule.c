// Held on one path only.  By default (JoinRule=must) only calls where every
// path holds the lock are reported; JoinRule=may finds these too, as low
// confidence findings (shown with MinConfidence=low), saying so.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --option JoinRule=may -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=MAY --option JoinRule=may --option MinConfidence=low -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/spinlock.h>

struct st {
  spinlock_t lock;
  void *p;
};

void conditional_lock(struct st *s, int locked) {
  if (locked)
    spin_lock(&s->lock);
  s->p = kmalloc(16, GFP_KERNEL);
  // CHECK-NOTES-MAY: :[[@LINE-1]]:10: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context (held on some paths only) [allocflags-sleep-in-atomic]
  // CHECK-NOTES-MAY: :[[@LINE-3]]:5: note: spin lock 's->lock' acquired here
  // CHECK-NOTES-MAY: :[[@LINE-3]]:10: note: low confidence: the atomic context is held on some paths only
  if (locked)
    spin_unlock(&s->lock);
}

void every_path(struct st *s, int fast) {
  if (fast)
    spin_lock(&s->lock);
  else
    spin_lock(&s->lock);
  s->p = kmalloc(16, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-5]]:5: note: spin lock 's->lock' acquired here
  spin_unlock(&s->lock);
}
