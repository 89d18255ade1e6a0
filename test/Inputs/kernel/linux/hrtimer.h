#ifndef _LINUX_HRTIMER_H
#define _LINUX_HRTIMER_H
#include <linux/types.h>
enum hrtimer_restart { HRTIMER_NORESTART, HRTIMER_RESTART };
struct hrtimer {
  s64 expires;
  enum hrtimer_restart (*function)(struct hrtimer *);
};
void hrtimer_init(struct hrtimer *timer, int which_clock, int mode);
#define CLOCK_MONOTONIC 1
#define HRTIMER_MODE_REL 1
#endif
