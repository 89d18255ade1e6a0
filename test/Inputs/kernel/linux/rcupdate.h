#ifndef __LINUX_RCUPDATE_H
#define __LINUX_RCUPDATE_H
#include <linux/bottom_half.h>
#include <linux/compiler.h>
#include <linux/preempt.h>
void __rcu_read_lock(void);
void __rcu_read_unlock(void);
static __always_inline void rcu_read_lock(void) { __rcu_read_lock(); }
static inline void rcu_read_unlock(void) { __rcu_read_unlock(); }
static inline void rcu_read_lock_bh(void) { local_bh_disable(); __rcu_read_lock(); }
static inline void rcu_read_unlock_bh(void) { __rcu_read_unlock(); local_bh_enable(); }
static inline void rcu_read_lock_sched(void) { preempt_disable(); }
static inline void rcu_read_unlock_sched(void) { preempt_enable(); }
#define rcu_dereference(p) READ_ONCE(p)
#define rcu_access_pointer(p) READ_ONCE(p)
#define rcu_assign_pointer(p, v) WRITE_ONCE(p, v)
void synchronize_rcu(void);
struct rcu_head { struct rcu_head *next; void (*func)(struct rcu_head *head); };
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
int srcu_read_lock(void *ssp);
void srcu_read_unlock(void *ssp, int idx);
#endif
