#ifndef __LINUX_REFCOUNT_H
#define __LINUX_REFCOUNT_H
#include <linux/types.h>
typedef struct refcount_struct {
  int refs;
} refcount_t;
/* True when the count dropped to zero: the caller frees the object. */
bool refcount_dec_and_test(refcount_t *r);
void refcount_inc(refcount_t *r);
#endif
