#ifndef _LINUX_NOTIFIER_H
#define _LINUX_NOTIFIER_H
#include <linux/spinlock.h>
#include <linux/types.h>
struct notifier_block;
typedef int (*notifier_fn_t)(struct notifier_block *nb, unsigned long action, void *data);
struct notifier_block {
  notifier_fn_t notifier_call;
  struct notifier_block *next;
  int priority;
};
struct atomic_notifier_head {
  spinlock_t lock;
  struct notifier_block *head;
};
struct raw_notifier_head {
  struct notifier_block *head;
};
#define ATOMIC_NOTIFIER_HEAD(name) struct atomic_notifier_head name = { .head = NULL }
#define RAW_NOTIFIER_HEAD(name) struct raw_notifier_head name = { .head = NULL }
int atomic_notifier_chain_register(struct atomic_notifier_head *nh, struct notifier_block *nb);
int raw_notifier_chain_register(struct raw_notifier_head *nh, struct notifier_block *nb);
int atomic_notifier_call_chain(struct atomic_notifier_head *nh, unsigned long val, void *v);
int raw_notifier_call_chain(struct raw_notifier_head *nh, unsigned long val, void *v);
#define NOTIFY_DONE 0x0000
#define NOTIFY_OK 0x0001
#endif
