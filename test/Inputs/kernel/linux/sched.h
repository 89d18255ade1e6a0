#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H
#include <linux/kernel.h>
void schedule(void);
long schedule_timeout(long timeout);
int _cond_resched(void);
#define cond_resched() _cond_resched()
struct completion { unsigned int done; };
void wait_for_completion(struct completion *x);
void complete(struct completion *x);
#endif
