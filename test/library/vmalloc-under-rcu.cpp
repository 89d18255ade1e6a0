// Misuse: vmalloc() (always GFP_KERNEL, always may sleep) inside an RCU
// read-side section.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic,allocflags-backend-mismatch %t -- -std=c++20 -I%kalloc_inc
// RUN: %expect_exit -6 %kalloc_bin/kalloc-misuse-vmalloc-under-rcu | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: kalloc: BUG: sleeping function called from invalid context at {{.*}}; in_atomic(): 1, RCU read-side section entered (rcu_read_lock) at {{.*}}vmalloc-under-rcu.cpp:[[#@LINE+8]] [sleep-in-atomic]
#include <kalloc/kalloc.h>

using namespace kalloc;

void *Table;

int main() {
  RcuReadGuard G;
  Table = vmalloc(1 << 20);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'vmalloc' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:16: note: RCU read-side critical section entered here (inside 'RcuReadGuard')
  vfree(Table);
  return 0;
}
