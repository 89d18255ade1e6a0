#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H
#include <linux/preempt.h>
#include <linux/types.h>
typedef enum irqreturn { IRQ_NONE = 0, IRQ_HANDLED = 1, IRQ_WAKE_THREAD = 2 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int, void *);
#define IRQF_SHARED 0x00000080
#define IRQF_ONESHOT 0x00002000
#define IRQF_NO_THREAD 0x00010000
int request_threaded_irq(unsigned int irq, irq_handler_t handler, irq_handler_t thread_fn,
                         unsigned long flags, const char *name, void *dev);
static inline int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
                              const char *name, void *dev) {
  return request_threaded_irq(irq, handler, NULL, flags, name, dev);
}
int devm_request_threaded_irq(struct device *dev, unsigned int irq, irq_handler_t handler,
                              irq_handler_t thread_fn, unsigned long irqflags, const char *devname,
                              void *dev_id);
static inline int devm_request_irq(struct device *dev, unsigned int irq, irq_handler_t handler,
                                   unsigned long irqflags, const char *devname, void *dev_id) {
  return devm_request_threaded_irq(dev, irq, handler, NULL, irqflags, devname, dev_id);
}
void free_irq(unsigned int irq, void *dev_id);

struct tasklet_struct {
  struct tasklet_struct *next;
  unsigned long state;
  bool use_callback;
  union {
    void (*func)(unsigned long data);
    void (*callback)(struct tasklet_struct *t);
  };
  unsigned long data;
};
void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *));
void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data);
void tasklet_schedule(struct tasklet_struct *t);
#define in_interrupt() (__in_interrupt_count() != 0)
#define in_softirq() (__in_softirq_count() != 0)
#define in_hardirq() (__in_hardirq_count() != 0)
#define in_irq() in_hardirq()
int __in_interrupt_count(void);
int __in_softirq_count(void);
int __in_hardirq_count(void);
#endif
