#ifndef _ASM_X86_FPU_API_H
#define _ASM_X86_FPU_API_H
void kernel_fpu_begin_mask(unsigned int kfpu_mask);
void kernel_fpu_end(void);
static inline void kernel_fpu_begin(void) { kernel_fpu_begin_mask(3); }
#endif
