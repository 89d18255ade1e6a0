// Unambiguous fixes: kfree -> kvfree for kvmalloc memory, kfree -> vfree for
// vmalloc memory; both front ends apply them.
// RUN: cp %s %t.tidy.c && cp %s %t.tool.c
// RUN: %clang_tidy --load=%plugin -checks=-*,allocflags-backend-mismatch -fix %t.tidy.c -- -I%kernel_inc > /dev/null 2>&1
// RUN: FileCheck %s --check-prefix=FIXED < %t.tidy.c
// RUN: %expect_exit 1 %allocflags --fix --checks=-*,allocflags-backend-mismatch %t.tool.c -- -I%kernel_inc > /dev/null
// RUN: FileCheck %s --check-prefix=FIXED < %t.tool.c
#include <linux/slab.h>
#include <linux/vmalloc.h>

void a(unsigned long n) {
  void *p = kvzalloc(n, GFP_KERNEL);
  kfree(p);
  // FIXED: {{^}}  kvfree(p);
}

void b(unsigned long n) {
  void *p = vmalloc(n);
  kfree(p);
  // FIXED: {{^}}  vfree(p);
}
