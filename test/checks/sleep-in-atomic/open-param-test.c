// A context carried in from callers to a call made only on a test of a
// parameter those callers left open: iocb_bio_iopoll() takes rcu_read_lock()
// and passes its own `flags` down through bio_poll() to blk_mq_poll(), which
// sleeps only `if (!(flags & BLK_POLL_NOSLEEP))`; io_uring, its only caller
// (through f_op->iopoll), always passes BLK_POLL_NOSLEEP.  Whether the sleep
// happens is for the callers of the function where the context began to
// say: low confidence, naming the test.  The callers that decide it: with
// the bit (silent), without it (a finding).  A recursion that computes its
// own argument (depth - 1) is not an open test (recursion.c), nor is a guard
// (`if (!len) return;`, a pointer tested for null): only tests that pick a
// mode (flag bits, values, cases) make the doubt.
// One site, one report: the caller that decides wins over the open one, so
// the low finding is checked without it (-DOPEN_ONLY).
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=HIGH -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc -DOPEN_ONLY
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=LOW --option MinConfidence=low -- -I%kernel_inc -DOPEN_ONLY
#include <linux/delay.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

#define BLK_POLL_ONESHOT (1 << 0)
#define BLK_POLL_NOSLEEP (1 << 1)

struct request_queue {
  int poll_nsec;
};
struct bio {
  struct request_queue *q;
};
struct kiocb {
  struct bio *private;
};

static int blk_mq_poll_hybrid(struct request_queue *q) {
  schedule();
  // CHECK-NOTES-HIGH: :[[@LINE-1]]:3: warning: 'schedule' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-HIGH: :{{[0-9]+}}:9: note: called from 'blk_mq_poll' here
  // CHECK-NOTES-HIGH: :{{[0-9]+}}:10: note: called from 'bio_poll' here
  // CHECK-NOTES-HIGH: :{{[0-9]+}}:9: note: called from 'poll_sleeping' here
  // CHECK-NOTES-HIGH: :{{[0-9]+}}:3: note: RCU read-side critical section entered here
  // CHECK-NOTES-LOW: :[[@LINE-6]]:3: warning: 'schedule' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-LOW: :{{[0-9]+}}:9: note: called from 'blk_mq_poll' here
  // CHECK-NOTES-LOW: :{{[0-9]+}}:10: note: called from 'bio_poll' here
  // CHECK-NOTES-LOW: :{{[0-9]+}}:11: note: called from 'iocb_bio_iopoll' here
  // CHECK-NOTES-LOW: :{{[0-9]+}}:3: note: RCU read-side critical section entered here
  // CHECK-NOTES-LOW: :[[@LINE-11]]:3: note: low confidence: 'blk_mq_poll' goes on only for some values of 'flags', which the calls from where the context began do not decide
  return 1;
}

static int blk_mq_poll(struct request_queue *q, unsigned int flags) {
  if (!(flags & BLK_POLL_NOSLEEP) && q->poll_nsec != -1)
    if (blk_mq_poll_hybrid(q))
      return 1;
  return 0;
}

static int bio_poll(struct bio *bio, unsigned int flags) {
  return blk_mq_poll(bio->q, flags);
}

int iocb_bio_iopoll(struct kiocb *kiocb, unsigned int flags) {
  struct bio *bio;
  int ret = 0;

  rcu_read_lock();
  bio = kiocb->private;
  if (bio)
    ret = bio_poll(bio, flags);
  rcu_read_unlock();
  return ret;
}

// The callers decide: with the bit the sleep is never reached; without it,
// it is (reported at the call: the callee is entered in this context with
// flags known).
int poll_nosleep(struct bio *bio) {
  int ret;

  rcu_read_lock();
  ret = bio_poll(bio, BLK_POLL_NOSLEEP | BLK_POLL_ONESHOT);
  rcu_read_unlock();
  return ret;
}

static void reset_hw(struct request_queue *q, unsigned int len) {
  if (!len || !q)
    return;
  msleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+4]]:71: note: called from 'reset_helper' here
  // CHECK-NOTES: :[[@LINE+7]]:3: note: called from 'reset_locked' here
  // CHECK-NOTES: :[[@LINE+5]]:3: note: RCU read-side critical section entered here
}
static void reset_helper(struct request_queue *q, unsigned int len) { reset_hw(q, len); }

void reset_locked(struct request_queue *q, unsigned int len) {
  rcu_read_lock();
  reset_helper(q, len);
  rcu_read_unlock();
}

#ifndef OPEN_ONLY
int poll_sleeping(struct bio *bio) {
  int ret;

  rcu_read_lock();
  ret = bio_poll(bio, 0);
  rcu_read_unlock();
  return ret;
}
#endif
