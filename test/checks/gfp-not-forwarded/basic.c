// A function that takes gfp flags must pass them on: a call inside it with
// constant sleeping flags ignores its callers' GFP_ATOMIC.
// RUN: %check_allocflags %s allocflags-gfp-not-forwarded %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-gfp-not-forwarded %t -- -I%kernel_inc -DAF_NEWER_KERNEL
// RUN: %check_allocflags %s allocflags-gfp-not-forwarded %t --check-suffixes=LOW --option MinConfidence=low -- -I%kernel_inc
#include <linux/skbuff.h>
#include <linux/slab.h>

struct msg {
  void *hdr, *body;
};

int msg_init(struct msg *m, int len, gfp_t gfp) {
  m->hdr = kmalloc(16, gfp);
  m->body = kmalloc(len, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'kmalloc' is given GFP_KERNEL instead of the caller's gfp flags 'gfp' [allocflags-gfp-not-forwarded]
  // CHECK-NOTES: :[[@LINE-4]]:44: note: 'msg_init' takes its gfp flags in 'gfp'{{$}}
  // CHECK-NOTES: :{{[0-9]+}}:30: note: 'rx_irq' calls it with flags that do not allow blocking
  if (!m->hdr || !m->body)
    return -ENOMEM;
  return 0;
}

static struct sk_buff *build(int len, gfp_t flags) { return alloc_skb(len, flags); }

struct sk_buff *wrap(int len, gfp_t priority) {
  return build(len, GFP_NOFS);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'build' is given GFP_NOFS instead of the caller's gfp flags 'priority' [allocflags-gfp-not-forwarded]
  // CHECK-NOTES: :[[@LINE-3]]:37: note: 'wrap' takes its gfp flags in 'priority'{{$}}
  // CHECK-NOTES: :{{[0-9]+}}:44: note: 'wrap_atomic' calls it with flags that do not allow blocking
}

// Negatives: flags passed on (widened or narrowed), constant non-blocking
// flags, a blocking constant where the caller's flags allow blocking, and a
// function without gfp flags of its own.
int ok(struct msg *m, gfp_t gfp) {
  m->hdr = kzalloc(16, gfp | __GFP_NOWARN);
  m->body = kmalloc(16, GFP_ATOMIC);
  if (gfpflags_allow_blocking(gfp))
    m->body = kmalloc(4096, GFP_KERNEL);
  return 0;
}

void *no_gfp_param(int len) { return kmalloc(len, GFP_KERNEL); }

// A gfp_t parameter that is a mask, not a request: the callee only combines
// it with other flags (like mapping_gfp_constraint(mapping, ~__GFP_FS)).
struct space {
  gfp_t gfp_mask;
};
static inline gfp_t space_gfp_constraint(struct space *s, gfp_t mask) { return s->gfp_mask & mask; }

void *space_alloc(struct space *s, int len, gfp_t gfp) {
  gfp_t g = space_gfp_constraint(s, ~__GFP_FS);
  return kmalloc(len, g & gfp);
}

// Only where some caller passes flags that do not allow blocking is ignoring
// them a bug; that caller is named.  msg_init's caller passes GFP_ATOMIC;
// wrap's comes through a function that forwards its own flags.
void rx_irq(struct msg *m) { msg_init(m, 64, GFP_ATOMIC); }
static struct sk_buff *wrap_fwd(int len, gfp_t gfp) { return wrap(len, gfp); }
struct sk_buff *wrap_atomic(void) { return wrap_fwd(128, GFP_NOWAIT); }

// Every caller may block (the flags are a zone hint here): not a finding
// by default, a low-confidence one for audits.
void *zone_alloc(int len, gfp_t zone) { return kmalloc(len, GFP_KERNEL); }
// CHECK-NOTES-LOW: :[[@LINE-1]]:48: warning: 'kmalloc' is given GFP_KERNEL instead of the caller's gfp flags 'zone' [allocflags-gfp-not-forwarded]
// CHECK-NOTES-LOW: :[[@LINE-2]]:33: note: 'zone_alloc' takes its gfp flags in 'zone'; its callers may not allow blocking
// CHECK-NOTES-LOW: :[[@LINE-3]]:48: note: low confidence: no caller known to allocflags passes 'zone_alloc' flags that do not allow blocking
void *dma_buf(int len) { return zone_alloc(len, GFP_DMA); }
void *plain_buf(int len) { return zone_alloc(len, GFP_KERNEL); }
