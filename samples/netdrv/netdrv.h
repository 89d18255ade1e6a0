#ifndef NETDRV_H
#define NETDRV_H
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define NETDRV_RING_SIZE 256
#define NETDRV_MAX_FILTERS 64

struct netdrv_stats {
  u64 rx_packets, tx_packets, rx_dropped;
};

struct netdrv_filter {
  struct rcu_head rcu;
  u32 addr, mask;
};

struct netdrv_ring {
  spinlock_t lock;
  struct sk_buff *skb[NETDRV_RING_SIZE];
  unsigned int head, tail;
};

struct netdrv_priv {
  struct device *dev;
  spinlock_t stats_lock;
  struct netdrv_stats stats;
  struct netdrv_stats *history;
  unsigned int history_len;
  struct mutex cfg_lock;
  struct netdrv_filter __rcu *filters[NETDRV_MAX_FILTERS];
  struct netdrv_ring rx, tx;
  void *fw_log;
  unsigned int mtu;
};

int netdrv_ring_init(struct netdrv_ring *r);
void netdrv_ring_free(struct netdrv_ring *r);
int netdrv_ring_refill(struct netdrv_priv *priv, struct netdrv_ring *r);
struct sk_buff *netdrv_ring_pop(struct netdrv_ring *r);
void *netdrv_fw_record(const void *rec, size_t len, gfp_t gfp);

#endif
