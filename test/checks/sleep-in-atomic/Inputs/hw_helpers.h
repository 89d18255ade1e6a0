// Helpers a driver keeps in its own header (static inline, as the kernel's
// headers do): their bodies are not in the main file.
#include <linux/delay.h>
#include <linux/slab.h>

static inline void hw_settle(void) { msleep(2); }
static inline void *hw_buf(void) { return kzalloc(128, GFP_KERNEL); }
static inline void *hw_buf_atomic(void) { return kzalloc(128, GFP_ATOMIC); }
