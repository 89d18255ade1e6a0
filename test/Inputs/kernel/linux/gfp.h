#ifndef __LINUX_GFP_H
#define __LINUX_GFP_H
#include <linux/gfp_types.h>
struct page;
static inline bool gfpflags_allow_blocking(const gfp_t gfp_flags) {
  return !!(gfp_flags & __GFP_DIRECT_RECLAIM);
}
struct page *alloc_pages(gfp_t gfp, unsigned int order);
#define alloc_page(gfp_mask) alloc_pages(gfp_mask, 0)
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp_mask);
void free_pages(unsigned long addr, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
#define free_page(addr) free_pages((addr), 0)
#endif
