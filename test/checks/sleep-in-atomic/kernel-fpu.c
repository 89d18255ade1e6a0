// kernel_fpu_begin/end (amdgpu's DC_FP_START wraps them).
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <asm/fpu/api.h>
#include <linux/slab.h>

#define DC_FP_START() kernel_fpu_begin()
#define DC_FP_END() kernel_fpu_end()

struct dml { double *coeffs; int n; };

void dml_calc(struct dml *d) {
  DC_FP_START();
  d->coeffs = kcalloc(d->n, sizeof(double), GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'kcalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: kernel FPU section entered here (preemption disabled)
  DC_FP_END();
}

void dml_prepare(struct dml *d) {
  d->coeffs = kcalloc(d->n, sizeof(double), GFP_KERNEL);
  DC_FP_START();
  if (d->coeffs)
    d->coeffs[0] = 1.0;
  DC_FP_END();
}
