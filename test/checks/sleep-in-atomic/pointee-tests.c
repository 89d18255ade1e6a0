// A wait that sleeps only while the timeout its caller passes by address is
// nonzero (netlink_attachskb, sk_stream_wait_memory: `if (!*timeo) return
// -EAGAIN;`).  Callers in atomic context pass a zero timeout (MSG_DONTWAIT,
// sock_sndtimeo(sk, 1)), through a local whose address they pass: allocflags
// does not know what the pointer points to, so such a sleep is a
// low-confidence finding, shown with MinConfidence=low and saying why.  The
// real twin waits with no such test.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=LOW --option MinConfidence=low -- -I%kernel_inc
#include <linux/sched.h>
#include <linux/spinlock.h>

struct nsock {
  spinlock_t lock;
  long sndtimeo;
  int rmem, rcvbuf;
};

static inline long nsock_sndtimeo(const struct nsock *sk, int noblock) {
  return noblock ? 0 : sk->sndtimeo;
}

static int nsock_attach(struct nsock *sk, long *timeo) {
  if (sk->rmem > sk->rcvbuf) {
    if (!*timeo)
      return -EAGAIN;
    *timeo = schedule_timeout(*timeo);
    // CHECK-NOTES-LOW: :[[@LINE-1]]:14: warning: 'schedule_timeout' may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES-LOW: :[[@LINE+31]]:11: note: called from 'nsock_unicast' here
    // CHECK-NOTES-LOW: :[[@LINE+42]]:3: note: called from 'nsock_notify' here
    // CHECK-NOTES-LOW: :[[@LINE+40]]:3: note: spin lock 'sk->lock' acquired here
    // CHECK-NOTES-LOW: :[[@LINE-5]]:14: note: low confidence: it sleeps only while '*timeo' is nonzero, which its callers pass by address
    return 1;
  }
  return 0;
}

/* The same test written as a comparison, reached through a caller's own pointer. */
static int nsock_wait_space(struct nsock *sk, long *timeo_p) {
  while (sk->rmem > sk->rcvbuf) {
    if (*timeo_p == 0)
      return -EAGAIN;
    *timeo_p = schedule_timeout(*timeo_p);
    // CHECK-NOTES-LOW: :[[@LINE-1]]:16: warning: 'schedule_timeout' may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES-LOW: :[[@LINE+9]]:75: note: called from 'nsock_wait_space_for' here
    // CHECK-NOTES-LOW: :[[@LINE+21]]:10: note: called from 'nsock_send' here
    // CHECK-NOTES-LOW: :[[@LINE+31]]:3: note: called from 'nsock_notify_space' here
    // CHECK-NOTES-LOW: :[[@LINE+29]]:3: note: spin lock 'sk->lock' acquired here
    // CHECK-NOTES-LOW: :[[@LINE-6]]:16: note: low confidence: it sleeps only while '*timeo_p' is nonzero, which its callers pass by address
  }
  return 0;
}

static int nsock_wait_space_for(struct nsock *sk, long *timeo_p) { return nsock_wait_space(sk, timeo_p); }

int nsock_unicast(struct nsock *sk, int nonblock) {
  long timeo = nsock_sndtimeo(sk, nonblock);
  int err;
  do
    err = nsock_attach(sk, &timeo);
  while (err == 1);
  return err;
}

int nsock_send(struct nsock *sk) {
  long timeo = 0;
  return nsock_wait_space_for(sk, &timeo);
}

void nsock_notify(struct nsock *sk) {
  spin_lock(&sk->lock);
  nsock_unicast(sk, 1);
  spin_unlock(&sk->lock);
}

void nsock_notify_space(struct nsock *sk) {
  spin_lock_bh(&sk->lock);
  nsock_send(sk);
  spin_unlock_bh(&sk->lock);
}

/* The real twin: a wait that takes its timeout by value. */
static long nsock_wait_ack(struct nsock *sk, long timeo) { return schedule_timeout(timeo); }
// CHECK-NOTES: :[[@LINE-1]]:67: warning: 'schedule_timeout' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :[[@LINE+5]]:3: note: called from 'nsock_close' here
// CHECK-NOTES: :[[@LINE+3]]:3: note: spin lock 'sk->lock' acquired here

void nsock_close(struct nsock *sk) {
  spin_lock(&sk->lock);
  nsock_wait_ack(sk, nsock_sndtimeo(sk, 0));
  spin_unlock(&sk->lock);
}

