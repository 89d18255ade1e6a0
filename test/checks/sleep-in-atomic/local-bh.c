// local_bh_disable/enable.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/bottom_half.h>
#include <linux/skbuff.h>

struct sk_buff *rx_refill(unsigned int len) {
  struct sk_buff *skb;
  local_bh_disable();
  skb = alloc_skb(len, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'alloc_skb' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: bottom halves disabled here
  local_bh_enable();
  return skb;
}

struct sk_buff *rx_refill_atomic(unsigned int len) {
  struct sk_buff *skb;
  local_bh_disable();
  skb = alloc_skb(len, GFP_ATOMIC);
  local_bh_enable();
  return skb;
}
