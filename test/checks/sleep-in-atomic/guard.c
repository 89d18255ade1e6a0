// Scope-based guards (guard() and scoped_guard(), Linux 6.5+): variables with
// a cleanup attribute whose constructor takes the lock and whose destructor,
// run on every exit from the scope, releases it.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc -DAF_NEWER_KERNEL
// The destructor releases only if the lock pointer is set; that still ends the
// guard under the "may" rule:
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --option JoinRule=may -- -I%kernel_inc -DAF_NEWER_KERNEL
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct ctx {
  spinlock_t lock;
  void *buf;
  int n;
};

int with_guard(struct ctx *c) {
  guard(spinlock)(&c->lock);
  c->buf = kmalloc(c->n, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock acquired here (inside 'class_spinlock_constructor')
  if (!c->buf)
    return -ENOMEM;
  return 0;
}

void with_scoped_guard(struct ctx *c) {
  scoped_guard(spinlock_irqsave, &c->lock) {
    c->n++;
    c->buf = kzalloc(c->n, GFP_KERNEL);
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: spin lock acquired here (inside 'class_spinlock_irqsave_constructor')
  }
  // Negative: the guard was released at the end of its scope.
  c->buf = kzalloc(c->n, GFP_KERNEL);
}

void guard_in_inner_scope(struct ctx *c) {
  {
    guard(spinlock_bh)(&c->lock);
    c->n = 0;
  }
  c->buf = kmalloc(16, GFP_KERNEL); // negative
}

// A guard's cleanup call and a call through a pointer in the same function:
// the cleanup is an operation with no place in the function's table (it once
// looked up the targets of a pointer call under the map's empty key and
// crashed on sound/pci/hda/hda_codec.c).
struct ctx_ops {
  void *(*get)(struct ctx *c);
};

static void *ctx_get(struct ctx *c) { return kmalloc(c->n, GFP_KERNEL); }
// CHECK-NOTES: :[[@LINE-1]]:46: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]

static const struct ctx_ops ctx_ops = {.get = ctx_get};
// CHECK-NOTES: :[[@LINE-1]]:47: note: 'ctx_get' is stored here where 'ops->get' is loaded from

void guard_and_pointer(struct ctx *c, const struct ctx_ops *ops) {
  guard(spinlock)(&c->lock);
  c->buf = ops->get(c);
  // CHECK-NOTES: :[[@LINE-1]]:12: note: called through 'ops->get' from 'guard_and_pointer' here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: spin lock acquired here (inside 'class_spinlock_constructor')
}
