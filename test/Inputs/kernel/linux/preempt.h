#ifndef __LINUX_PREEMPT_H
#define __LINUX_PREEMPT_H
#include <linux/compiler.h>
void __preempt_count_add(int val);
void __preempt_count_sub(int val);
void preempt_schedule(void);
int preempt_count(void);
/* as in the kernel: a macro the model's predicate names */
#define in_atomic() (preempt_count() != 0)
#ifdef CONFIG_PREEMPT_COUNT
#define preempt_count_add(val) __preempt_count_add(val)
#define preempt_count_sub(val) __preempt_count_sub(val)
#define preempt_count_inc() preempt_count_add(1)
#define preempt_count_dec() preempt_count_sub(1)
#define preempt_disable()                                                                          \
  do {                                                                                             \
    preempt_count_inc();                                                                           \
    barrier();                                                                                     \
  } while (0)
#define preempt_enable()                                                                           \
  do {                                                                                             \
    barrier();                                                                                     \
    preempt_count_dec();                                                                           \
  } while (0)
#else
/* no preempt counter: preempt_disable() is only a compiler barrier */
#define preempt_disable() barrier()
#define preempt_enable() barrier()
#endif
#endif
