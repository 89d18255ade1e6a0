// Negatives: sleeping locks and scopes that are not atomic context.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc -DCONFIG_DEBUG_LOCK_ALLOC
#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

unsigned int memalloc_noio_save(void);
void memalloc_noio_restore(unsigned int flags);
unsigned int memalloc_nofs_save(void);
void memalloc_nofs_restore(unsigned int flags);

struct cfg {
  struct mutex lock;
  struct semaphore sem;
  struct ww_mutex ww;
  void *data;
};

void under_mutex(struct cfg *c) {
  mutex_lock(&c->lock);
  c->data = kmalloc(4096, GFP_KERNEL);
  msleep(10);
  mutex_unlock(&c->lock);
}

void under_semaphore(struct cfg *c) {
  down(&c->sem);
  c->data = vmalloc(1 << 16);
  up(&c->sem);
}

void under_ww_mutex(struct cfg *c, struct ww_acquire_ctx *ctx) {
  ww_mutex_lock(&c->ww, ctx);
  c->data = kzalloc(64, GFP_KERNEL);
  ww_mutex_unlock(&c->ww);
}

void memalloc_scopes(struct cfg *c) {
  unsigned int noio = memalloc_noio_save();
  c->data = kmalloc(64, GFP_KERNEL);
  memalloc_noio_restore(noio);
  unsigned int nofs = memalloc_nofs_save();
  c->data = kmalloc(64, GFP_KERNEL);
  memalloc_nofs_restore(nofs);
}

void trylock_mutex(struct cfg *c) {
  if (mutex_trylock(&c->lock)) {
    c->data = kmalloc(64, GFP_KERNEL);
    mutex_unlock(&c->lock);
  }
}
