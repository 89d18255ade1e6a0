// Root-hub code included into the host controller driver, as ohci-hub.c is
// into ohci-hcd.c: its functions are not in the main file, so a sleep in
// them is reported at the call.  (callee-drops-lock-some-paths.c)
struct hcd {
  spinlock_t lock;
  int autostop;
  unsigned control;
};

static int rh_resume(struct hcd *h) {
  int autostopped = h->autostop;
  h->autostop = 0;
  if (autostopped)
    goto skip_resume;
  spin_unlock_irq(&h->lock);
  msleep(33); // released on every path here
skip_resume:
  h->control = 1;
  if (!autostopped)
    msleep(3); // released on the paths that come here, which the analysis does not know
  if (!autostopped)
    spin_lock_irq(&h->lock);
  return 0;
}

// The same, but the lock is held again where it sleeps.
static int rh_resume_locked(struct hcd *h) {
  int autostopped = h->autostop;
  h->autostop = 0;
  if (autostopped)
    goto skip_resume;
  spin_unlock_irq(&h->lock);
  h->control = 2;
  spin_lock_irq(&h->lock);
skip_resume:
  if (!autostopped)
    msleep(3);
  return 0;
}
