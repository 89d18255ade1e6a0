// kvfree() sleeps only in vfree(), for memory that may be a vmalloc mapping.
// Memory the function knows decides: kvmalloc() with blocking flags may fall
// back to vmalloc (ipc/sem.c: find_alloc_undo() frees its GFP_KERNEL undo
// structure under the semaphore's lock - a real sleep), kvmalloc() with
// flags that do not block never does (mm/util.c), kmalloc() memory and NULL
// are not.  Memory it does not know (a parameter) may be either - that is
// why the code calls kvfree() - and is still reported (lib/rhashtable.c's
// bucket_table_free(), whatever its callers pass).
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/gfp.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct sem_undo {
  int semid;
  short semadj[8];
};
struct sem_array {
  spinlock_t lock;
  struct sem_undo *undo;
  int complex;
};

int find_alloc_undo(struct sem_array *sma, int nsems) {
  struct sem_undo *new = kvzalloc(sizeof(*new) + sizeof(short) * nsems, GFP_KERNEL);
  if (!new)
    return -12;
  spin_lock(&sma->lock);
  if (sma->undo) {
    kvfree(new);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'kvfree' may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: spin lock 'sma->lock' acquired here
    spin_unlock(&sma->lock);
    return 0;
  }
  sma->undo = new;
  spin_unlock(&sma->lock);
  return 0;
}

struct bucket_table {
  unsigned int size;
  void *buckets[];
};
struct rhashtable {
  spinlock_t lock;
  struct bucket_table *tbl;
  struct bucket_table *future_tbl;
};

static void bucket_table_free(struct bucket_table *tbl) { kvfree(tbl); }
// CHECK-NOTES: :[[@LINE-1]]:59: warning: 'kvfree' may sleep in atomic context [allocflags-sleep-in-atomic]
// CHECK-NOTES: :{{[0-9]+}}:5: note: called from 'insert_rehash' here
// CHECK-NOTES: :{{[0-9]+}}:9: note: called from 'insert_slow' here
// CHECK-NOTES: :{{[0-9]+}}:3: note: RCU read-side critical section entered here

static int rehash_attach(struct rhashtable *ht, struct bucket_table *new_tbl) {
  spin_lock(&ht->lock);
  if (ht->future_tbl) {
    spin_unlock(&ht->lock);
    return -17;
  }
  ht->future_tbl = new_tbl;
  spin_unlock(&ht->lock);
  return 0;
}

static int insert_rehash(struct rhashtable *ht, unsigned int size) {
  struct bucket_table *new_tbl = kvzalloc(sizeof(*new_tbl) + size * sizeof(void *), GFP_ATOMIC | __GFP_NOWARN);
  if (!new_tbl)
    return -12;
  if (rehash_attach(ht, new_tbl)) {
    kvfree(new_tbl); // negative: GFP_ATOMIC kvmalloc memory is kmalloc memory
    bucket_table_free(new_tbl);
    return 0;
  }
  return 0;
}

int insert_slow(struct rhashtable *ht, unsigned int size) {
  int err;
  rcu_read_lock();
  err = insert_rehash(ht, size);
  rcu_read_unlock();
  return err;
}

void drop_table(struct rhashtable *ht) {
  struct bucket_table *tbl = kmalloc(sizeof(*tbl), GFP_KERNEL);
  spin_lock(&ht->lock);
  kvfree(tbl); // negative: kmalloc memory
  kvfree(NULL); // negative
  spin_unlock(&ht->lock);
}
