// Descriptor rings of the sample driver.
#include "netdrv.h"

static void ring_lock(struct netdrv_ring *r) { spin_lock_bh(&r->lock); }
static void ring_unlock(struct netdrv_ring *r) { spin_unlock_bh(&r->lock); }

int netdrv_ring_init(struct netdrv_ring *r) {
  spin_lock_init(&r->lock);
  r->head = r->tail = 0;
  return 0;
}

/* Softirq refill: atomic allocations under the ring lock, as it should be. */
int netdrv_ring_refill(struct netdrv_priv *priv, struct netdrv_ring *r) {
  int added = 0;
  ring_lock(r);
  while ((r->head + 1) % NETDRV_RING_SIZE != r->tail) {
    struct sk_buff *skb = alloc_skb(priv->mtu, GFP_ATOMIC);
    if (!skb)
      break;
    r->skb[r->head] = skb;
    r->head = (r->head + 1) % NETDRV_RING_SIZE;
    added++;
  }
  ring_unlock(r);
  return added;
}

/* Slow-path refill from process context.  */
int netdrv_ring_refill_slow(struct netdrv_priv *priv, struct netdrv_ring *r) {
  struct sk_buff *skb;
  ring_lock(r);
  if ((r->head + 1) % NETDRV_RING_SIZE == r->tail) {
    ring_unlock(r);
    return 0;
  }
  /* BUG: the ring lock (taken by ring_lock()) is still held. */
  skb = alloc_skb(priv->mtu, GFP_KERNEL);
  if (skb) {
    r->skb[r->head] = skb;
    r->head = (r->head + 1) % NETDRV_RING_SIZE;
  }
  ring_unlock(r);
  return skb != NULL;
}

struct sk_buff *netdrv_ring_pop(struct netdrv_ring *r) {
  struct sk_buff *skb = NULL;
  if (!spin_trylock(&r->lock))
    return NULL; /* contended: the caller retries */
  if (r->tail != r->head) {
    skb = r->skb[r->tail];
    r->tail = (r->tail + 1) % NETDRV_RING_SIZE;
  }
  spin_unlock(&r->lock);
  return skb;
}

void netdrv_ring_free(struct netdrv_ring *r) {
  ring_lock(r);
  while (r->tail != r->head) {
    kfree_skb(r->skb[r->tail]);
    r->tail = (r->tail + 1) % NETDRV_RING_SIZE;
  }
  ring_unlock(r);
}

/* Softirq: the firmware posted an event in the ring; keep a copy of it.
 * Atomic context, so GFP_ATOMIC - which netdrv_fw_record() ignores. */
void *netdrv_ring_fw_event(struct netdrv_ring *r, const void *rec, size_t len) {
  return netdrv_fw_record(rec, len, GFP_ATOMIC);
}
