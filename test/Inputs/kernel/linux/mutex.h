#ifndef __LINUX_MUTEX_H
#define __LINUX_MUTEX_H
#include <linux/types.h>
struct mutex { atomic_t owner; };
#ifdef CONFIG_DEBUG_LOCK_ALLOC
void mutex_lock_nested(struct mutex *lock, unsigned int subclass);
#define mutex_lock(lock) mutex_lock_nested(lock, 0)
#else
void mutex_lock(struct mutex *lock);
#endif
int mutex_lock_interruptible(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
#define DEFINE_MUTEX(m) struct mutex m = {{0}}
struct semaphore { int count; };
void down(struct semaphore *sem);
int down_trylock(struct semaphore *sem);
void up(struct semaphore *sem);
struct ww_mutex { struct mutex base; };
struct ww_acquire_ctx;
int ww_mutex_lock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx);
void ww_mutex_unlock(struct ww_mutex *lock);
#endif
