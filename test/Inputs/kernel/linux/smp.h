#ifndef __LINUX_SMP_H
#define __LINUX_SMP_H
#include <linux/preempt.h>
int __smp_processor_id(void);
#define smp_processor_id() __smp_processor_id()
#define get_cpu()                                                                                  \
  ({                                                                                               \
    preempt_disable();                                                                             \
    __smp_processor_id();                                                                          \
  })
#define put_cpu() preempt_enable()
#endif
