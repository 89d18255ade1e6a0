// Misuse: a cache object that outlives its cache.  The compiler sees the
// handle escape the cache's scope ([[clang::lifetimebound]] on alloc(),
// CacheBox a gsl::Pointer); at run time the cache's destruction with an
// object still out is reported.
// RUN: %clang -x c++ -std=c++20 -fsyntax-only -I%kalloc_inc %s 2>&1 | FileCheck %s --check-prefix=COMPILER
// COMPILER: cache-outlives.cpp:[[#@LINE+13]]:10: warning: address of stack memory associated with local variable 'Cache' returned [-Wreturn-stack-address]
// RUN: %expect_exit -6 %kalloc_bin/kalloc-misuse-cache-outlives | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: kalloc: BUG: kmem_cache_destroy(request): 1 object still allocated; the cache is kept [cache-not-empty]
#include <kalloc/kalloc.h>

using namespace kalloc;

struct Request {
  int Id;
};

CacheBox<Request> make_request() {
  KmemCache<Request> Cache("request");
  return Cache.alloc(Request{1}, GFP_KERNEL);
}

int main() {
  CacheBox<Request> R = make_request();
  return R ? 0 : 1;
}
