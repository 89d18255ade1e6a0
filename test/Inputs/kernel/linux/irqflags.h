#ifndef _LINUX_IRQFLAGS_H
#define _LINUX_IRQFLAGS_H
#include <linux/types.h>
void arch_local_irq_disable(void);
void arch_local_irq_enable(void);
unsigned long arch_local_irq_save(void);
void arch_local_irq_restore(unsigned long flags);
int arch_irqs_disabled(void);
#define irqs_disabled() arch_irqs_disabled()
#define raw_local_irq_disable() arch_local_irq_disable()
#define raw_local_irq_enable() arch_local_irq_enable()
#define raw_local_irq_save(flags)                                                                  \
  do {                                                                                             \
    typecheck(unsigned long, flags);                                                               \
    flags = arch_local_irq_save();                                                                 \
  } while (0)
#define raw_local_irq_restore(flags)                                                               \
  do {                                                                                             \
    typecheck(unsigned long, flags);                                                               \
    arch_local_irq_restore(flags);                                                                 \
  } while (0)
#define local_irq_enable()                                                                         \
  do {                                                                                             \
    raw_local_irq_enable();                                                                        \
  } while (0)
#define local_irq_disable()                                                                        \
  do {                                                                                             \
    raw_local_irq_disable();                                                                       \
  } while (0)
#define local_irq_save(flags)                                                                      \
  do {                                                                                             \
    raw_local_irq_save(flags);                                                                     \
  } while (0)
#define local_irq_restore(flags)                                                                   \
  do {                                                                                             \
    raw_local_irq_restore(flags);                                                                  \
  } while (0)
#endif
