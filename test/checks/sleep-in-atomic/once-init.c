// One-time initialisation: a sleep in the branch of `if (!flag)` that tests
// the flag again under a mutex or sets it (tcp_alloc_md5sig_pool(),
// `if (!dev->inited) { ...; dev->inited = true; }`), or after
// `if (flag) return;` in a block that sets it.  It sleeps until the first
// caller has set things up - process context, before any atomic caller
// comes: a low-confidence finding, shown with MinConfidence=low and saying
// why.  The real twin tests a flag that the branch neither tests again nor
// sets: the sleep is on every call with the flag clear.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=,LOW --option MinConfidence=low -- -I%kernel_inc
#include <linux/compiler.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static DEFINE_MUTEX(md5_pool_mutex);
static bool md5_pool_populated;
static void *md5_pool;

static void __md5_alloc_pool(void) {
  md5_pool = kzalloc(64, GFP_KERNEL);
  // CHECK-NOTES-LOW: :[[@LINE-1]]:14: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-LOW: :[[@LINE+16]]:7: note: called from 'md5_alloc_pool' here
  // CHECK-NOTES-LOW: :[[@LINE+64]]:3: note: called from 'sock_set_md5' here
  // CHECK-NOTES-LOW: :[[@LINE+62]]:3: note: spin lock 'sk->lock' acquired here
  // CHECK-NOTES-LOW: :[[@LINE-5]]:14: note: low confidence: it sleeps only until 'md5_pool_populated' is set (one-time initialisation)
  if (md5_pool)
    WRITE_ONCE(md5_pool_populated, true);
}

bool md5_alloc_pool(void) {
  if (unlikely(!READ_ONCE(md5_pool_populated))) {
    mutex_lock(&md5_pool_mutex);
    // CHECK-NOTES-LOW: :[[@LINE-1]]:5: warning: 'mutex_lock' may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES-LOW: :[[@LINE+53]]:3: note: called from 'sock_set_md5' here
    // CHECK-NOTES-LOW: :[[@LINE+51]]:3: note: spin lock 'sk->lock' acquired here
    // CHECK-NOTES-LOW: :[[@LINE-4]]:5: note: low confidence: it sleeps only until 'md5_pool_populated' is set (one-time initialisation)
    if (!md5_pool_populated)
      __md5_alloc_pool();
    mutex_unlock(&md5_pool_mutex);
  }
  return READ_ONCE(md5_pool_populated);
}

struct sdev {
  spinlock_t lock;
  struct mutex log_lock;
  bool inited, quiet;
  void *tbl;
};

static void sdev_setup(struct sdev *d) {
  if (d->inited)
    return;
  d->tbl = kcalloc(16, 8, GFP_KERNEL);
  // CHECK-NOTES-LOW: :[[@LINE-1]]:12: warning: 'kcalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-LOW: :[[@LINE+19]]:3: note: called from 'sdev_xmit' here
  // CHECK-NOTES-LOW: :[[@LINE+17]]:3: note: spin lock 'd->lock' acquired here
  // CHECK-NOTES-LOW: :[[@LINE-4]]:12: note: low confidence: it sleeps only until 'd->inited' is set (one-time initialisation)
  d->inited = true;
}

static void sdev_log(struct sdev *d) {
  if (!d->quiet) {
    mutex_lock(&d->log_lock);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'mutex_lock' may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES: :[[@LINE+10]]:3: note: called from 'sdev_xmit' here
    // CHECK-NOTES: :[[@LINE+7]]:3: note: spin lock 'd->lock' acquired here
    d->tbl = NULL;
    mutex_unlock(&d->log_lock);
  }
}

void sdev_xmit(struct sdev *d) {
  spin_lock(&d->lock);
  sdev_setup(d);
  sdev_log(d);
  spin_unlock(&d->lock);
}

struct sock_md5 {
  spinlock_t lock;
  void *key;
};

void sock_set_md5(struct sock_md5 *sk) {
  spin_lock(&sk->lock);
  md5_alloc_pool();
  spin_unlock(&sk->lock);
}
