// Misuse: krealloc() of vmalloc memory (the seed discussion's example).
// RUN: %check_allocflags %s allocflags-sleep-in-atomic,allocflags-backend-mismatch %t -- -std=c++20 -I%kalloc_inc
// RUN: %expect_exit -6 %kalloc_bin/kalloc-misuse-krealloc-vmalloc | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: kalloc: BUG: krealloc() of vmalloc memory 0x{{[0-9a-f]+}}: it came from vmalloc(); free it with vfree() or kvfree() [backend-mismatch]
#include <kalloc/kalloc.h>

using namespace kalloc;

int main() {
  void *Buf = vmalloc(4096);
  void *Bigger = krealloc(Buf, 8192, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'krealloc' resizes memory from 'vmalloc' (vmalloc), which it cannot resize [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:15: note: allocated by 'vmalloc' here
  kvfree(Bigger ? Bigger : Buf);
  return 0;
}
