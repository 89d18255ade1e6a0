// Recursion and mutual recursion: summaries reach a fixpoint inside the cycle,
// and the context flows around it.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/slab.h>
#include <linux/spinlock.h>

struct node {
  struct node *left, *right;
  void *payload;
};

static spinlock_t tree_lock;

// Self-recursive: only the leaf allocates.
static void fill(struct node *n, int depth) {
  if (!n)
    return;
  if (depth == 0) {
    n->payload = kmalloc(32, GFP_KERNEL);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'kmalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
    return;
  }
  fill(n->left, depth - 1);
  fill(n->right, depth - 1);
}

void fill_locked(struct node *root) {
  spin_lock(&tree_lock);
  fill(root, 3);
  spin_unlock(&tree_lock);
}

// A cycle of two functions; the sleep sits in the second.
static void ping(struct node *n, int k);
static void pong(struct node *n, int k) {
  if (k == 0) {
    n->payload = kzalloc(16, GFP_NOIO);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'kzalloc' with GFP_NOIO may sleep in atomic context [allocflags-sleep-in-atomic]
    return;
  }
  ping(n, k - 1);
}
static void ping(struct node *n, int k) {
  if (n)
    pong(n->left, k);
}

void cycle_locked(struct node *root) {
  unsigned long flags;
  spin_lock_irqsave(&tree_lock, flags);
  ping(root, 4);
  spin_unlock_irqrestore(&tree_lock, flags);
}

// Negative: a recursive function that does not sleep.
static int depth_of(struct node *n) {
  if (!n)
    return 0;
  return 1 + depth_of(n->left);
}
int locked_depth(struct node *root) {
  int d;
  spin_lock(&tree_lock);
  d = depth_of(root);
  spin_unlock(&tree_lock);
  return d;
}
