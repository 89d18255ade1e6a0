// Negatives: the lock is dropped around the allocation, in one function, and
// relocked only on an error path before a goto.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/spinlock.h>

struct pool {
  spinlock_t lock;
  struct list_head free;
  int nr;
};

struct item {
  struct list_head node;
};

int pool_grow(struct pool *p) {
  struct item *it;
  spin_lock(&p->lock);
  while (p->nr < 16) {
    spin_unlock(&p->lock);
    it = kzalloc(sizeof(*it), GFP_KERNEL);
    spin_lock(&p->lock);
    if (!it)
      break;
    p->nr++;
  }
  spin_unlock(&p->lock);
  return p->nr;
}

int pool_add(struct pool *p, unsigned long flags) {
  struct item *it;
  int err = 0;
  spin_lock_irqsave(&p->lock, flags);
  if (p->nr > 100) {
    err = -EBUSY;
    goto unlock;
  }
  spin_unlock_irqrestore(&p->lock, flags);

  it = kzalloc(sizeof(*it), GFP_KERNEL);
  if (!it) {
    spin_lock_irqsave(&p->lock, flags);
    err = -ENOMEM;
    goto unlock;
  }
  spin_lock_irqsave(&p->lock, flags);
  p->nr++;
unlock:
  spin_unlock_irqrestore(&p->lock, flags);
  return err;
}
