// A disciplined function calling a helper that is not disciplined and
// allocates, directly or further down: reported at the call, with the chain
// down to the allocation.  A disciplined callee is reported where it
// allocates, not again at its callers; a callee that takes gfp flags is how
// its caller says how.
// RUN: %check_allocflags %s allocflags-implicit-allocation %t -- -std=c++20 -I%kalloc_inc
#include <vector>
#include <kalloc/annotations.h>

typedef unsigned int gfp_t;

static void record(std::vector<int> &Log, int V) { Log.push_back(V); }
static void log_event(std::vector<int> &Log, int V) { record(Log, V); }
static int pure(int V) { return V * 2; }
void *pool_get(unsigned long N, gfp_t Gfp);
static void *pool_get_twice(unsigned long N, gfp_t Gfp) { return new char[N]; }

namespace ALLOCFLAGS_DISCIPLINED drv {

void inner(std::vector<int> &Log) {
  Log.push_back(1);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'std::vector::push_back' allocates without gfp flags in flag-disciplined 'drv::inner' [allocflags-implicit-allocation]
}

void handle(std::vector<int> &Log, gfp_t Gfp) {
  log_event(Log, pure(3));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'log_event' allocates without gfp flags ('std::vector::push_back'), called from flag-disciplined 'drv::handle' [allocflags-implicit-allocation]
  // CHECK-NOTES: :13:55: note: 'log_event' calls 'record' here
  // CHECK-NOTES: :12:56: note: 'record' allocates here with 'std::vector::push_back'
  inner(Log);
  pool_get(64, Gfp);
  pool_get_twice(64, Gfp);
}

} // namespace drv
