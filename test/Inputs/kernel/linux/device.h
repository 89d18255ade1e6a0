#ifndef _DEVICE_H_
#define _DEVICE_H_
#include <linux/gfp.h>
struct device {
  const char *init_name;
  void *driver_data;
};
void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
static inline void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp) {
  return devm_kmalloc(dev, size, gfp | __GFP_ZERO);
}
void devm_kfree(struct device *dev, const void *p);
#endif
