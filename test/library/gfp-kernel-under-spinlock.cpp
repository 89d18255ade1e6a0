// Misuse: GFP_KERNEL under the library's spin lock - directly, through a
// KVec growth whose flags reach the allocator, and through a KmemCache's
// inline fast path.  Caught statically
// (allocflags-sleep-in-atomic, from the library's annotations and the
// guard's inferred effect) and at run time (might_sleep()).
// RUN: %check_allocflags %s allocflags-sleep-in-atomic,allocflags-backend-mismatch %t -- -std=c++20 -I%kalloc_inc
// RUN: %expect_exit -6 %kalloc_bin/kalloc-misuse-gfp-kernel-under-spinlock | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: kalloc: BUG: sleeping function called from invalid context at {{.*}}; in_atomic(): 1, spin lock taken (SpinLock) at {{.*}}gfp-kernel-under-spinlock.cpp:[[#@LINE+10]] [sleep-in-atomic]
#include <kalloc/kalloc.h>

using namespace kalloc;

SpinLock Lock;
KVec<int> Items;
KmemCache<long> Cache("under_lock");

int main() {
  SpinGuard G(Lock);
  void *P = kmalloc(64, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: spin lock acquired here (inside 'SpinGuard')
  kfree(P);
  if (!Items.push(1, GFP_KERNEL))
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'push' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: kalloc/vec.h:{{[0-9]+}}:{{[0-9]+}}: note: 'push' passes its gfp flags to 'grow' here
  // CHECK-NOTES: kalloc/vec.h:{{[0-9]+}}:{{[0-9]+}}: note: 'grow' passes its gfp flags to 'realloc' here
  // CHECK-NOTES: :[[@LINE-9]]:13: note: spin lock acquired here (inside 'SpinGuard')
    return 1;
  CacheBox<long> O = Cache.alloc(1, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'alloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: kalloc/kmem_cache.h:{{[0-9]+}}:{{[0-9]+}}: note: 'alloc' passes its gfp flags to 'cache_alloc_fast' here
  // CHECK-NOTES: :[[@LINE-14]]:13: note: spin lock acquired here (inside 'SpinGuard')
  return 0;
}
