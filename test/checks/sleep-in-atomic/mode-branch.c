// A test of the object's own state that picks between sleeping and a way
// that does not: the code knows it may run in atomic context, and the state
// was set up elsewhere (when the device was probed, the iterator started),
// which the analysis does not follow.  A sleep on the sleeping way is low
// confidence, naming the alternative.  sound/core/pcm_native.c:
// snd_pcm_stream_lock_irqsave() takes a mutex only for nonatomic PCMs;
// lib/scatterlist.c: sg_miter_next() uses kmap() unless SG_MITER_ATOMIC.
// A test of a parameter is decided from the callers, and a branch whose
// other way is no alternative stays a finding.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=LOW --option MinConfidence=low -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct pcm {
  bool nonatomic;
};
struct substream {
  struct pcm *pcm;
  spinlock_t lock;
  struct mutex mutex;
  unsigned flags;
  void *buf;
};

static unsigned long stream_lock_irqsave(struct substream *s) {
  unsigned long flags = 0;
  if (s->pcm->nonatomic)
    mutex_lock(&s->mutex);
  else
    spin_lock_irqsave(&s->lock, flags);
  return flags;
}

#define WAIT_ATOMIC 1
static void wait_hw(struct substream *s) {
  if (s->flags & WAIT_ATOMIC)
    udelay(10);
  else
    msleep(1);
}

static void *grab_buffer(struct substream *s) {
  return s->flags & WAIT_ATOMIC ? kmalloc(64, GFP_ATOMIC) : kmalloc(64, GFP_KERNEL);
}

static void wait_or_log(struct substream *s) {
  if (s->flags & WAIT_ATOMIC)
    printk("busy\n");
  else
    msleep(1);
}

static void wait_as_told(bool can_sleep) {
  if (can_sleep)
    msleep(1);
  else
    udelay(10);
}

static DEFINE_SPINLOCK(card_lock);

void card_trigger(struct substream *s) {
  spin_lock(&card_lock);
  stream_lock_irqsave(s);
  wait_hw(s);
  s->buf = grab_buffer(s);
  wait_or_log(s);
  wait_as_told(true);
  wait_as_told(false); // negative: the parameter decides
  spin_unlock(&card_lock);
}
// CHECK-NOTES-LOW: :[[@LINE-44]]:5: warning: 'mutex_lock' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES-LOW: :[[@LINE-9]]:3: note: called from 'card_trigger' here
// CHECK-NOTES-LOW: :[[@LINE-11]]:3: note: spin lock 'card_lock' acquired here
// CHECK-NOTES-LOW: :[[@LINE-47]]:5: note: low confidence: 'mutex_lock' is the sleeping way of a test that takes 'spin_lock_irqsave' otherwise ('s->pcm->nonatomic'); what the test reads is set up elsewhere
// CHECK-NOTES-LOW: :[[@LINE-37]]:5: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES-LOW: :[[@LINE-12]]:3: note: called from 'card_trigger' here
// CHECK-NOTES-LOW: :[[@LINE-15]]:3: note: spin lock 'card_lock' acquired here
// CHECK-NOTES-LOW: :[[@LINE-40]]:5: note: low confidence: 'msleep' is the sleeping way of a test that takes 'udelay' otherwise ('s->flags & WAIT_ATOMIC'); what the test reads is set up elsewhere
// CHECK-NOTES-LOW: :[[@LINE-37]]:61: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES-LOW: :[[@LINE-15]]:12: note: called from 'card_trigger' here
// CHECK-NOTES-LOW: :[[@LINE-19]]:3: note: spin lock 'card_lock' acquired here
// CHECK-NOTES-LOW: :[[@LINE-40]]:61: note: low confidence: 'kmalloc' is the sleeping way of a test that takes 'kmalloc' with GFP_ATOMIC otherwise ('s->flags & WAIT_ATOMIC'); what the test reads is set up elsewhere
// CHECK-NOTES: :[[@LINE-34]]:5: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE-18]]:3: note: called from 'card_trigger' here
// CHECK-NOTES: :[[@LINE-23]]:3: note: spin lock 'card_lock' acquired here
// CHECK-NOTES: :[[@LINE-32]]:5: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE-20]]:3: note: called from 'card_trigger' here
// CHECK-NOTES: :[[@LINE-26]]:3: note: spin lock 'card_lock' acquired here
