#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H
#include <linux/compiler.h>
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed int s32;
typedef signed long long s64;
typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned long uintptr_t;
typedef long long loff_t;
typedef u64 dma_addr_t;
#ifndef __cplusplus
typedef _Bool bool;
#define true 1
#define false 0
#endif
#define NULL ((void *)0)
typedef unsigned int __bitwise gfp_t;
typedef struct { int counter; } atomic_t;
struct list_head { struct list_head *next, *prev; };
struct device;
#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define UL(x) (_UL(x))
#define _UL(x) (_AC(x, UL))
#define _AC(X, Y) __AC(X, Y)
#define __AC(X, Y) (X##Y)
#define BIT(nr) (UL(1) << (nr))
#define EINVAL 22
#define ENOMEM 12
#define EBUSY 16
#define EAGAIN 11
#endif
