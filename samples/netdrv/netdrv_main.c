// Probe, statistics and filter configuration of the sample driver.
#include "netdrv.h"
#include <linux/delay.h>
#include <linux/vmalloc.h>

int netdrv_probe(struct netdrv_priv *priv) {
  spin_lock_init(&priv->stats_lock);
  priv->fw_log = vzalloc(1 << 20); /* sleeping context: fine */
  if (!priv->fw_log)
    return -ENOMEM;
  priv->history = kcalloc(16, sizeof(*priv->history), GFP_KERNEL);
  if (!priv->history)
    goto err_log;
  priv->history_len = 16;
  if (netdrv_ring_init(&priv->rx) || netdrv_ring_init(&priv->tx))
    goto err_hist;
  return 0;
err_hist:
  kfree(priv->history);
err_log:
  vfree(priv->fw_log);
  return -ENOMEM;
}

/* Called from the interrupt path with GFP_ATOMIC: correct. */
void netdrv_count_rx(struct netdrv_priv *priv, unsigned int n) {
  unsigned long flags;
  spin_lock_irqsave(&priv->stats_lock, flags);
  priv->stats.rx_packets += n;
  spin_unlock_irqrestore(&priv->stats_lock, flags);
}

/* Grows the statistics history while holding the stats lock. */
int netdrv_snapshot_stats(struct netdrv_priv *priv) {
  struct netdrv_stats *grown;
  unsigned long flags;
  int ret = 0;

  spin_lock_irqsave(&priv->stats_lock, flags);
  /* BUG: GFP_KERNEL may sleep, and interrupts are off under the lock. */
  grown = krealloc(priv->history, 2 * priv->history_len * sizeof(*grown), GFP_KERNEL);
  if (!grown) {
    ret = -ENOMEM;
    goto out;
  }
  priv->history = grown;
  priv->history[priv->history_len++] = priv->stats;
out:
  spin_unlock_irqrestore(&priv->stats_lock, flags);
  return ret;
}

/* The right way: allocate first, then publish under the lock. */
int netdrv_snapshot_stats_fixed(struct netdrv_priv *priv) {
  struct netdrv_stats *copy = kmalloc(sizeof(*copy), GFP_KERNEL);
  unsigned long flags;
  if (!copy)
    return -ENOMEM;
  spin_lock_irqsave(&priv->stats_lock, flags);
  *copy = priv->stats;
  spin_unlock_irqrestore(&priv->stats_lock, flags);
  kfree(copy);
  return 0;
}

/* Filter table: readers under RCU, writers under the config mutex. */
int netdrv_add_filter(struct netdrv_priv *priv, unsigned int slot, u32 addr, u32 mask) {
  struct netdrv_filter *f;
  if (slot >= NETDRV_MAX_FILTERS)
    return -EINVAL;
  mutex_lock(&priv->cfg_lock);
  f = kzalloc(sizeof(*f), GFP_KERNEL); /* under a mutex: fine */
  if (!f) {
    mutex_unlock(&priv->cfg_lock);
    return -ENOMEM;
  }
  f->addr = addr;
  f->mask = mask;
  rcu_assign_pointer(priv->filters[slot], f);
  mutex_unlock(&priv->cfg_lock);
  return 0;
}

int netdrv_match(struct netdrv_priv *priv, u32 addr) {
  int hit = 0;
  rcu_read_lock();
  for (int i = 0; i < NETDRV_MAX_FILTERS; i++) {
    struct netdrv_filter *f = rcu_dereference(priv->filters[i]);
    if (f && (addr & f->mask) == f->addr) {
      hit = 1;
      break;
    }
  }
  rcu_read_unlock();
  return hit;
}

void netdrv_clear_filters(struct netdrv_priv *priv) {
  rcu_read_lock();
  for (int i = 0; i < NETDRV_MAX_FILTERS; i++) {
    struct netdrv_filter *f = rcu_dereference(priv->filters[i]);
    if (!f)
      continue;
    rcu_assign_pointer(priv->filters[i], NULL);
    /* BUG: waits for a grace period inside the read-side section. */
    synchronize_rcu();
    kfree(f);
  }
  rcu_read_unlock();
}

/* Firmware reset: polls with the lock dropped around the sleep. */
void netdrv_reset(struct netdrv_priv *priv) {
  spin_lock_bh(&priv->tx.lock);
  priv->tx.head = priv->tx.tail = 0;
  spin_unlock_bh(&priv->tx.lock);
  msleep(20);
  spin_lock_bh(&priv->tx.lock);
  priv->tx.head = 0;
  spin_unlock_bh(&priv->tx.lock);
}
