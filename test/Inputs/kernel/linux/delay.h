#ifndef _LINUX_DELAY_H
#define _LINUX_DELAY_H
void msleep(unsigned int msecs);
unsigned long msleep_interruptible(unsigned int msecs);
void usleep_range(unsigned long min, unsigned long max);
static inline void ssleep(unsigned int seconds) { msleep(seconds * 1000); }
void __udelay(unsigned long usecs);
#define udelay(n) __udelay(n)
#define mdelay(n) __udelay((n) * 1000)
#endif
