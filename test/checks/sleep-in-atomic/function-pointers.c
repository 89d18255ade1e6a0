// Calls through function pointers: a call made while a context is held
// reaches every function stored where the pointer is loaded from, keyed by
// the layers of types it was stored through (IndirectCalls.h).  One
// possible target decides; several make the finding low confidence.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=,LOW --option MinConfidence=low -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct ring;

// An ops table two screens up, installed by pointer: `.refill` is the only
// function stored in ring_ops.refill.
struct ring_ops {
  int (*refill)(struct ring *r);
  void (*kick)(struct ring *r);
  void *(*alloc)(struct ring *r, gfp_t gfp);
};

struct ring {
  spinlock_t lock;
  const struct ring_ops *ops;
  void *buf;
};

static int ring_refill(struct ring *r) {
  r->buf = kzalloc(64, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+11]]:13: note: 'ring_refill' is stored here where 'r->ops->refill' is loaded from
  // CHECK-NOTES: :[[@LINE+17]]:3: note: called through 'r->ops->refill' from 'ring_poll' here
  // CHECK-NOTES: :[[@LINE+15]]:3: note: spin lock 'r->lock' acquired here
  return r->buf ? 0 : -12;
}

static void ring_kick(struct ring *r) { } // negative: does not sleep

static void *ring_alloc(struct ring *r, gfp_t gfp) { return kmalloc(32, gfp); }

static const struct ring_ops ring_ops = {
  .refill = ring_refill,
  .kick = ring_kick,
  .alloc = ring_alloc,
};

void ring_poll(struct ring *r) {
  spin_lock(&r->lock);
  r->ops->refill(r);
  r->ops->kick(r);
  r->buf = r->ops->alloc(r, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'ring_alloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-9]]:12: note: 'ring_alloc' is stored here where 'r->ops->alloc' is loaded from
  // CHECK-NOTES: :[[@LINE-15]]:61: note: 'ring_alloc' passes its gfp flags to 'kmalloc' here
  // CHECK-NOTES: :[[@LINE-7]]:3: note: spin lock 'r->lock' acquired here
  r->buf = r->ops->alloc(r, GFP_ATOMIC); // negative: the flags passed do not block
  spin_unlock(&r->lock);
  r->ops->refill(r); // negative: not atomic
}

void ring_setup(struct ring *r) { r->ops = &ring_ops; }

// Two layers: the same ops type embedded in two device types.  Only what
// is stored through fast_dev.o is reached from a call through it.
struct link_ops {
  void (*reset)(void *p);
};
struct fast_dev { spinlock_t lock; struct link_ops o; };
struct slow_dev { struct mutex lock; struct link_ops o; };

static void fast_reset(void *p) { udelay(1); } // does not sleep
static void slow_reset(void *p) { msleep(10); } // negative: slow_dev.o only

static struct fast_dev fast = { .o = { .reset = fast_reset } };
static struct slow_dev slow = { .o = { .reset = slow_reset } };

void fast_restart(struct fast_dev *d) {
  spin_lock(&d->lock);
  d->o.reset(d);
  spin_unlock(&d->lock);
}

void slow_restart(struct slow_dev *d) {
  mutex_lock(&d->lock);
  d->o.reset(d);
  mutex_unlock(&d->lock);
}

// A dispatch array: two handlers, one sleeps - the one called is not
// known: low confidence.
typedef void (*cmd_fn)(int arg);
static void cmd_nop(int arg) { }
static void cmd_wait(int arg) { msleep(arg); }
// CHECK-NOTES-LOW: :[[@LINE-1]]:33: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES-LOW: :[[@LINE+4]]:46: note: 'cmd_wait' is stored here where 'cmd_table[op & 1]' is loaded from
// CHECK-NOTES-LOW: :[[@LINE+8]]:3: note: called through 'cmd_table[op & 1]' from 'cmd_run' here
// CHECK-NOTES-LOW: :[[@LINE+6]]:3: note: spin lock 'cmd_lock' acquired here
// CHECK-NOTES-LOW: :[[@LINE-5]]:33: note: low confidence: it is called through 'cmd_table[op & 1]', which may hold any of 2 functions
static const cmd_fn cmd_table[] = { cmd_nop, cmd_wait };
static DEFINE_SPINLOCK(cmd_lock);

void cmd_run(unsigned int op, int arg) {
  spin_lock(&cmd_lock);
  cmd_table[op & 1](arg);
  spin_unlock(&cmd_lock);
}

// A plain variable, set at run time.
static void (*panic_hook)(void);
static void hook_flush(void) { mutex_lock(NULL); }
// CHECK-NOTES: :[[@LINE-1]]:32: warning: 'mutex_lock' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE+3]]:38: note: 'hook_flush' is stored here where 'panic_hook' is loaded from
// CHECK-NOTES: :[[@LINE+6]]:3: note: called through 'panic_hook' from 'hook_fire' here
// CHECK-NOTES: :[[@LINE+4]]:3: note: interrupts disabled here
void hook_install(void) { panic_hook = hook_flush; }
void hook_fire(void) {
  unsigned long flags;
  local_irq_save(flags);
  panic_hook();
  local_irq_restore(flags);
}

// A function handed to a registration function that stores it.
struct notif { spinlock_t lock; void (*cb)(struct notif *n); };
static void notif_set(struct notif *n, void (*cb)(struct notif *)) { n->cb = cb; }
static void notif_cb(struct notif *n) { kmalloc(8, GFP_KERNEL); }
// CHECK-NOTES: :[[@LINE-1]]:41: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE+3]]:49: note: 'notif_cb' is stored here where 'n->cb' is loaded from
// CHECK-NOTES: :[[@LINE+5]]:3: note: called through 'n->cb' from 'notif_fire' here
// CHECK-NOTES: :[[@LINE+3]]:3: note: spin lock 'n->lock' acquired here
void notif_init(struct notif *n) { notif_set(n, notif_cb); }
void notif_fire(struct notif *n) {
  spin_lock(&n->lock);
  n->cb(n);
  spin_unlock(&n->lock);
}

// Escaping through void *: nothing is stored under the layers of
// esc->run, so the functions of its type whose address escaped are the
// last resort.
struct esc { spinlock_t lock; long (*run)(struct esc *e, long x); };
static long esc_work(struct esc *e, long x) { msleep(x); return 0; }
// CHECK-NOTES-LOW: :[[@LINE-1]]:47: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES-LOW: :[[@LINE+4]]:33: note: 'esc_work' has the type of 'e->run' and its address escapes here
// CHECK-NOTES-LOW: :[[@LINE+6]]:3: note: called through 'e->run' from 'esc_call' here
// CHECK-NOTES-LOW: :[[@LINE+4]]:3: note: spin lock 'e->lock' acquired here
// CHECK-NOTES-LOW: :[[@LINE-5]]:47: note: low confidence: nothing is stored where 'e->run' is loaded from; it was matched by its type to 1 function whose address escaped
void *esc_cookie(void) { return (void *)esc_work; }
void esc_call(struct esc *e) {
  spin_lock(&e->lock);
  e->run(e, 1);
  spin_unlock(&e->lock);
}

// A pointer copied into a local first, the way callbacks are read under a
// lock (`fn = READ_ONCE(d->cb); if (fn) fn(d);`): the call is through what
// the local was copied from.  A local given two different pointers stands
// for neither.
struct evt_ops { void (*on_event)(void *ctx); void (*on_idle)(void *ctx); };
struct evt { spinlock_t lock; const struct evt_ops *ops; void *ctx; };
static void evt_log(void *ctx) { kfree(kmalloc(16, GFP_KERNEL)); }
// CHECK-NOTES: :[[@LINE-1]]:40: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE+4]]:52: note: 'evt_log' is stored here where 'e->ops->on_event' is loaded from
// CHECK-NOTES: :[[@LINE+10]]:5: note: called through 'e->ops->on_event' from 'evt_fire' here
// CHECK-NOTES: :[[@LINE+7]]:3: note: spin lock 'e->lock' acquired here
static void evt_nap(void *ctx) { msleep(1); }
static const struct evt_ops evt_ops = {.on_event = evt_log, .on_idle = evt_nap};
void evt_attach(struct evt *e) { e->ops = &evt_ops; }
void evt_fire(struct evt *e, int idle) {
  void (*fn)(void *ctx) = READ_ONCE(e->ops->on_event);
  void (*either)(void *ctx);
  spin_lock(&e->lock);
  if (fn)
    fn(e->ctx);
  either = e->ops->on_event;
  if (idle)
    either = e->ops->on_idle;
  either(e->ctx); // negative: not followed
  spin_unlock(&e->lock);
}
