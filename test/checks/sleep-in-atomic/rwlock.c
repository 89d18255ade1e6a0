// read_lock/write_lock (rwlock_t spins) and their irqsave/bh forms.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct table {
  rwlock_t lock;
  void *entries;
};

void reader(struct table *t) {
  read_lock(&t->lock);
  msleep(10);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: read lock 't->lock' acquired here
  read_unlock(&t->lock);
}

void writer(struct table *t) {
  write_lock_bh(&t->lock);
  t->entries = kmalloc(128, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: write lock 't->lock' acquired here
  write_unlock_bh(&t->lock);
  t->entries = kmalloc(128, GFP_KERNEL);
}

void reader_irqsave(struct table *t) {
  unsigned long flags;
  read_lock_irqsave(&t->lock, flags);
  t->entries = kmalloc(128, GFP_USER);
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'kmalloc' with GFP_USER may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: read lock 't->lock' acquired here
  read_unlock_irqrestore(&t->lock, flags);
}
