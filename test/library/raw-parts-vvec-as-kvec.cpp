// Misuse: the raw parts of a VVec (vmalloc memory) rebuilt as a KVec, which
// would kfree() them.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic,allocflags-backend-mismatch %t -- -std=c++20 -I%kalloc_inc
// RUN: %expect_exit -6 %kalloc_bin/kalloc-misuse-raw-parts-vvec-as-kvec | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: kalloc: BUG: kmalloc::adopt(): memory 0x{{[0-9a-f]+}} came from vmalloc; a kmalloc container can only take kmalloc memory [backend-mismatch]
#include <kalloc/kalloc.h>

using namespace kalloc;

int main() {
  Result<VVec<int>> Big = VVec<int>::with_capacity(1 << 16, GFP_KERNEL);
  if (!Big)
    return 1;
  std::size_t Len, Cap;
  int *Raw = std::move(Big.value()).into_raw_parts(Len, Cap);
  KVec<int> Small = KVec<int>::from_raw_parts(Raw, Len, Cap);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'from_raw_parts' is passed memory from 'into_raw' (vmalloc) and frees it with 'adopt' [allocflags-backend-mismatch]
  // CHECK-NOTES: kalloc/vec.h:{{[0-9]+}}:{{[0-9]+}}: note: 'into_raw_parts' returns memory from 'into_raw' here
  return Small.empty() ? 0 : 1;
}
