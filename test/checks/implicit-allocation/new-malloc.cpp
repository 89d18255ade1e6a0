// Flag-disciplined code: new, new[], ::operator new and the C allocators
// allocate without being told how; placement new does not allocate.
// RUN: %check_allocflags %s allocflags-implicit-allocation %t -- -std=c++20 -I%kalloc_inc
#include <cstdlib>
#include <cstring>
#include <new>
#include <kalloc/annotations.h>

struct Node {
  int V;
};

namespace ALLOCFLAGS_DISCIPLINED drv {

Node *make() {
  return new Node{1};
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'new' allocates without gfp flags in flag-disciplined 'drv::make' [allocflags-implicit-allocation]
}

int *array(int N) {
  return new int[N];
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'new[]' allocates without gfp flags in flag-disciplined 'drv::array' [allocflags-implicit-allocation]
}

void *raw(std::size_t N) {
  void *P = ::operator new(N);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'operator new' allocates without gfp flags in flag-disciplined 'drv::raw' [allocflags-implicit-allocation]
  return P;
}

char *c(const char *S, std::size_t N) {
  void *P = malloc(N);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'malloc' allocates without gfp flags in flag-disciplined 'drv::c' [allocflags-implicit-allocation]
  free(P);
  return strdup(S);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'strdup' allocates without gfp flags in flag-disciplined 'drv::c' [allocflags-implicit-allocation]
}

// Negative: placement new constructs in memory that was allocated elsewhere.
Node *emplace(void *Storage) { return new (Storage) Node{2}; }

} // namespace drv

// A function marked on its own, and the same code unmarked (silent).
ALLOCFLAGS_DISCIPLINED Node *marked() {
  return new Node{3};
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'new' allocates without gfp flags in flag-disciplined 'marked' [allocflags-implicit-allocation]
}

Node *unmarked() { return new Node{4}; }
void *unmarked_malloc() { return malloc(16); }
