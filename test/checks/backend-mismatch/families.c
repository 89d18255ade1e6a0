// Each allocator family freed by a free that cannot take it, both ways; the
// frees that can (kvfree takes kmalloc and vmalloc memory too) are silent.
// RUN: %check_allocflags %s allocflags-backend-mismatch %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-backend-mismatch %t -- -I%kernel_inc -DAF_NEWER_KERNEL
#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

void vmalloc_to_kfree(unsigned long n) {
  void *p = vzalloc(n);
  kfree(p);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'vzalloc' (vmalloc), which it cannot free; use 'vfree' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: allocated by 'vzalloc' here
}

void kmalloc_to_vfree(unsigned long n) {
  void *p = kmalloc(n, GFP_KERNEL);
  vfree(p);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'vfree' frees memory from 'kmalloc' (kmalloc), which it cannot free; use 'kfree' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: allocated by 'kmalloc' here
}

void kvmalloc_to_kfree(unsigned long n) {
  void *p = kvzalloc(n, GFP_KERNEL);
  kfree(p);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'kvzalloc' (kvmalloc), which it cannot free; use 'kvfree' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: allocated by 'kvzalloc' here
}

void kvmalloc_to_vfree(unsigned long n) {
  void *p = kvcalloc(n, 8, GFP_KERNEL);
  vfree(p);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'vfree' frees memory from 'kvcalloc' (kvmalloc), which it cannot free; use 'kvfree' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: allocated by 'kvcalloc' here
}

void devm_by_hand(struct device *dev) {
  void *p = devm_kzalloc(dev, 64, GFP_KERNEL);
  kfree(p);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'devm_kzalloc' (devm), which it cannot free [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: allocated by 'devm_kzalloc' here
  devm_kfree(dev, p); // negative
}

void pages_to_kfree(void) {
  unsigned long page = __get_free_pages(GFP_KERNEL, 1);
  void *p = (void *)get_zeroed_page(GFP_KERNEL);
  kfree(p);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'get_zeroed_page' (pages), which it cannot free [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-3]]:21: note: allocated by 'get_zeroed_page' here
  free_pages(page, 1); // negative
}

// Negatives: the right frees.
void right_frees(unsigned long n) {
  void *a = kmalloc(n, GFP_KERNEL), *b = vmalloc(n), *c = kvmalloc(n, GFP_KERNEL);
  void *d = kmalloc(n, GFP_KERNEL), *e = vzalloc(n);
  kfree(a);
  vfree(b);
  kvfree(c);
  kvfree(d); // kvfree takes kmalloc memory
  kvfree(e); // and vmalloc memory
  kfree(NULL);
}
