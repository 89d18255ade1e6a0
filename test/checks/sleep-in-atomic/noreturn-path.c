// A path that ends in BUG() or panic() never returns to the caller: what a
// callee holds there is no effect of the call.  net/packet/af_packet.c:
// __unregister_prot_hook() drops the caller's bind_lock around
// synchronize_net(), after __fanout_unlink(), whose BUG_ON() fires with the
// fanout lock held; that path used to leave a "maybe held" lock behind, which
// the unlock of bind_lock then released instead of the caller's.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/bug.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>

struct fanout {
  spinlock_t lock;
  int members;
};
struct psock {
  spinlock_t bind_lock;
  struct fanout *fanout;
};

static void fanout_unlink(struct psock *po) {
  struct fanout *f = po->fanout;
  spin_lock(&f->lock);
  BUG_ON(f->members <= 0);
  f->members--;
  spin_unlock(&f->lock);
}

static void unregister_hook(struct psock *po, bool sync) {
  if (po->fanout)
    fanout_unlink(po);
  if (sync) {
    spin_unlock(&po->bind_lock);
    msleep(1);
    spin_lock(&po->bind_lock);
  }
}

void do_bind(struct psock *po) {
  spin_lock(&po->bind_lock);
  unregister_hook(po, true); // negative: the lock is dropped around msleep()
  spin_unlock(&po->bind_lock);
}

// A helper that checks, then takes the lock, returns holding it on every path
// that returns: what follows runs under the lock.
static void lock_checked(struct psock *po) {
  if (!po->fanout)
    panic("no fanout");
  spin_lock(&po->bind_lock);
}

void wait_locked(struct psock *po) {
  lock_checked(po);
  msleep(1);
  spin_unlock(&po->bind_lock);
}
// CHECK-NOTES: :[[@LINE-3]]:3: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE-5]]:3: note: spin lock 'po->bind_lock' acquired here
