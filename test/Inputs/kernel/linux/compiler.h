#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H
#define __force
#define __bitwise
#define __iomem
#define __user
#define __rcu
#define __must_check __attribute__((warn_unused_result))
#define __always_inline inline __attribute__((always_inline))
#define noinline __attribute__((noinline))
#define __cleanup(func) __attribute__((__cleanup__(func)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define barrier() __asm__ __volatile__("" : : : "memory")
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)
#define __cond_lock(x, c) (c)
#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)
#define typecheck(type, x)                                                                         \
  ({                                                                                               \
    type __dummy;                                                                                  \
    __typeof__(x) __dummy2;                                                                        \
    (void)(&__dummy == &__dummy2);                                                                 \
    1;                                                                                             \
  })
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) (*(volatile __typeof__(x) *)&(x) = (val))
#endif
