// spin_lock_irqsave/irqrestore (macros in 6.1) and spin_lock_irq.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc -DAF_NEWER_KERNEL
#include <linux/slab.h>
#include <linux/spinlock.h>

struct hr_dev {
  spinlock_t dip_list_lock;
  struct list_head dip_list;
};

struct hr_dip {
  struct list_head node;
  int idx;
};

int get_dip_ctx_idx(struct hr_dev *hr_dev, int idx) {
  struct hr_dip *hr_dip;
  unsigned long flags;
  int ret = 0;

  spin_lock_irqsave(&hr_dev->dip_list_lock, flags);
  hr_dip = kzalloc(sizeof(*hr_dip), GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock 'hr_dev->dip_list_lock' acquired here
  if (!hr_dip) {
    ret = -ENOMEM;
    goto out;
  }
  hr_dip->idx = idx;
out:
  spin_unlock_irqrestore(&hr_dev->dip_list_lock, flags);
  return ret;
}

void irq_variant(struct hr_dev *hr_dev, void **out) {
  spin_lock_irq(&hr_dev->dip_list_lock);
  *out = kmalloc(32, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock 'hr_dev->dip_list_lock' acquired here
  spin_unlock_irq(&hr_dev->dip_list_lock);
}

// Negative: the allocation comes after spin_unlock_irqrestore.
int alloc_after_restore(struct hr_dev *hr_dev, struct hr_dip **out) {
  unsigned long flags;
  int found = 0;
  spin_lock_irqsave(&hr_dev->dip_list_lock, flags);
  found = hr_dev->dip_list.next != &hr_dev->dip_list;
  spin_unlock_irqrestore(&hr_dev->dip_list_lock, flags);
  if (!found)
    *out = kzalloc(sizeof(**out), GFP_KERNEL);
  return found;
}

// Negative: GFP_ATOMIC under the lock.
struct hr_dip *atomic_alloc(struct hr_dev *hr_dev) {
  unsigned long flags;
  struct hr_dip *d;
  spin_lock_irqsave(&hr_dev->dip_list_lock, flags);
  d = kzalloc(sizeof(*d), GFP_ATOMIC);
  spin_unlock_irqrestore(&hr_dev->dip_list_lock, flags);
  return d;
}

// Mismatched pair, as real drivers do: the spin lock goes, interrupts stay off.
void mismatched_pair(struct hr_dev *hr_dev, void **out) {
  unsigned long flags;
  spin_lock_irqsave(&hr_dev->dip_list_lock, flags);
  spin_unlock(&hr_dev->dip_list_lock);
  *out = kmalloc(8, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: interrupts disabled here
  local_irq_restore(flags);
  *out = kmalloc(8, GFP_KERNEL);
}
