// A release path runs only when the last reference is dropped, which a caller
// under a lock usually knows it does not do (the table holds its own
// reference): a sleep there is a low-confidence finding, shown with
// MinConfidence=low and saying why.  The real twin releases unconditionally
// under the lock.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=LOW --option MinConfidence=low -- -I%kernel_inc
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct obj {
  refcount_t ref;
  void *data;
};

struct table {
  spinlock_t lock;
  struct obj *slot[16];
};

static void obj_release(struct obj *o) {
  synchronize_rcu(); /* readers of o->data are gone */
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'synchronize_rcu' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+27]]:3: note: called from 'table_destroy_slot' here
  // CHECK-NOTES: :[[@LINE+25]]:3: note: spin lock 't->lock' acquired here
  kfree(o->data);
  kfree(o);
}

static void obj_put(struct obj *o) {
  if (refcount_dec_and_test(&o->ref))
    obj_release(o);
}

static void obj_put_early_return(struct obj *o) {
  if (!refcount_dec_and_test(&o->ref))
    return;
  obj_release(o);
}

void table_clear_slot(struct table *t, int i) {
  spin_lock(&t->lock);
  obj_put(t->slot[i]);
  t->slot[i] = NULL;
  obj_put_early_return(t->slot[i + 1]);
  spin_unlock(&t->lock);
}

void table_destroy_slot(struct table *t, int i) {
  spin_lock(&t->lock);
  obj_release(t->slot[i]);
  t->slot[i] = NULL;
  spin_unlock(&t->lock);
}

/* Only put under the lock: a low-confidence finding, and why. */
struct conn {
  refcount_t ref;
  void *buf;
};

static void conn_release(struct conn *c) {
  void *b = kmalloc(64, GFP_KERNEL); /* a last message for the peer */
  // CHECK-NOTES-LOW: :[[@LINE-1]]:13: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-LOW: :[[@LINE+11]]:5: note: called from 'conn_put' here
  // CHECK-NOTES-LOW: :[[@LINE+15]]:3: note: called from 'table_drop_conn' here
  // CHECK-NOTES-LOW: :[[@LINE+13]]:3: note: spin lock 't->lock' acquired here
  // CHECK-NOTES-LOW: :[[@LINE-5]]:13: note: low confidence: it sleeps only where the last reference is dropped
  kfree(b);
  kfree(c->buf);
  kfree(c);
}

static void conn_put(struct conn *c) {
  if (refcount_dec_and_test(&c->ref))
    conn_release(c);
}

void table_drop_conn(struct table *t, struct conn *c) {
  spin_lock(&t->lock);
  conn_put(c);
  spin_unlock(&t->lock);
}
