// A lock assertion on an rwlock_t (__must_hold, lockdep_assert_held) cannot
// tell read mode from write mode: read_unlock() of the asserted lock releases
// it, so jbd2's add_transaction_credits() shape - read_unlock() before it
// waits - is silent.  The twin sleeps without dropping the lock.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/spinlock.h>
#include <linux/delay.h>
typedef struct journal_s { rwlock_t j_state_lock; int credits; } journal_t;
static int add_credits(journal_t *journal, int blocks) __must_hold(&journal->j_state_lock) {
  if (journal->credits + blocks > 100) {
    read_unlock(&journal->j_state_lock);
    msleep(1);
    return 1;
  }
  return 0;
}
static int add_credits_bad(journal_t *journal, int blocks) __must_hold(&journal->j_state_lock) {
  if (journal->credits + blocks > 100)
    msleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :[[@LINE-4]]:60: note: 'add_credits_bad' is called with 'journal->j_state_lock' held (__must_hold)
  return 0;
}
int start(journal_t *j) { int r; read_lock(&j->j_state_lock); r = add_credits(j, 1); if (!r) read_unlock(&j->j_state_lock); return r + add_credits_bad(j, 2); }
