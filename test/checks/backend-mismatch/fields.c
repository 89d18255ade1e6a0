// Memory stored in a record field in one function and freed in another: the
// whole TU's stores into the field tell what it holds.
// RUN: %check_allocflags %s allocflags-backend-mismatch %t -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct encoder {
  void *encoder_buf;
  void *table;
  void *either;
};

int encoder_init(struct encoder *e, unsigned long n, int big) {
  e->encoder_buf = vzalloc(n);
  e->table = kvmalloc(n, GFP_KERNEL);
  e->either = big ? vmalloc(n) : kmalloc(n, GFP_KERNEL);
  return e->encoder_buf ? 0 : -ENOMEM;
}

void encoder_destroy(struct encoder *e) {
  kfree(e->encoder_buf);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kfree' frees memory from 'vzalloc' (vmalloc), which it cannot free; use 'vfree' [allocflags-backend-mismatch]
  // CHECK-NOTES: :[[@LINE-9]]:20: note: 'encoder.encoder_buf' is set to memory from 'vzalloc' here
  e->encoder_buf = NULL;
  kvfree(e->table); // negative
  kfree(e->either); // negative: the field holds both; this free may match
}
