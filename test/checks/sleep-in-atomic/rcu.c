// RCU read-side sections: rcu_read_lock, _bh and _sched forms.  SRCU readers
// may sleep and are not atomic.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/rcupdate.h>
#include <linux/slab.h>

struct sbi {
  void **s_group_desc;
  int s_gdb_count;
};

void group_desc_free(struct sbi *sbi) {
  void **group_desc;
  rcu_read_lock();
  group_desc = rcu_dereference(sbi->s_group_desc);
  kvfree(group_desc);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'kvfree' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: RCU read-side critical section entered here
  rcu_read_unlock();
}

void *bh_section(struct sbi *sbi) {
  void *p;
  rcu_read_lock_bh();
  p = kmalloc(sbi->s_gdb_count, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: RCU read-side critical section entered here
  rcu_read_unlock_bh();
  return p;
}

void sched_section(void) {
  rcu_read_lock_sched();
  synchronize_rcu();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'synchronize_rcu' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: RCU read-side critical section entered here
  rcu_read_unlock_sched();
}

// Negative: sleepable RCU.
void *srcu_reader(void *ssp) {
  int idx = srcu_read_lock(ssp);
  void *p = kmalloc(64, GFP_KERNEL);
  srcu_read_unlock(ssp, idx);
  return p;
}

// Negative: the pointer is fetched under RCU, freed after.
void fetch_then_free(struct sbi *sbi) {
  void **group_desc;
  rcu_read_lock();
  group_desc = rcu_dereference(sbi->s_group_desc);
  rcu_read_unlock();
  kvfree(group_desc);
}
