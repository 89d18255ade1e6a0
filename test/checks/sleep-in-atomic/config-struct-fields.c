// A caller that describes a request in a local configuration struct and
// passes its address (`struct route_config cfg = { .table = ..., };
// route_create(&cfg, GFP_ATOMIC)`, as addrconf_f6i_alloc() does with
// struct fib6_config): the fields its initialiser leaves out are zero, so a
// callee's tests of them are decided, also past a function that passes the
// pointer on - `metrics_init(cfg->mx)` returns before
// its GFP_KERNEL allocation when `mx` is NULL, `if (cfg->nh_id)` skips a
// sleeping lookup, `if (cfg->flags & RTF_EXPIRES)` a sleeping wait.  Other
// fields written after the initialiser, or by the function that passes it
// on, do not matter.  The twins fill a field in on the way, write it after
// the initialiser, or hand the struct to another function first: each is
// reported.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t -- -I%kernel_inc
#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define RTF_UP 0x1
#define RTF_EXPIRES 0x400000

struct nlattr;

struct route_config {
  int table;
  int ifindex;
  int type;
  unsigned int flags;
  unsigned int nh_id;
  struct nlattr *mx;
  int mx_len;
  struct {
    void *net;
  } info;
};

struct route {
  void *metrics;
  void *nh;
};

static struct mutex nh_lock;
static spinlock_t dev_lock;
static struct nlattr *user_metrics;

static void *metrics_init(struct nlattr *mx, int len) {
  if (!mx)
    return NULL;
  return kzalloc(len, GFP_KERNEL);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'kzalloc' with GFP_KERNEL may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :85:17: note: called from 'route_create' here
  // CHECK-NOTES: :102:10: note: called from 'route_add_metrics' here
  // CHECK-NOTES: :128:8: note: called from 'addr_route_filled' here
  // CHECK-NOTES: :127:3: note: spin lock 'dev_lock' acquired here
}

static void *nh_find(unsigned int id) {
  void *nh;
  mutex_lock(&nh_lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'mutex_lock' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :84:14: note: called from 'route_create' here
  // CHECK-NOTES: :139:8: note: called from 'addr_route_written' here
  // CHECK-NOTES: :138:3: note: spin lock 'dev_lock' acquired here
  nh = (void *)(unsigned long)id;
  mutex_unlock(&nh_lock);
  return nh;
}

void route_fixup(struct route_config *cfg);

static void route_expire(struct route_config *cfg) {
  if (cfg->flags & RTF_EXPIRES)
    msleep(1); // waits for the garbage collector
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'msleep' may sleep in atomic context [allocflags-sleep-in-atomic]
  // CHECK-NOTES: :150:3: note: called from 'addr_route_handed' here
  // CHECK-NOTES: :149:3: note: spin lock 'dev_lock' acquired here
}

static struct route *route_create(struct route_config *cfg, gfp_t gfp) {
  struct route *rt = kzalloc(sizeof(*rt), gfp);
  if (!rt)
    return NULL;
  if (cfg->nh_id)
    rt->nh = nh_find(cfg->nh_id);
  rt->metrics = metrics_init(cfg->mx, cfg->mx_len);
  route_expire(cfg);
  return rt;
}

/// ip6_route_add(): passes the caller's struct on; the field it changes is
/// not one route_create() tests.
static struct route *route_add(struct route_config *cfg, gfp_t gfp) {
  if (!cfg->type)
    cfg->type = 1;
  return route_create(cfg, gfp);
}

/// Passes it on with the metrics filled in.
static struct route *route_add_metrics(struct route_config *cfg) {
  cfg->mx = user_metrics;
  cfg->mx_len = 8;
  return route_create(cfg, GFP_ATOMIC);
}

/// addrconf_f6i_alloc(): only the fields it names are set.
struct route *addr_route(void *net, int ifindex, int anycast) {
  struct route_config cfg = {
      .table = 255,
      .ifindex = ifindex,
      .flags = RTF_UP,
      .info.net = net,
  };
  struct route *rt;
  if (anycast)
    cfg.type = 2;
  spin_lock(&dev_lock);
  rt = route_add(&cfg, GFP_ATOMIC); // negative: no nh_id, no mx, no RTF_EXPIRES
  spin_unlock(&dev_lock);
  return rt;
}

/// The metrics are filled in on the way: route_create() allocates them with
/// GFP_KERNEL.
struct route *addr_route_filled(int ifindex) {
  struct route_config cfg = {.table = 255, .ifindex = ifindex, .flags = RTF_UP};
  struct route *rt;
  spin_lock(&dev_lock);
  rt = route_add_metrics(&cfg);
  spin_unlock(&dev_lock);
  return rt;
}

/// Left out by the initialiser, set afterwards.
struct route *addr_route_written(int ifindex, unsigned int id) {
  struct route_config cfg = {.table = 255, .ifindex = ifindex, .flags = RTF_UP};
  struct route *rt;
  cfg.nh_id = id;
  spin_lock(&dev_lock);
  rt = route_create(&cfg, GFP_ATOMIC);
  spin_unlock(&dev_lock);
  return rt;
}

/// Handed to another function first: it may have set anything.
struct route *addr_route_handed(int ifindex) {
  struct route_config cfg = {.table = 255, .ifindex = ifindex, .flags = RTF_UP};
  struct route *rt;
  route_fixup(&cfg);
  spin_lock(&dev_lock);
  route_expire(&cfg);
  rt = 0;
  spin_unlock(&dev_lock);
  return rt;
}
