// The socket layer's non-blocking send: `timeo = sock_sndtimeo(sk, noblock)`
// is 0 for a non-blocking caller (an inline helper `return noblock ? 0 :
// sk->sk_sndtimeo;`), and the wait loop gives up on `if (!timeo)` before it
// sleeps; the loop's back edge comes only from where noblock was 0.  ICMP
// replies sent under rcu_read_lock() pass `flags & MSG_DONTWAIT` with
// MSG_DONTWAIT set: silent; the twin that passes 0 blocks and is reported.
// A timeout the helper does not zero, or one whose address a callee gets,
// decides nothing.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/rcupdate.h>
#include <linux/sched.h>

#define MSG_DONTWAIT 0x40

struct sock {
  long sk_sndtimeo;
  int sk_wmem_alloc;
  int sk_sndbuf;
  int sk_err;
};

static inline long sock_sndtimeo(const struct sock *sk, int noblock) {
  return noblock ? 0 : sk->sk_sndtimeo;
}

static inline long sock_keepalive_timeo(const struct sock *sk, int noblock) {
  return noblock ? sk->sk_sndtimeo / 2 : sk->sk_sndtimeo;
}

static long sock_wait_for_wmem(struct sock *sk, long timeo) {
  while (timeo && sk->sk_wmem_alloc >= sk->sk_sndbuf)
    timeo = schedule_timeout(timeo);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'schedule_timeout' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :53:13: note: called from 'sock_alloc_send_pskb' here
  // CHECK-NOTES: :59:10: note: called from 'sock_alloc_send_skb' here
  // CHECK-NOTES: :64:8: note: called from 'append_data' here
  // CHECK-NOTES: :81:9: note: called from 'icmp_send_blocking' here
  // CHECK-NOTES: :80:3: note: RCU read-side critical section entered here
  return timeo;
}

void *sock_alloc_send_pskb(struct sock *sk, unsigned long len, int noblock, int *err) {
  long timeo = sock_sndtimeo(sk, noblock);
  for (;;) {
    *err = -32;
    if (sk->sk_err)
      return 0;
    if (sk->sk_wmem_alloc < sk->sk_sndbuf)
      break;
    *err = -11;
    if (!timeo)
      return 0; // -EAGAIN
    timeo = sock_wait_for_wmem(sk, timeo);
  }
  return sk;
}

static inline void *sock_alloc_send_skb(struct sock *sk, unsigned long len, int noblock, int *err) {
  return sock_alloc_send_pskb(sk, len, noblock, err);
}

static int append_data(struct sock *sk, unsigned long len, unsigned int flags) {
  int err;
  if (!sock_alloc_send_skb(sk, len, flags & MSG_DONTWAIT, &err))
    return err;
  return 0;
}

/// icmp6_send(): replies are sent from softirq under RCU, never blocking.
int icmp_send(struct sock *sk, unsigned long len) {
  int err;
  rcu_read_lock();
  err = append_data(sk, len, MSG_DONTWAIT); // negative
  rcu_read_unlock();
  return err;
}

int icmp_send_blocking(struct sock *sk, unsigned long len) {
  int err;
  rcu_read_lock();
  err = append_data(sk, len, 0);
  rcu_read_unlock();
  return err;
}

/// The helper halves the timeout: not zero, the test decides nothing.
void *keepalive_alloc(struct sock *sk, int noblock) {
  long timeo = sock_keepalive_timeo(sk, noblock);
  while (sk->sk_wmem_alloc >= sk->sk_sndbuf) {
    if (!timeo)
      return 0;
    timeo = schedule_timeout(timeo);
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'schedule_timeout' may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES: :103:7: note: called from 'keepalive_send' here
    // CHECK-NOTES: :102:3: note: RCU read-side critical section entered here
  }
  return sk;
}

void *keepalive_send(struct sock *sk) {
  void *p;
  rcu_read_lock();
  p = keepalive_alloc(sk, 1);
  rcu_read_unlock();
  return p;
}
