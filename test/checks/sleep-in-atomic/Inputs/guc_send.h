// tested-not-atomic.c: i915's intel_guc_send_busy_loop, a static inline in a header.
static inline int send_busy_loop(struct guc *g, int loop) {
  int err;
  int not_atomic = !in_atomic() && !irqs_disabled();
retry:
  err = send_nb(g);
  if (unlikely(err == -EBUSY && loop)) {
    if (likely(not_atomic))
      msleep(1);
    else
      cpu_relax();
    goto retry;
  }
  return err;
}

// Only an interrupt test: with preemption or a spin lock it still sleeps.
static inline int send_irq_tested(struct guc *g, int loop) {
  int err;
retry:
  err = send_nb(g);
  if (unlikely(err == -EBUSY && loop)) {
    if (!irqs_disabled())
      msleep(1);
    goto retry;
  }
  return err;
}
