#ifndef __LINUX_UACCESS_H
#define __LINUX_UACCESS_H
#include <linux/types.h>
unsigned long _copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long _copy_to_user(void __user *to, const void *from, unsigned long n);
static __always_inline unsigned long __must_check copy_from_user(void *to, const void __user *from,
                                                                 unsigned long n) {
  return _copy_from_user(to, from, n);
}
static __always_inline unsigned long __must_check copy_to_user(void __user *to, const void *from,
                                                               unsigned long n) {
  return _copy_to_user(to, from, n);
}
/* Only page faults are disabled: preemption stays on (since 4.2). */
void pagefault_disabled_inc(void);
void pagefault_disabled_dec(void);
static __always_inline void pagefault_disable(void) { pagefault_disabled_inc(); }
static __always_inline void pagefault_enable(void) { pagefault_disabled_dec(); }
#endif
