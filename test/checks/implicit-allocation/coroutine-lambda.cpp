// A coroutine's frame is allocated when it is called, with the global
// operator new unless its promise type supplies one; a lambda that captures
// an allocating type by copy copies it where the lambda is made.  Both in
// disciplined code are reported; a promise with its own operator new, a
// capture by reference or of a type that does not allocate are silent.
// RUN: %check_allocflags %s allocflags-implicit-allocation %t -- -std=c++20 -I%kalloc_inc
#include <coroutine>
#include <cstddef>
#include <new>
#include <vector>
#include <kalloc/annotations.h>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

// A promise that allocates its frames from a pool the driver set up.
struct PooledTask {
  struct promise_type {
    static void *operator new(std::size_t N) noexcept;
    static void operator delete(void *P, std::size_t N) noexcept;
    static PooledTask get_return_object_on_allocation_failure() { return {}; }
    PooledTask get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

namespace ALLOCFLAGS_DISCIPLINED drv {

Task poll_device(int Id) {
  if (Id < 0)
    co_return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the coroutine frame ('operator new') allocates without gfp flags in flag-disciplined 'drv::poll_device' [allocflags-implicit-allocation]
  co_await std::suspend_never{};
}

PooledTask poll_pooled(int Id) { // negative: the promise allocates the frame
  co_await std::suspend_never{};
}

int sum_later(const std::vector<int> &Samples, int Scale) {
  auto Copy = [Samples] { return static_cast<int>(Samples.size()); };
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: copy of 'std::vector' allocates without gfp flags in flag-disciplined 'drv::sum_later' [allocflags-implicit-allocation]
  auto Ref = [&Samples, Scale] { return static_cast<int>(Samples.size()) * Scale; }; // negative
  return Copy() + Ref();
}

} // namespace drv

// Outside disciplined code: silent.
Task ordinary(std::vector<int> V) {
  auto F = [V] { return V.size(); };
  F();
  co_return;
}
