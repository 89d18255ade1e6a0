#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H
// x86: BUG() is ud2 followed by unreachable(), so the CFG ends the path.
#define BUG()                                                                                      \
  do {                                                                                             \
    asm volatile("ud2");                                                                           \
    __builtin_unreachable();                                                                       \
  } while (0)
#define BUG_ON(condition)                                                                          \
  do {                                                                                             \
    if (__builtin_expect(!!(condition), 0))                                                        \
      BUG();                                                                                       \
  } while (0)
#endif
