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
/* kfree_rcu() as Linux 6.1 builds it: two arguments queue the object by its
 * rcu_head; one argument has no head and may wait for a grace period. */
void kvfree_call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
#define KVFREE_GET_MACRO(_1, _2, NAME, ...) NAME
#define kvfree_rcu_arg_2(ptr, rhf)                                                                 \
  do {                                                                                             \
    typeof(ptr) ___p = (ptr);                                                                      \
    if (___p)                                                                                      \
      kvfree_call_rcu(&((___p)->rhf), (void (*)(struct rcu_head *))0);                             \
  } while (0)
#define kvfree_rcu_arg_1(ptr)                                                                      \
  do {                                                                                             \
    typeof(ptr) ___p = (ptr);                                                                      \
    if (___p)                                                                                      \
      kvfree_call_rcu(0, (void (*)(struct rcu_head *))(___p));                                     \
  } while (0)
#define kvfree_rcu(...) KVFREE_GET_MACRO(__VA_ARGS__, kvfree_rcu_arg_2, kvfree_rcu_arg_1)(__VA_ARGS__)
#define kfree_rcu(ptr, rhf...) kvfree_rcu(ptr, ##rhf)
int srcu_read_lock(void *ssp);
void srcu_read_unlock(void *ssp, int idx);
#endif
