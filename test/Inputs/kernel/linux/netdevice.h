#ifndef _LINUX_NETDEVICE_H
#define _LINUX_NETDEVICE_H
#include <linux/skbuff.h>
#include <linux/spinlock.h>
typedef int netdev_tx_t;
#define NETDEV_TX_OK 0
struct net_device;
struct net_device_ops {
  int (*ndo_open)(struct net_device *dev);
  int (*ndo_stop)(struct net_device *dev);
  netdev_tx_t (*ndo_start_xmit)(struct sk_buff *skb, struct net_device *dev);
  u16 (*ndo_select_queue)(struct net_device *dev, struct sk_buff *skb, struct net_device *sb_dev);
  void (*ndo_tx_timeout)(struct net_device *dev, unsigned int txqueue);
};
struct napi_struct {
  int weight;
  int (*poll)(struct napi_struct *, int);
};
struct net_device {
  const struct net_device_ops *netdev_ops;
  void *priv;
};
void netif_napi_add(struct net_device *dev, struct napi_struct *napi, int (*poll)(struct napi_struct *, int));
#endif
