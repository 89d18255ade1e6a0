// A function the analysis knows nothing about (no model entry, no summary,
// no body) that takes gfp_t flags is taken to allocate with them
// (UnknownCallees=gfp-param, the default); UnknownCallees=nothing assumes
// nothing.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=GFP -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --option UnknownCallees=nothing -- -I%kernel_inc
#include <linux/gfp.h>
#include <linux/spinlock.h>

struct urb;
int usb_submit_urb_like(struct urb *u, gfp_t mem_flags);
void driver_poke(struct urb *u, int value);

struct port {
  spinlock_t lock;
  struct urb *urb;
};

void kick(struct port *p) {
  spin_lock(&p->lock);
  usb_submit_urb_like(p->urb, GFP_KERNEL);
  // CHECK-NOTES-GFP: :[[@LINE-1]]:3: warning: 'usb_submit_urb_like' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES-GFP: :[[@LINE-12]]:5: note: 'usb_submit_urb_like' is unknown to allocflags; it takes gfp flags and is assumed to allocate with them
  // CHECK-NOTES-GFP: :[[@LINE-4]]:3: note: spin lock 'p->lock' acquired here
  usb_submit_urb_like(p->urb, GFP_ATOMIC); // negative
  driver_poke(p->urb, 1);                  // negative: no gfp_t parameter
  spin_unlock(&p->lock);
}
