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
#endif
