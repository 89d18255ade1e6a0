// NOLINT comments silence a finding in both front ends.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/spinlock.h>

struct s {
  spinlock_t lock;
  void *p;
};

void silenced(struct s *x) {
  spin_lock(&x->lock);
  x->p = kmalloc(8, GFP_KERNEL); // NOLINT(allocflags-sleep-in-atomic)
  // NOLINTNEXTLINE(allocflags-*)
  x->p = kmalloc(8, GFP_KERNEL);
  // NOLINTBEGIN(allocflags-sleep-in-atomic)
  x->p = kmalloc(8, GFP_KERNEL);
  // NOLINTEND(allocflags-sleep-in-atomic)
  x->p = kmalloc(8, GFP_KERNEL); // NOLINT(some-other-check)
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  spin_unlock(&x->lock);
}
