// An annotation the checker cannot read is an error at the annotation,
// naming the function and what is wrong; the rest of the file is analysed.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic,allocflags-backend-mismatch %t --expect-error -- -I%kernel_inc -I%kalloc_inc
// CHECK-ERROR-DAG: :[[@LINE+5]]:{{[0-9]+}}: error: bad allocflags annotation on 'odd_alloc': 'allocators: {family: nosuch, flags_arg: 1}': unknown allocator family 'nosuch' (declare it under 'families')
// CHECK-ERROR-DAG: :[[@LINE+5]]:{{[0-9]+}}: error: bad allocflags annotation on 'odd_lock': 'locks: {enter: [spin]}': an annotation starts with a model section
#include <kalloc/annotations.h>
#include <linux/gfp.h>

void *odd_alloc(unsigned long n, gfp_t gfp) ALLOCFLAGS_ALLOCATES(nosuch, 1);
void odd_lock(void) ALLOCFLAGS_ANNOTATE("locks: {enter: [spin]}");

void *user(void) {
  odd_lock();
  return odd_alloc(8, GFP_KERNEL);
}
