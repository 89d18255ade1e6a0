#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H
#include <linux/gfp.h>
#ifndef AF_NEWER_KERNEL
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void *__vmalloc(unsigned long size, gfp_t gfp_mask);
#else
void *vmalloc_noprof(unsigned long size);
#define vmalloc(...) alloc_hooks(vmalloc_noprof(__VA_ARGS__))
void *vzalloc_noprof(unsigned long size);
#define vzalloc(...) alloc_hooks(vzalloc_noprof(__VA_ARGS__))
void *__vmalloc_noprof(unsigned long size, gfp_t gfp_mask);
#define __vmalloc(...) alloc_hooks(__vmalloc_noprof(__VA_ARGS__))
#endif
void *vmalloc_user(unsigned long size);
void vfree(const void *addr);
bool is_vmalloc_addr(const void *x);
#endif
