#ifndef _LINUX_SKBUFF_H
#define _LINUX_SKBUFF_H
#include <linux/gfp.h>
struct sk_buff { unsigned int len; unsigned char *data; struct sk_buff *next; };
struct sk_buff *__alloc_skb(unsigned int size, gfp_t priority, int flags, int node);
static inline struct sk_buff *alloc_skb(unsigned int size, gfp_t priority) {
  return __alloc_skb(size, priority, 0, -1);
}
void kfree_skb(struct sk_buff *skb);
struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t priority);
#endif
