#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H
#include <linux/compiler.h>
#include <linux/types.h>
void __might_sleep(const char *file, int line);
#define might_resched() do { } while (0)
#ifdef CONFIG_DEBUG_ATOMIC_SLEEP
#define might_sleep()                                                                              \
  do {                                                                                             \
    __might_sleep(__FILE__, __LINE__);                                                             \
    might_resched();                                                                               \
  } while (0)
#else
#define might_sleep()                                                                              \
  do {                                                                                             \
    might_resched();                                                                               \
  } while (0)
#endif
#define might_sleep_if(cond)                                                                       \
  do {                                                                                             \
    if (cond)                                                                                      \
      might_sleep();                                                                               \
  } while (0)
int printk(const char *fmt, ...);
void panic(const char *fmt, ...) __attribute__((noreturn));
#define pr_err(fmt, ...) printk(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(fmt, ##__VA_ARGS__)
#define WARN_ON(x) ({ int __ret = !!(x); if (__ret) printk("WARN"); __ret; })
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define min(a, b) ((a) < (b) ? (a) : (b))
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
#endif
