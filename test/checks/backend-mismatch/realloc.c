// Resizing: krealloc only kmalloc memory.
// RUN: %check_allocflags %s allocflags-backend-mismatch %t -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/vmalloc.h>

void *grow_vmalloc(unsigned long n) {
  void *p = vmalloc(n);
  p = krealloc(p, 2 * n, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'krealloc' resizes memory from 'vmalloc' (vmalloc), which it cannot resize [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: allocated by 'vmalloc' here
  return p;
}

void *grow_kvmalloc(unsigned long n) {
  void *p = kvmalloc(n, GFP_KERNEL);
  return krealloc(p, 2 * n, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'krealloc' resizes memory from 'kvmalloc' (kvmalloc), which it cannot resize [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: allocated by 'kvmalloc' here
}

void *grow_ok(unsigned long n) {
  void *p = kmalloc(n, GFP_KERNEL);
  p = krealloc(p, 2 * n, GFP_KERNEL); // negative
  p = krealloc(p, 4 * n, GFP_KERNEL); // negative: still kmalloc memory
  return p;
}
