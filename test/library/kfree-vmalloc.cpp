// Misuse: kfree() of vmalloc memory.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic,allocflags-backend-mismatch %t -- -std=c++20 -I%kalloc_inc
// RUN: %expect_exit -6 %kalloc_bin/kalloc-misuse-kfree-vmalloc | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: kalloc: BUG: kfree() of vmalloc memory 0x{{[0-9a-f]+}}: it came from vmalloc(); free it with vfree() or kvfree() [backend-mismatch]
#include <kalloc/kalloc.h>

using namespace kalloc;

int main() {
  void *Buf = vzalloc(64 * 1024);
  kfree(Buf);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'vzalloc' (vmalloc), which it cannot free; use 'vfree' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:15: note: allocated by 'vzalloc' here
  return 0;
}
