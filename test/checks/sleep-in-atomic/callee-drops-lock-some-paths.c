// A callee that releases its caller's lock on some paths only, and sleeps on
// some: path-blind, the sleep may be under the lock, but the paths may be the
// same (a flag tested twice), so the finding is low confidence.
// drivers/usb/host/ohci-hub.c: ohci_rh_resume() drops ohci->lock unless the
// hub was autostopped, and sleeps afterwards only if it was not.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --check-suffixes=LOW --option MinConfidence=low -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/spinlock.h>

#include "Inputs/ohci_hub.h"

void hcd_resume(struct hcd *h, bool reinit) {
  spin_lock_irq(&h->lock);
  if (reinit)
    rh_resume(h);
  else
    rh_resume_locked(h);
  spin_unlock_irq(&h->lock);
}
// CHECK-NOTES-LOW: :[[@LINE-5]]:5: warning: 'rh_resume' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES-LOW: ohci_hub.h:20:5: note: 'rh_resume' may sleep: 'msleep' here
// CHECK-NOTES-LOW: :[[@LINE-9]]:3: note: spin lock 'h->lock' acquired here
// CHECK-NOTES-LOW: :[[@LINE-8]]:5: note: low confidence: 'rh_resume' releases 'h->lock' on some paths before it sleeps; they may be the paths it sleeps on
// CHECK-NOTES: :[[@LINE-7]]:5: warning: 'rh_resume_locked' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: ohci_hub.h:37:5: note: 'rh_resume_locked' may sleep: 'msleep' here
// CHECK-NOTES: :[[@LINE-13]]:3: note: spin lock 'h->lock' acquired here
