// C++ destructors that run without a call in the source: `delete` runs the
// pointee's, and a destructor runs its members' after its body.  One that
// sleeps (a session whose worker waits on a mutex) is entered with the spin
// lock held where the object is deleted under it, and reported where it
// sleeps; one that only frees is not.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -x c++ -std=gnu++20 -I%kernel_inc
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct Worker {
  struct mutex *lock;
  ~Worker() {
    mutex_lock(lock); // waits for the worker to finish its item
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'mutex_lock' may sleep in atomic context [allocflags-sleep-in-atomic]
    // CHECK-NOTES: :25:28: note: called from '~Session' here
    // CHECK-NOTES: :45:3: note: called from 'table_drop' here
    // CHECK-NOTES: :43:3: note: spin lock 't->lock' acquired here
    mutex_unlock(lock);
  }
};

/// Destroys its Worker member after the body: sleeps there.
struct Session {
  ~Session() { kfree(buf); }
  void *buf;
  Worker worker;
};

/// Frees and nothing else.
struct Packet {
  ~Packet() { kfree(data); }
  void *data;
};

struct Table {
  spinlock_t lock;
  Session *session;
  Packet *packet;
};

void table_drop(Table *t) {
  spin_lock(&t->lock);
  delete t->packet; // negative: ~Packet only frees
  delete t->session; // reported in ~Worker, entered from here
  spin_unlock(&t->lock);
  delete t->session; // negative: the lock is dropped
}
