#ifndef __LINUX_SPINLOCK_H
#define __LINUX_SPINLOCK_H
#include <linux/bottom_half.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/types.h>

typedef struct raw_spinlock { volatile unsigned int raw_lock; } raw_spinlock_t;
typedef struct spinlock { struct raw_spinlock rlock; } spinlock_t;
typedef struct { volatile unsigned int raw_lock; } rwlock_t;

void _raw_spin_lock(raw_spinlock_t *lock) __acquires(lock);
void _raw_spin_lock_bh(raw_spinlock_t *lock) __acquires(lock);
void _raw_spin_lock_irq(raw_spinlock_t *lock) __acquires(lock);
unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock) __acquires(lock);
int _raw_spin_trylock(raw_spinlock_t *lock);
void _raw_spin_unlock(raw_spinlock_t *lock) __releases(lock);
void _raw_spin_unlock_bh(raw_spinlock_t *lock) __releases(lock);
void _raw_spin_unlock_irq(raw_spinlock_t *lock) __releases(lock);
void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags) __releases(lock);

#define raw_spin_lock(lock) _raw_spin_lock(lock)
#define raw_spin_lock_bh(lock) _raw_spin_lock_bh(lock)
#define raw_spin_lock_irq(lock) _raw_spin_lock_irq(lock)
#define raw_spin_lock_irqsave(lock, flags)                                                         \
  do {                                                                                             \
    typecheck(unsigned long, flags);                                                               \
    flags = _raw_spin_lock_irqsave(lock);                                                          \
  } while (0)
#define raw_spin_trylock(lock) __cond_lock(lock, _raw_spin_trylock(lock))
#define raw_spin_unlock(lock) _raw_spin_unlock(lock)
#define raw_spin_unlock_bh(lock) _raw_spin_unlock_bh(lock)
#define raw_spin_unlock_irq(lock) _raw_spin_unlock_irq(lock)
#define raw_spin_unlock_irqrestore(lock, flags)                                                    \
  do {                                                                                             \
    typecheck(unsigned long, flags);                                                               \
    _raw_spin_unlock_irqrestore(lock, flags);                                                      \
  } while (0)
#define raw_spin_trylock_irqsave(lock, flags)                                                      \
  ({                                                                                               \
    local_irq_save(flags);                                                                         \
    raw_spin_trylock(lock) ? 1 : ({                                                                \
      local_irq_restore(flags);                                                                    \
      0;                                                                                           \
    });                                                                                            \
  })

static __always_inline raw_spinlock_t *spinlock_check(spinlock_t *lock) { return &lock->rlock; }
static __always_inline void spin_lock(spinlock_t *lock) { raw_spin_lock(&lock->rlock); }
static __always_inline void spin_lock_bh(spinlock_t *lock) { raw_spin_lock_bh(&lock->rlock); }
static __always_inline void spin_lock_irq(spinlock_t *lock) { raw_spin_lock_irq(&lock->rlock); }
static __always_inline int spin_trylock(spinlock_t *lock) { return raw_spin_trylock(&lock->rlock); }
static __always_inline void spin_unlock(spinlock_t *lock) { raw_spin_unlock(&lock->rlock); }
static __always_inline void spin_unlock_bh(spinlock_t *lock) { raw_spin_unlock_bh(&lock->rlock); }
static __always_inline void spin_unlock_irq(spinlock_t *lock) { raw_spin_unlock_irq(&lock->rlock); }
static __always_inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags) {
  raw_spin_unlock_irqrestore(&lock->rlock, flags);
}
#define spin_lock_irqsave(lock, flags)                                                             \
  do {                                                                                             \
    raw_spin_lock_irqsave(spinlock_check(lock), flags);                                            \
  } while (0)
#define spin_trylock_irqsave(lock, flags)                                                          \
  ({ raw_spin_trylock_irqsave(spinlock_check(lock), flags); })
#define spin_lock_init(lock) ((lock)->rlock.raw_lock = 0)
#define DEFINE_SPINLOCK(x) spinlock_t x = {{0}}

void _raw_read_lock(rwlock_t *lock);
void _raw_read_unlock(rwlock_t *lock);
void _raw_write_lock(rwlock_t *lock);
void _raw_write_unlock(rwlock_t *lock);
void _raw_write_lock_bh(rwlock_t *lock);
void _raw_write_unlock_bh(rwlock_t *lock);
unsigned long _raw_read_lock_irqsave(rwlock_t *lock);
void _raw_read_unlock_irqrestore(rwlock_t *lock, unsigned long flags);
#define read_lock(lock) _raw_read_lock(lock)
#define read_unlock(lock) _raw_read_unlock(lock)
#define write_lock(lock) _raw_write_lock(lock)
#define write_unlock(lock) _raw_write_unlock(lock)
#define write_lock_bh(lock) _raw_write_lock_bh(lock)
#define write_unlock_bh(lock) _raw_write_unlock_bh(lock)
#define read_lock_irqsave(lock, flags)                                                             \
  do {                                                                                             \
    typecheck(unsigned long, flags);                                                               \
    flags = _raw_read_lock_irqsave(lock);                                                          \
  } while (0)
#define read_unlock_irqrestore(lock, flags)                                                        \
  do {                                                                                             \
    typecheck(unsigned long, flags);                                                               \
    _raw_read_unlock_irqrestore(lock, flags);                                                      \
  } while (0)

#include <linux/cleanup.h>
DEFINE_LOCK_GUARD_1(spinlock, spinlock_t, spin_lock(_T->lock), spin_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_irqsave, spinlock_t, spin_lock_irqsave(_T->lock, _T->flags),
                    spin_unlock_irqrestore(_T->lock, _T->flags), unsigned long flags)
DEFINE_LOCK_GUARD_1(spinlock_bh, spinlock_t, spin_lock_bh(_T->lock), spin_unlock_bh(_T->lock))
#endif
