// Where memory came from, through locals, casts, conditional assignment,
// container_of(), helpers that return memory and helpers that free their
// parameter; is_vmalloc_addr() and kvfree() make mixed memory fine.
// RUN: %check_allocflags %s allocflags-backend-mismatch %t -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct buf {
  int len;
  char data[];
};

struct wrap {
  int id;
  struct buf b;
};

// Allocate by size: either backend.
static void *big_or_small(unsigned long n) {
  void *p;
  if (n > 4096)
    p = vmalloc(n);
  else
    p = kmalloc(n, GFP_KERNEL);
  return p;
}

void by_size_kfree(unsigned long n) {
  char *p = big_or_small(n);
  kfree(p);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'big_or_small' (kmalloc, vmalloc), which it cannot free; use 'kvfree' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-10]]:9: note: 'big_or_small' returns memory from 'vmalloc' here
}

void by_size_ok(unsigned long n) {
  void *p = big_or_small(n);
  kvfree(p); // negative
}

void guarded(unsigned long n) {
  void *p = n > 4096 ? vmalloc(n) : kmalloc(n, GFP_KERNEL);
  if (is_vmalloc_addr(p))
    vfree(p); // negative: only vmalloc memory here
  else
    kfree(p); // negative: only kmalloc memory here
}

void through_casts_and_container_of(unsigned long n) {
  struct wrap *w = kvzalloc(sizeof(*w) + n, GFP_KERNEL);
  struct buf *b = &w->b;
  char *raw = (char *)w;
  struct wrap *back = container_of(b, struct wrap, b);
  kfree(back);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'kvzalloc' (kvmalloc), which it cannot free; use 'kvfree' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-6]]:20: note: allocated by 'kvzalloc' here
  (void)raw;
}

// A helper that frees its parameter: judged where the free is, with the
// memory its caller passes.
static void release(void *p) {
  kfree(p);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'vmalloc' (vmalloc), which it cannot free; use 'vfree' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE+5]]:3: note: passed as 'p' by 'uses_release' here
  // CHECK-NOTES: :[[@LINE+3]]:13: note: allocated by 'vmalloc' here
}
void uses_release(unsigned long n) {
  void *v = vmalloc(n);
  release(v);
  release(kmalloc(n, GFP_KERNEL)); // negative
}

// Error paths free what was allocated.
int setup(void **out, unsigned long n) {
  void *table = vzalloc(n);
  void *index;
  if (!table)
    return -ENOMEM;
  index = kcalloc(n, 4, GFP_KERNEL);
  if (!index)
    goto err_table;
  *out = index;
  return 0;
err_table:
  kfree(table);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'vzalloc' (vmalloc), which it cannot free; use 'vfree' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-12]]:17: note: allocated by 'vzalloc' here
  return -ENOMEM;
}
