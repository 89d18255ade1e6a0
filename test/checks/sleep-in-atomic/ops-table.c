// Ops-table fields the kernel calls in atomic context, bound where the table
// is initialised: ndo_start_xmit and ndo_select_queue run with bottom halves
// off inside rcu_read_lock_bh().  ndo_open may sleep.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/slab.h>

struct vif {
  struct mutex cfg;
  void *hash;
};

static void vif_add_hash(struct vif *v) {
  v->hash = kmalloc(64, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE+5]]:3: note: called from 'vif_select_queue' here
  // CHECK-NOTES: :[[@LINE+25]]:25: note: 'vif_select_queue' is installed as 'net_device_ops.ndo_select_queue' here and is called under rcu_read_lock_bh() on the transmit path
}

static u16 vif_select_queue(struct net_device *dev, struct sk_buff *skb, struct net_device *sb_dev) {
  vif_add_hash(dev->priv);
  return 0;
}

static netdev_tx_t vif_start_xmit(struct sk_buff *skb, struct net_device *dev) {
  struct vif *v = dev->priv;
  v->hash = kzalloc(16, GFP_ATOMIC); // negative
  return NETDEV_TX_OK;
}

static int vif_open(struct net_device *dev) {
  struct vif *v = dev->priv;
  mutex_lock(&v->cfg); // negative: ndo_open runs in process context
  v->hash = kzalloc(16, GFP_KERNEL);
  mutex_unlock(&v->cfg);
  return 0;
}

static const struct net_device_ops vif_ops = {
    .ndo_open = vif_open,
    .ndo_start_xmit = vif_start_xmit,
    .ndo_select_queue = vif_select_queue,
};

const struct net_device_ops *vif_get_ops(void) { return &vif_ops; }
