#ifndef _LINUX_MEMPOOL_H
#define _LINUX_MEMPOOL_H
#include <linux/gfp.h>

typedef struct mempool_s {
  int min_nr, curr_nr;
  void **elements;
} mempool_t;

void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask);
void mempool_free(void *element, mempool_t *pool);
int mempool_init_kmalloc_pool(mempool_t *pool, int min_nr, size_t size);
void mempool_exit(mempool_t *pool);
#endif
