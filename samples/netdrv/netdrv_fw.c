// Firmware records and teardown of the sample driver.
#include "netdrv.h"
#include <linux/kernel.h>
#include <linux/vmalloc.h>

/* Copies a firmware record.  The interrupt path calls this with GFP_ATOMIC,
 * probe with GFP_KERNEL: the caller decides how the allocator may behave. */
void *netdrv_fw_record(const void *rec, size_t len, gfp_t gfp) {
  /* BUG: allocates with GFP_KERNEL whatever the caller passed in 'gfp'. */
  void *copy = kmalloc(len, GFP_KERNEL);
  if (copy)
    memcpy(copy, rec, len);
  return copy;
}

/* The right way: the caller's flags go down to the allocator. */
void *netdrv_fw_record_fixed(const void *rec, size_t len, gfp_t gfp) {
  void *copy = kmalloc(len, gfp);
  if (copy)
    memcpy(copy, rec, len);
  return copy;
}

void netdrv_remove(struct netdrv_priv *priv) {
  netdrv_ring_free(&priv->rx);
  netdrv_ring_free(&priv->tx);
  kfree(priv->history);
  /* BUG: fw_log comes from vzalloc() in netdrv_probe() (netdrv_main.c). */
  kfree(priv->fw_log);
}
