// C++ RAII lock guards: the constructor takes the lock, the destructor (run at
// every scope exit) releases it.  Inferred from their bodies in the TU.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -x c++ -std=gnu++20 -I%kernel_inc
#include <linux/slab.h>
#include <linux/spinlock.h>

class SpinGuard {
public:
  explicit SpinGuard(spinlock_t *l) : l_(l) { spin_lock(l); }
  ~SpinGuard() { spin_unlock(l_); }
  SpinGuard(const SpinGuard &) = delete;

private:
  spinlock_t *l_;
};

struct Device {
  spinlock_t lock;
  void *buf;
  int refill(bool early);
};

int Device::refill(bool early) {
  {
    SpinGuard g(&lock);
    buf = kmalloc(64, GFP_KERNEL);
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES: :[[@LINE-3]]:15: note: spin lock 'lock' acquired here (inside 'SpinGuard')
    if (early)
      return 1;
  }
  buf = kmalloc(64, GFP_KERNEL); // negative: the guard is gone
  return 0;
}

// A lock class and a generic guard template, like std::lock_guard over a
// spin-lock wrapper: effects flow through the template instance and the
// member calls.
class SpinLock {
public:
  void lock() { spin_lock(&raw_); }
  void unlock() { spin_unlock(&raw_); }

private:
  spinlock_t raw_;
};

template <class Mutex> class lock_guard {
public:
  explicit lock_guard(Mutex &m) : m_(m) { m_.lock(); }
  ~lock_guard() { m_.unlock(); }

private:
  Mutex &m_;
};

struct Queue {
  SpinLock lock;
  void *slot;
};

void queue_push(Queue &q) {
  {
    lock_guard<SpinLock> g(q.lock);
    q.slot = kmalloc(16, GFP_KERNEL);
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES: :[[@LINE-3]]:26: note: spin lock acquired here (inside 'lock_guard')
  }
  q.slot = kmalloc(16, GFP_KERNEL); // negative
  q.lock.lock();
  auto refill = [&q] { q.slot = kmalloc(16, GFP_ATOMIC); };
  refill();
  q.slot = kmalloc(16, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-5]]:10: note: spin lock 'q.lock.raw_' acquired here (inside 'lock')
  q.lock.unlock();
}
