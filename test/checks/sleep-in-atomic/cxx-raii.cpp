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
