// Misuse: an object freed into a cache it did not come from.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic,allocflags-backend-mismatch %t -- -std=c++20 -I%kalloc_inc
// RUN: %expect_exit -6 %kalloc_bin/kalloc-misuse-wrong-cache | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: kalloc: BUG: kmem_cache_free(rx_desc, 0x{{[0-9a-f]+}}): the object belongs to cache 'tx_desc' [wrong-cache]
#include <kalloc/kalloc.h>

using namespace kalloc;

int main() {
  kmem_cache *Tx = kmem_cache_create("tx_desc", 64, 8);
  kmem_cache *Rx = kmem_cache_create("rx_desc", 64, 8);
  void *Desc = kmem_cache_alloc(Tx, GFP_KERNEL);
  kmem_cache_free(Rx, Desc);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kmem_cache_free' returns an object of cache 'Tx' to cache 'Rx' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:16: note: allocated by 'kmem_cache_alloc' here
  kmem_cache_free(Tx, Desc);
  kmem_cache_destroy(Rx);
  kmem_cache_destroy(Tx);
  return 0;
}
